/**
 * The live model behind the panels: it listens to the session's observer (coalesced notices, at
 * most one per event-loop turn) and turns them into frames at most `fps` times a second, each a
 * snapshot plus the rate of items entering the graph. While a graph runs, a slow tick keeps the
 * chart's time axis and the rate moving even when nothing changes.
 *
 * Frames are paced by what they cost: a frame (making it, and Ink drawing it) may take at most
 * 1/`budget` of the time between frames, so a slow terminal or a big graph lowers the frame rate
 * instead of taking CPU from the graph. Frames also give way to typing: none is made within a few
 * milliseconds of a keystroke, so the prompt's echo is drawn first.
 */
import type { Snapshot } from "streamweave";
import type { Session } from "./session.js";

/** What the panels draw. */
export interface Frame {
  /** Increases with every frame. */
  readonly seq: number;
  /** The current graph's picture (undefined: no graph). */
  readonly snapshot: Snapshot | undefined;
  /** Items per second entering the graph (through its inputs), over the last second or so. */
  readonly rate: number;
}

/** Cost accounting, for the benchmark. */
export interface LiveMetrics {
  /** Frames made. */
  frames: number;
  /** Milliseconds spent making them (snapshots and listeners, which render). */
  ms: number;
}

/** Frames of the session's current graph, throttled. */
export class Live {
  /** Cost so far. */
  readonly metrics: LiveMetrics = { frames: 0, ms: 0 };
  private current: Frame = { seq: 0, snapshot: undefined, rate: 0 };
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private tick: ReturnType<typeof setInterval> | undefined;
  private last = 0;
  private unsubscribe: (() => void) | undefined;
  private readonly samples: Array<{ at: number; items: number }> = [];
  private readonly stopGraph: () => void;
  private makeCost = 0; // recent cost of making a frame (ms)
  private drawCost = 0; // recent cost of drawing one (ms)
  private quietUntil = 0;

  /** Frames of `session`'s current graph, at most `fps` per second, each costing at most 1/`budget` of the time between frames. */
  constructor(
    private readonly session: Session,
    private readonly fps = 30,
    private readonly budget = 30,
  ) {
    this.stopGraph = session.onGraph(() => this.attach());
    this.attach();
  }

  /** The latest frame. */
  readonly frame = (): Frame => this.current;

  /** Calls `fn` after every new frame; returns a function that stops it. */
  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Reports what drawing a frame cost (ms): later frames are paced by it. */
  drawn(ms: number): void {
    this.drawCost = this.drawCost * 0.8 + ms * 0.2;
  }

  /** Reports a keystroke: the next frame waits a little, so the echo is drawn first. */
  typing(): void {
    this.quietUntil = performance.now() + 20;
  }

  /** Makes a frame soon (within the frame budget). */
  request(): void {
    if (this.timer !== undefined) return;
    const now = performance.now();
    const interval = Math.max(1000 / this.fps, (this.makeCost + this.drawCost) * this.budget);
    const wait = Math.max(0, this.last + interval - now, this.quietUntil - now);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.make();
    }, wait);
  }

  /** Stops listening and ticking. */
  close(): void {
    this.unsubscribe?.();
    this.stopGraph();
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.tick !== undefined) clearInterval(this.tick);
    this.timer = this.tick = undefined;
    this.listeners.clear();
  }

  private attach(): void {
    this.unsubscribe?.();
    this.samples.length = 0;
    this.unsubscribe = this.session.observer?.subscribe(() => this.request());
    this.request();
  }

  private make(): void {
    const t0 = performance.now();
    this.last = t0;
    const snapshot = this.session.snapshot();
    this.current = { seq: this.current.seq + 1, snapshot, rate: this.rate(snapshot, t0) };
    for (const fn of this.listeners) fn();
    const running = snapshot?.status === "running";
    if (running && this.tick === undefined) {
      this.tick = setInterval(() => this.request(), 500);
      this.tick.unref();
    } else if (!running && this.tick !== undefined) {
      clearInterval(this.tick);
      this.tick = undefined;
    }
    const ms = performance.now() - t0;
    this.makeCost = this.makeCost * 0.8 + ms * 0.2;
    this.metrics.frames++;
    this.metrics.ms += ms;
  }

  /** Items per second through the inputs over about the last second. */
  private rate(s: Snapshot | undefined, now: number): number {
    if (s === undefined) return 0;
    let items = 0;
    for (const n of s.nodes) if (n.kind === "input") items += n.stats.itemsOut;
    this.samples.push({ at: now, items });
    while (this.samples.length > 2 && now - this.samples[1]!.at >= 1000) this.samples.shift();
    const first = this.samples[0]!;
    const dt = now - first.at;
    if (s.status !== "running") return 0;
    return dt < 50 ? 0 : ((items - first.items) * 1000) / dt;
  }
}
