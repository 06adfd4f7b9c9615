/**
 * The event-time stage: re-stamps items with their event time and holds the watermark.
 *
 * Its node has no path summary from input to output (its input's ingestion times do not constrain
 * its output times): the only thing that holds its output frontier is the capability it keeps at
 * the watermark `W = max(0, maxSeen - maxOutOfOrderness)`, never moving back. Items are taken one
 * by one in arrival order: an item whose event time `ts` is at or after the watermark *at its
 * arrival* is on time and is emitted at `ts`; an earlier one is late and is emitted at that
 * watermark time with its own event time kept on the batch (`ctx.emit(0, W, items, ts)`), for
 * windows to judge by their allowed lateness. Then the watermark moves to `ts - B` if that is
 * later. Because lateness is decided per item, results do not depend on how the input was cut
 * into batches. A timestamp that is not a non-negative integer sends the item to the `error`
 * port with the reason. When the input closes, the capability is dropped (the watermark becomes
 * +Infinity). Idle timeout: see `idle-group.ts`.
 */
import type { Antichain } from "../time/antichain.js";
import type { Time } from "../time/order.js";
import type { Capability } from "../runtime/capability.js";
import type { LogicContext, OperatorLogic, RestoreContext } from "../runtime/logic.js";
import type { NodeRuntime } from "../runtime/node.js";
import { ByEventTime } from "./by-event-time.js";
import { WatermarkHold } from "./hold.js";
import type { GroupMember, IdleGroup } from "./idle-group.js";

/** How `stream.eventTime(...)` finds event times and bounds their disorder. */
export interface EventTimeOptions<T> {
  /** The event time of an item: a non-negative integer (usually ms). */
  readonly timestamp: (item: T) => number;
  /** How far behind the largest event time seen an item may be and still be on time (≥ 0). */
  readonly maxOutOfOrderness: number;
  /** Processing time (ms on the run's clock) without input after which this input is idle. */
  readonly idleTimeout?: number;
}

/** Checks `eventTime()` options at build time; throws a TypeError naming the bad option. */
export function checkEventTimeOptions<T>(o: EventTimeOptions<T>): EventTimeOptions<T> {
  if (o === null || typeof o !== "object") throw new TypeError(`eventTime() needs options { timestamp, maxOutOfOrderness }, got ${String(o)}`);
  if (typeof o.timestamp !== "function") throw new TypeError(`eventTime(): timestamp must be a function item => event time, got ${typeof o.timestamp}`);
  const b = o.maxOutOfOrderness;
  if (typeof b !== "number" || !Number.isSafeInteger(b) || b < 0) {
    throw new TypeError(`eventTime(): maxOutOfOrderness must be a non-negative integer (event-time units, e.g. ms), got ${String(b)}${typeof b === "number" && b < 0 ? "; out-of-orderness cannot be negative" : ""}`);
  }
  const idle = o.idleTimeout;
  if (idle !== undefined && (typeof idle !== "number" || !(idle > 0) || !Number.isFinite(idle))) {
    throw new TypeError(`eventTime(): idleTimeout must be a positive number of ms of processing time, got ${String(idle)}`);
  }
  return o;
}

/** Why `ts` is not a usable event time, or undefined when it is. */
export function badTimestamp(ts: unknown): string | undefined {
  if (typeof ts !== "number") return `the timestamp function returned ${describe(ts)}, not a number`;
  if (Number.isNaN(ts)) return "the timestamp function returned NaN";
  if (!Number.isSafeInteger(ts) || ts < 0) return `the timestamp function returned ${ts}, not a non-negative integer`;
  return undefined;
}

function describe(v: unknown): string {
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  if (v === null) return "null";
  if (typeof v === "object") return "an object";
  return String(v);
}

const IDLE_CHECK = Symbol("idle check");

/** The logic of an event-time stage (bounded out-of-orderness, optional idle timeout). */
export class EventTimeStage implements OperatorLogic, GroupMember {
  /** The watermark capability. */
  readonly hold = new WatermarkHold();
  private stageNode: NodeRuntime | undefined;
  private isIdle = false;
  private armed = false;
  private started = false;
  private lastData = 0;
  private readonly ts: (item: unknown) => number;
  private readonly bound: number;
  private readonly idleTimeout: number | undefined;

  /** A stage with (checked) `options`, in `group` with the dataflow's other event-time sources. */
  constructor(options: EventTimeOptions<never>, private readonly group: IdleGroup) {
    this.ts = options.timestamp as (item: unknown) => number;
    this.bound = options.maxOutOfOrderness;
    this.idleTimeout = options.idleTimeout;
  }

  /** The stage's node (after `start`). */
  get node(): NodeRuntime {
    return this.stageNode!;
  }

  /** True while the input is idle. */
  get idle(): boolean {
    return this.isIdle;
  }

  /** Binds the stage to its node and its watermark capability (at the graph's minimum). */
  start(node: NodeRuntime, cap: Capability): void {
    this.stageNode = node;
    this.hold.start(cap);
    this.group.join(this);
  }

  /** Checkpoints: the watermark (+Infinity once released) and whether the input is idle. */
  snapshot(): { readonly watermark: number; readonly idle: boolean } {
    return { watermark: this.hold.time, idle: this.isIdle };
  }

  /** Recovery: moves the watermark capability (held since the stage was wired) to the checkpoint's watermark. */
  restore(ctx: RestoreContext, data: unknown): void {
    const d = data as { watermark?: unknown; idle?: unknown } | null;
    if (d === null || typeof d !== "object" || typeof d.watermark !== "number" || typeof d.idle !== "boolean") {
      throw new TypeError(`node "${ctx.name}": a checkpoint of an event-time stage must be { watermark, idle }, got ${JSON.stringify(data)}`);
    }
    if (d.watermark === Infinity) {
      this.hold.release();
      this.group.leave(this);
      return;
    }
    this.hold.advance(d.watermark);
    this.isIdle = d.idle;
    if (d.idle) this.group.changed();
  }

  onData(ctx: LogicContext, _port: number, _time: Time, items: unknown[]): void {
    const hold = this.hold;
    if (hold.released) return;
    this.activity(ctx);
    let w = hold.time;
    const out = new ByEventTime();
    const bound = this.bound;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      let ts: number;
      try {
        ts = this.ts(item);
      } catch (e) {
        ctx.fail(w, e, item);
        continue;
      }
      const bad = badTimestamp(ts);
      if (bad !== undefined) {
        ctx.fail(w, new TypeError(`eventTime(): ${bad}`), item);
        continue;
      }
      out.add(item, ts, w);
      if (ts - bound > w) w = ts - bound;
    }
    out.flush(ctx);
    if (hold.advance(w)) this.group.changed();
  }

  onFrontier(ctx: LogicContext, _port: number, frontier: Antichain): void {
    if (!this.started) {
      this.started = true;
      this.lastData = ctx.clock.now();
      this.arm(ctx);
    }
    if (frontier.isEmpty && !this.hold.released) {
      this.hold.release();
      this.group.leave(this);
    }
  }

  onTimer(ctx: LogicContext, tag: unknown): void {
    if (tag !== IDLE_CHECK) return;
    this.armed = false;
    if (this.hold.released || this.isIdle) return;
    if (ctx.clock.now() - this.lastData >= this.idleTimeout!) {
      this.isIdle = true;
      this.group.changed();
    } else {
      this.arm(ctx);
    }
  }

  /** Data arrived: the input is active (again), and the idle check runs from now. */
  private activity(ctx: LogicContext): void {
    if (this.idleTimeout === undefined) return;
    this.started = true;
    this.lastData = ctx.clock.now();
    this.isIdle = false;
    this.arm(ctx);
  }

  private arm(ctx: LogicContext): void {
    if (this.idleTimeout === undefined || this.armed) return;
    this.armed = true;
    ctx.setTimer(this.lastData + this.idleTimeout, IDLE_CHECK);
  }

  toString(): string {
    return `EventTimeStage(W=${this.hold.time}${this.isIdle ? ", idle" : ""})`;
  }
}
