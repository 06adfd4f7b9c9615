/**
 * Window records, panes and results: the plain data a window operator keeps and emits.
 *
 * A key's state is the list of its open windows (`WindowRecord[]`), stored in a `KeyedState`.
 * Everything in a record is plain data (numbers, booleans, the accumulator, the trigger state), so
 * the state can be snapshotted and restored; the operator's pending timers are derived from it
 * (`end - 1` while not `past`, `end - 1 + allowedLateness` for the cleanup, `due` for processing
 * time, `hold` for a capability kept for a pane to come).
 */
import type { TriggerState } from "./trigger-state.js";

/**
 * When a pane fired relative to the watermark (Beam's timings; UNKNOWN is for values whose pane is
 * not known, which this runtime's windows never send).
 */
export type PaneTiming = "EARLY" | "ON_TIME" | "LATE" | "UNKNOWN";

/** What a pane is, among the panes of its window. */
export interface PaneInfo {
  /** EARLY (watermark before the end), ON_TIME (first pane once it passed), LATE (after that). */
  readonly timing: PaneTiming;
  /** Index among the panes of the window, from 0. */
  readonly index: number;
  /** Index among the panes that are not EARLY (Beam's `nonSpeculativeIndex`): 0 for the on-time pane; -1 for EARLY panes. */
  readonly onTimeIndex: number;
  /** True for the first pane of the window. */
  readonly isFirst: boolean;
  /**
   * True when the window emits no more panes: it is dropped with this pane (no allowed lateness left,
   * or its final pane), or its trigger finished. Known when the pane is made, so the same in every
   * schedule; with allowed lateness, an on-time pane that no late element follows is not marked.
   */
  readonly isLast: boolean;
}

/** One pane of one window: what windowed aggregations emit. */
export interface WindowResult<K, V> {
  /** The key (undefined for `windowAll`). */
  readonly key: K;
  /** The window's first time. */
  readonly start: number;
  /** The window's end (first time after it). */
  readonly end: number;
  /** The aggregated value of the pane. */
  readonly value: V;
  /** Which pane this is. */
  readonly pane: PaneInfo;
  /**
   * The pane's event timestamp, by the window's `timestamp` option: `end - 1` (default, Beam's
   * END_OF_WINDOW; the global window: the time the pane is sent at), or the earliest / latest event
   * time among the elements added since the previous pane. Apart from the logical time it is sent at.
   */
  readonly timestamp: number;
  /**
   * Only in `accumulation: "retracting"`: true on a result that takes back a pane sent earlier (the
   * same window, value and pane info), sent right before the pane that replaces it, or when its
   * session merged into another.
   */
  readonly retraction?: true;
}

/** One open window of one key (plain data). */
export interface WindowRecord {
  /** First time inside. */
  start: number;
  /** First time after (`+Infinity` for the global window). */
  end: number;
  /** The aggregation's accumulator (undefined once the window closed). */
  acc: unknown;
  /** Elements added since the last pane. */
  pending: number;
  /** Index of the next pane. */
  index: number;
  /** The watermark has passed `end - 1`. */
  past: boolean;
  /** A pane that was not EARLY has been emitted. */
  nonEarly: boolean;
  /** How many panes that were not EARLY have been emitted (the next `onTimeIndex`; missing in older checkpoints). */
  nonEarlyPanes?: number;
  /** The trigger finished: no more panes; elements for this window count as dropped. */
  closed: boolean;
  /** The trigger's state (undefined until first changed: the trigger's initial state). */
  trigger: TriggerState | undefined;
  /** Processing time at which the trigger may fire by a delay (undefined: none). */
  due: number | undefined;
  /** Logical time of a capability kept for a pane to come (processing-time and final panes), if any. */
  hold: number | undefined;
  /** Only in `accumulation: "retracting"`: the value, pane info and timestamp of the last pane sent, to retract. */
  emitted?: { readonly value: unknown; readonly pane: PaneInfo; readonly timestamp?: number };
  /** With the `earliest` / `latest` timestamp option: the least and greatest event time added since the last pane. */
  minTs?: number;
  maxTs?: number;
}

/** A new window record. */
export function newRecord(start: number, end: number, acc: unknown, trigger: TriggerState | undefined, past: boolean): WindowRecord {
  return { start, end, acc, pending: 0, index: 0, past, nonEarly: false, nonEarlyPanes: 0, closed: false, trigger, due: undefined, hold: undefined };
}

/**
 * The timing of a pane of `rec` emitted at logical time `at`: EARLY before the watermark passed
 * the end; ON_TIME for the first non-early pane when it is not late for its window (`at <= end - 1`);
 * LATE otherwise (Beam's rule).
 */
export function paneTiming(rec: WindowRecord, at: number): PaneTiming {
  if (!rec.past) return "EARLY";
  return !rec.nonEarly && !(at > rec.end - 1) ? "ON_TIME" : "LATE";
}

/** The result of a pane of `rec` for `key` with `value` and event timestamp `timestamp`; advances the record's pane indexes. */
export function paneResult<K, V>(key: K, rec: WindowRecord, value: V, timing: PaneTiming, isLast: boolean, timestamp: number): WindowResult<K, V> {
  const index = rec.index++;
  let onTimeIndex = -1;
  if (timing !== "EARLY") {
    onTimeIndex = rec.nonEarlyPanes ?? (rec.nonEarly ? 1 : 0);
    rec.nonEarlyPanes = onTimeIndex + 1;
    rec.nonEarly = true;
  }
  rec.pending = 0;
  rec.minTs = rec.maxTs = undefined;
  return unboundedOr(key, rec.start, rec.end, value, paneInfo(timing, index, onTimeIndex, isLast), timestamp);
}

/** The retraction of the last pane `rec` sent (see `WindowResult.retraction`), for `key`. */
export function retractionOf<K>(key: K, rec: WindowRecord): WindowResult<K, unknown> {
  const { value, pane, timestamp } = rec.emitted!;
  const r = unboundedOr(key, rec.start, rec.end, value, pane, timestamp ?? rec.end - 1) as { retraction?: true };
  r.retraction = true;
  return r as WindowResult<K, unknown>;
}

/** A result for window `[start, end)` (one that prints unbounded ends as `-inf` / `+inf` when the window has them). */
function unboundedOr<K, V>(key: K, start: number, end: number, value: V, pane: PaneInfo, timestamp: number): WindowResult<K, V> {
  if (end === Infinity || start === -Infinity) return unboundedResult(key, start, end, value, pane, timestamp);
  return { key, start, end, value, pane, timestamp };
}

/** How a window bound prints: the number, or `-inf` / `+inf` for the unbounded ends of the global window. */
export function boundText(x: number): string {
  return x === Infinity ? "+inf" : x === -Infinity ? "-inf" : String(x);
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");
/** A word that inspect prints as it is (no quotes). */
const bare = (text: string): object => ({ [INSPECT]: () => text });

/**
 * Results of unbounded (global) windows: `start` and `end` stay numbers (`-Infinity`, `Infinity`),
 * print as `-inf` / `+inf`, and become the strings "-inf" / "+inf" in JSON (where ±Infinity would be null).
 */
const UNBOUNDED = {
  toJSON(this: WindowResult<unknown, unknown>): unknown {
    return { ...this, start: boundJSON(this.start), end: boundJSON(this.end) };
  },
  [INSPECT](this: WindowResult<unknown, unknown>, _depth: number, options: object, inspect: (v: unknown, o: object) => string): string {
    return inspect({ ...this, start: Number.isFinite(this.start) ? this.start : bare(boundText(this.start)), end: Number.isFinite(this.end) ? this.end : bare(boundText(this.end)) }, options);
  },
};
Object.defineProperties(UNBOUNDED, { toJSON: { enumerable: false }, [INSPECT]: { enumerable: false } });

const boundJSON = (x: number): number | string => (Number.isFinite(x) ? x : boundText(x));

function unboundedResult<K, V>(key: K, start: number, end: number, value: V, pane: PaneInfo, timestamp: number): WindowResult<K, V> {
  const r = Object.create(UNBOUNDED) as { key: K; start: number; end: number; value: V; pane: PaneInfo; timestamp: number };
  r.key = key;
  r.start = start;
  r.end = end;
  r.value = value;
  r.pane = pane;
  r.timestamp = timestamp;
  return r;
}

const CACHED = 8;
/** Shared, frozen pane infos for the first panes of a window (most panes), by timing, index, onTimeIndex and isLast. */
const COMMON: Array<PaneInfo | undefined> = [];

/** The pane info for a pane (shared and frozen for the first panes of a window). */
export function paneInfo(timing: PaneTiming, index: number, onTimeIndex: number, isLast: boolean): PaneInfo {
  if (index >= CACHED || onTimeIndex >= CACHED || timing === "UNKNOWN") return { timing, index, onTimeIndex, isFirst: index === 0, isLast };
  const k = (((timing === "EARLY" ? 0 : timing === "ON_TIME" ? 1 : 2) * CACHED + index) * (CACHED + 1) + onTimeIndex + 1) * 2 + (isLast ? 1 : 0);
  return (COMMON[k] ??= Object.freeze({ timing, index, onTimeIndex, isFirst: index === 0, isLast }));
}

/** Removes `list[i]` (without making the array of removed items that `splice` would). */
export function removeAt<T>(list: T[], i: number): void {
  for (let j = i + 1; j < list.length; j++) list[j - 1] = list[j]!;
  list.pop();
}

/** The record of window `[start, end)` in `list`, if open. */
export function findRecord(list: readonly WindowRecord[], start: number, end: number): WindowRecord | undefined {
  for (let i = 0; i < list.length; i++) {
    const r = list[i]!;
    if (r.start === start && r.end === end) return r;
  }
  return undefined;
}
