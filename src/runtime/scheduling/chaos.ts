/**
 * Chaos: a seeded, randomized scheduler for concurrent and logical-time runs — a testing aid.
 *
 * `g.run({ chaos: seed })` makes the run take random decisions wherever the concurrent drivers
 * have a choice, from one seeded generator: tasks pause for a random number of microtasks or an
 * event-loop turn when they wake and between events (so nodes resume in a random order), a port
 * reads its edges and a node its ports starting at a random one, senders hand batches directly to
 * an idle operator only at random (per-item operators never fuse), every edge queue gets a random
 * capacity (from 1 to the graph's), and the event loop is handed a turn at random rather than by
 * elapsed time. Nothing in it reads a clock, so the same seed gives the same schedule for the same
 * program (node code that reads clocks or random numbers aside): a failure found with one seed
 * can be replayed with it. `checkDeterminism` runs graphs this way.
 */
import { GraphError } from "../failure.js";
import { Yielder } from "./yielder.js";

/** How a chaotic run is set up. */
export interface ChaosOptions {
  /** The seed: the same seed, the same schedule. */
  readonly seed: number;
  /** Probability that a task pauses where it could (default 0.4). */
  readonly pause?: number;
  /** Probability that a sender may hand a batch directly to an idle operator (default 0.5). */
  readonly direct?: number;
  /** Whether edge-queue capacities are randomized (default true). */
  readonly capacities?: boolean;
}

/** A seeded pseudo-random generator (mulberry32): numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RESOLVED = Promise.resolve();

/** The random decisions of one chaotic run. */
export class Chaos {
  /** The generator every decision draws from. */
  readonly random: () => number;
  private readonly pauseP: number;
  private readonly directP: number;
  private readonly capacities: boolean;

  /** Chaos from `options` (a seed, or options with one). */
  constructor(readonly options: ChaosOptions) {
    this.random = seededRandom(options.seed);
    this.pauseP = options.pause ?? 0.4;
    this.directP = options.direct ?? 0.5;
    this.capacities = options.capacities ?? true;
  }

  /** A pause to await at a scheduling point (undefined: go on now): a few microtasks, or an event-loop turn. */
  pause(): Promise<void> | undefined {
    if (this.random() >= this.pauseP) return undefined;
    const r = this.random();
    if (r < 0.3) return new Promise((resolve) => setImmediate(resolve));
    let p = RESOLVED;
    for (let k = Math.floor(r * 6); k > 0; k--) p = p.then(() => undefined);
    return p;
  }

  /** Whether a sender may hand the next batch directly. */
  direct(): boolean {
    return this.random() < this.directP;
  }

  /** A random index in [0, n). */
  pick(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** An edge-queue capacity in [1, max]. */
  capacity(max: number): number {
    return this.capacities ? 1 + Math.floor(this.random() * max) : max;
  }
}

/** A yielder that hands the event loop a turn at random (never by elapsed time). */
export class ChaosYielder extends Yielder {
  /** A yielder drawing from `chaos`. */
  constructor(private readonly chaos: Chaos) {
    super();
  }

  override check(): Promise<void> | undefined {
    return this.chaos.random() < 0.05 ? this.turn() : undefined;
  }
}

/** Chaos options from what `run({ chaos })` was given (a seed, or options), or a GraphError saying what is wrong. */
export function chaosOptions(v: unknown): ChaosOptions {
  if (typeof v === "number" && Number.isSafeInteger(v)) return { seed: v };
  if (v !== null && typeof v === "object" && Number.isSafeInteger((v as ChaosOptions).seed)) return v as ChaosOptions;
  throw new GraphError(`run({ chaos }): chaos must be an integer seed or { seed, pause?, direct?, capacities? }, got ${JSON.stringify(v) ?? String(v)}`);
}
