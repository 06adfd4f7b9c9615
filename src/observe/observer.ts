/**
 * Observers: watch a graph's run and tell subscribers when its picture changed.
 *
 * An observer keeps what the dataflow itself does not: a bounded log of recent events (sends,
 * frontier moves, capability changes, state changes, failures, status changes), the most recently
 * changed keys of each stateful node, and a timeline of frontiers over processing time.
 * Subscribers get coalesced notices, at most one per event-loop turn however much happened;
 * `snapshot()` reads the whole picture when they want it. A graph nobody observes pays nothing.
 *
 * What a batch costs while someone watches is kept small: the runtime counts items and batches per
 * node itself; here a send only adds to the open log entry of its edge (see `EventLog`), the log's
 * text is written when a snapshot reads it, and the timeline is sampled only on turns in which
 * frontiers moved or the run changed.
 */
import type { Time } from "../time/order.js";
import type { Antichain } from "../time/antichain.js";
import type { Dataflow } from "../runtime/dataflow.js";
import type { Failure } from "../runtime/failure.js";
import type { Monitor } from "../runtime/monitor.js";
import type { StateChange } from "../state/keyed-state.js";
import { attach, detach } from "./hub.js";
import { EventLog } from "./event-log.js";
import type { Snapshot, StateKeyView, TimelinePoint } from "./model.js";
import type { StepRecord } from "../runtime/step-record.js";
import { Ring } from "./ring.js";
import { snapshotOf } from "./snapshot.js";
import { leastOf } from "./views.js";

/** How much an observer remembers. */
export interface ObserverOptions {
  /** Recent events kept (default 200). */
  readonly events?: number;
  /** Recently changed keys kept per stateful node (default 8). */
  readonly stateKeys?: number;
  /** Timeline points kept (default 600). */
  readonly timeline?: number;
  /** Step records kept, in step mode (default 50). */
  readonly steps?: number;
}

/** Watches one dataflow. */
export class Observer implements Monitor {
  private readonly log: EventLog;
  private readonly points: Ring<TimelinePoint>;
  private readonly stepRing: Ring<StepRecord>;
  private readonly recent = new Map<string, Ring<StateKeyView>>();
  private readonly watching = new Map<string, () => void>();
  private readonly listeners = new Set<(o: Observer) => void>();
  private pending: ReturnType<typeof setImmediate> | undefined;
  private closed = false;
  /** Frontiers moved or the run changed since the last timeline sample. */
  private moved = false;
  private readonly stateKeys: number;

  /** Starts observing `df`. */
  constructor(readonly df: Dataflow, options: ObserverOptions = {}) {
    this.log = new EventLog(options.events ?? 200, () => df.clock.now());
    this.points = new Ring(options.timeline ?? 600);
    this.stepRing = new Ring(options.steps ?? 50);
    this.stateKeys = options.stateKeys ?? 8;
    attach(df, this);
    this.watchStates();
    this.sample();
  }

  /** Calls `listener` (at most once per event-loop turn) whenever something changed; returns a function that stops it. */
  subscribe(listener: (o: Observer) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The current picture. */
  snapshot(): Snapshot {
    return snapshotOf(this.df, {
      events: this.log.items(),
      timeline: this.points.items(),
      recentState: (node) => this.recent.get(node)?.items().reverse() ?? [],
      ...(this.df.mode === "step" ? { steps: this.stepRing.items() } : {}),
    });
  }

  /** Stops observing: no more notices, and the run no longer reports to this observer. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    detach(this.df, this);
    for (const stop of this.watching.values()) stop();
    this.watching.clear();
    if (this.pending !== undefined) clearImmediate(this.pending);
    this.pending = undefined;
    this.listeners.clear();
  }

  // ---- Monitor --------------------------------------------------------------------------------

  /** A batch was sent. */
  sent(from: string, to: string, time: Time, count: number): void {
    if (this.closed) return;
    this.log.sent(from, to, time, count);
    this.notify();
  }

  /** Frontiers moved. */
  frontiers(locations: readonly number[]): void {
    if (this.closed) return;
    const df = this.df;
    for (const loc of locations) {
      const x = df.locationOf(loc);
      if (x !== undefined && "id" in x) this.log.frontier(x.id, df.tracker.frontier(loc));
    }
    this.moved = true;
    this.notify();
  }

  /** Capabilities changed. */
  capability(node: string, time: Time, diff: number): void {
    if (this.closed) return;
    this.log.capability(node, time, diff);
    this.notify();
  }

  /** A node failed. */
  failure(_node: string, f: Failure): void {
    if (this.closed) return;
    this.log.failure(f);
    this.notify();
  }

  /** Step mode took a step: it is kept for the snapshot and logged (as a status event). */
  step(record: StepRecord): void {
    if (record.kind === "idle") return;
    this.stepRing.push(record);
    this.status(record.summary);
  }

  /** The run's status or the graph's shape changed. */
  changed(what: string): void {
    if (what === "graph") this.watchStates();
    if (what === "running") this.points.clear();
    this.moved = true;
    this.status(what === "graph" ? `graph changed: ${this.df.nodes.size} nodes` : `run ${what}`);
  }

  // ---- internals ------------------------------------------------------------------------------

  private status(text: string): void {
    if (this.closed) return;
    this.log.status(text);
    this.notify();
  }

  /** Schedules the turn's notice: it seals the log's open entries, samples the timeline if frontiers moved, and tells the listeners. */
  private notify(): void {
    if (this.pending !== undefined) return;
    this.pending = setImmediate(() => {
      this.pending = undefined;
      this.log.seal();
      if (this.moved) {
        this.moved = false;
        this.sample();
      }
      for (const l of this.listeners) l(this);
    });
  }

  /** Watches the keyed state of every stateful node not watched yet. */
  private watchStates(): void {
    for (const [name, stop] of this.watching) {
      if (!this.df.nodes.has(name)) {
        stop();
        this.watching.delete(name);
      }
    }
    for (const node of this.df.nodes.values()) {
      if (this.watching.has(node.name) || node.spec.body.type !== "logic") continue;
      const state = node.spec.body.logic.state;
      if (state?.watch === undefined) continue;
      const ring = new Ring<StateKeyView>(this.stateKeys);
      this.recent.set(node.name, ring);
      this.watching.set(
        node.name,
        state.watch((c: StateChange<unknown>) => {
          if (this.closed) return;
          ring.push(c.deleted ? { key: c.key, version: c.version, deleted: true } : { key: c.key, value: c.value, version: c.version, deleted: false });
          this.log.state(node.name, c);
          this.notify();
        }),
      );
    }
  }

  /** Adds a timeline point: the inputs', the sinks' and the watermark's frontiers now. */
  private sample(): void {
    const df = this.df;
    df.flush();
    let outputs: number | null = null;
    let watermark: number | null = null;
    const least = (a: number | null, f: Antichain): number | null => {
      const b = leastOf(f);
      return a === null ? b : b === null ? a : Math.min(a, b);
    };
    for (const n of df.nodes.values()) {
      if (n.spec.outputs.length === 0) for (const p of n.inputs) outputs = least(outputs, df.tracker.frontier(p.loc));
      if (n.spec.kind === "eventTime") watermark = least(watermark, df.tracker.frontier(n.outputs[0]!.loc));
    }
    const point: TimelinePoint = { at: df.clock.now(), inputs: leastOf(df.rootFrontier()), outputs, watermark };
    const last = this.points.last();
    if (last !== undefined && last.inputs === point.inputs && last.outputs === point.outputs && last.watermark === point.watermark) return;
    this.points.push(point);
  }
}
