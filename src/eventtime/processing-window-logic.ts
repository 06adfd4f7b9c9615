/**
 * Processing-time tumbling windows: items go to the window of the run's clock when they arrive,
 * and a window fires (one ON_TIME pane, the last) when the clock reaches its `end - 1`, as
 * Flink's processing-time trigger does, or when the input ends.
 *
 * A window holds a capability at the earliest logical time of its items and sends its pane there
 * (processing time says nothing about logical time). Results depend on the clock: with a
 * `ManualClock` moved at quiet points they are exact and repeatable.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { Antichain } from "../time/antichain.js";
import { formatTime, type Time } from "../time/order.js";
import type { LogicContext, OperatorLogic, RestoreContext } from "../runtime/logic.js";
import { windowStart } from "./assigners.js";
import { CapabilityPool } from "../operators/capability-pool.js";
import { DueIndex } from "./due-index.js";
import { Outbox } from "./outbox.js";
import { findRecord, newRecord, paneResult, removeAt, type WindowRecord } from "./panes.js";
import type { WindowConfig } from "./window-options.js";
import { WindowStore } from "./window-store.js";

/** The logic of a processing-time window node (outputs: 0 results, 1 late elements, never used). */
export class ProcessingWindowLogic implements OperatorLogic {
  /** The window contents (what views show and checkpoints save). */
  get state(): KeyedState<unknown> {
    return this.cfg.state as KeyedState<unknown>;
  }

  /** The open windows. */
  readonly store: WindowStore;
  private readonly holds = new CapabilityPool();
  private readonly dues = new DueIndex();
  private readonly out = new Outbox();
  private readonly size: number;
  private readonly offset: number;

  /** A processing-time window operator configured by `cfg` (a tumbling processing-time assigner). */
  constructor(private readonly cfg: WindowConfig<unknown>) {
    this.store = new WindowStore(cfg.state);
    const a = cfg.assigner;
    if (a.kind !== "tumbling") throw new TypeError(`processing-time windows are tumbling, got ${a.kind}`);
    this.size = a.size;
    this.offset = a.offset;
  }

  /** Checkpoints: the holds and the deadlines (the windows are in the state). */
  snapshot(): { readonly holds: Array<[unknown, number]>; readonly dues: Array<[number, unknown[]]> } {
    return { holds: this.holds.snapshot(), dues: this.dues.snapshot() };
  }

  /** Recovery: the windows are in the restored state; holds and deadline timers come back from `data`. */
  restore(ctx: RestoreContext, data: unknown): void {
    const d = data as { holds?: unknown; dues?: unknown } | null;
    if (d === null || typeof d !== "object" || !Array.isArray(d.holds) || !Array.isArray(d.dues)) {
      throw new TypeError(`node "${ctx.name}": a checkpoint of a processing-time window operator must be { holds, dues }, got ${JSON.stringify(data)}`);
    }
    this.store.reload();
    this.holds.restore(ctx, d.holds as Array<[unknown, number]>);
    this.dues.restore(ctx, d.dues as Array<[number, unknown[]]>);
  }

  onData(ctx: LogicContext, _port: number, time: Time, items: unknown[]): void {
    if (typeof time !== "number") throw new TypeError(`windows need integer times; node "${ctx.name}" got a batch at ${formatTime(time)}`);
    const start = windowStart(ctx.clock.now(), this.offset, this.size);
    const end = start + this.size;
    const agg = this.cfg.agg;
    for (const item of items) {
      try {
        const key = this.cfg.key === undefined ? undefined : this.cfg.key(item);
        this.store.touch(key);
        const list = this.store.get(key);
        let rec = list === undefined ? undefined : findRecord(list, start, end);
        if (rec === undefined) {
          rec = newRecord(start, end, agg.create(), undefined, false);
          if (list === undefined) this.store.create(key, rec);
          else list.push(rec);
          this.dues.schedule(ctx, end - 1, key);
        }
        rec.acc = agg.add(rec.acc, item);
        rec.pending++;
        if (rec.hold === undefined || time < rec.hold) {
          this.holds.acquire(ctx, time);
          if (rec.hold !== undefined) this.holds.release(rec.hold);
          rec.hold = time;
        }
      } catch (e) {
        ctx.fail(time, e, item);
      }
    }
    this.holds.sweep();
  }

  onTimer(ctx: LogicContext, tag: unknown): void {
    const now = ctx.clock.now();
    for (const key of this.dues.take(tag)) this.fireDue(key, this.store.get(key), now);
    this.send(ctx);
  }

  onFrontier(ctx: LogicContext, _port: number, frontier: Antichain): void {
    if (!frontier.isEmpty) return;
    for (const [key, list] of this.store.entries()) this.fireDue(key, list, Infinity);
    this.send(ctx);
  }

  /** Fires and removes the windows of `key` whose end - 1 is at or before `now`. */
  private fireDue(key: unknown, list: WindowRecord[] | undefined, now: number): void {
    if (list === undefined) return;
    this.store.touch(key);
    const before = list.length;
    for (let i = 0; i < list.length; i++) {
      const rec = list[i]!;
      if (rec.end - 1 > now) continue;
      rec.past = true;
      this.out.add(0, rec.hold!, paneResult(key, rec, this.cfg.agg.result(rec.acc), "ON_TIME", true, rec.end - 1));
      this.holds.release(rec.hold!);
      removeAt(list, i--);
    }
    if (list.length === 0 && before > 0) this.store.remove(key);
  }

  private send(ctx: LogicContext): void {
    this.out.flush(ctx);
    this.holds.sweep();
  }

  toString(): string {
    return `ProcessingWindowLogic(${this.cfg.state.size} keys)`;
  }
}
