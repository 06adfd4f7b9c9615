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

/** When a pane fired relative to the watermark. */
export type PaneTiming = "EARLY" | "ON_TIME" | "LATE";

/** What a pane is, among the panes of its window. */
export interface PaneInfo {
  /** EARLY (watermark before the end), ON_TIME (first pane once it passed), LATE (after that). */
  readonly timing: PaneTiming;
  /** Index among the panes of the window, from 0. */
  readonly index: number;
  /** True for the first pane of the window. */
  readonly isFirst: boolean;
  /** True when the window will emit no more panes. */
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
  /** The trigger finished: no more panes; elements for this window count as dropped. */
  closed: boolean;
  /** The trigger's state (undefined until first changed: the trigger's initial state). */
  trigger: TriggerState | undefined;
  /** Processing time at which the trigger may fire by a delay (undefined: none). */
  due: number | undefined;
  /** Logical time of a capability kept for a pane to come (processing-time and final panes), if any. */
  hold: number | undefined;
}

/** A new window record. */
export function newRecord(start: number, end: number, acc: unknown, trigger: TriggerState | undefined, past: boolean): WindowRecord {
  return { start, end, acc, pending: 0, index: 0, past, nonEarly: false, closed: false, trigger, due: undefined, hold: undefined };
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

/** The result of a pane of `rec` for `key` with `value`; advances the record's pane index. */
export function paneResult<K, V>(key: K, rec: WindowRecord, value: V, timing: PaneTiming, isLast: boolean): WindowResult<K, V> {
  const index = rec.index++;
  if (timing !== "EARLY") rec.nonEarly = true;
  rec.pending = 0;
  return { key, start: rec.start, end: rec.end, value, pane: paneInfo(timing, index, isLast) };
}

const TIMINGS: readonly PaneTiming[] = ["EARLY", "ON_TIME", "LATE"];
/** Shared, frozen pane infos for the first panes of a window (most panes): [timing][index][isLast]. */
const COMMON: ReadonlyArray<ReadonlyArray<readonly [PaneInfo, PaneInfo]>> = TIMINGS.map((timing) =>
  Array.from({ length: 8 }, (_, index) => [false, true].map((isLast) => Object.freeze({ timing, index, isFirst: index === 0, isLast })) as unknown as readonly [PaneInfo, PaneInfo]),
);

/** The pane info for a pane (shared and frozen for the first panes of a window). */
export function paneInfo(timing: PaneTiming, index: number, isLast: boolean): PaneInfo {
  if (index < 8) return COMMON[timing === "EARLY" ? 0 : timing === "ON_TIME" ? 1 : 2]![index]![isLast ? 1 : 0];
  return { timing, index, isFirst: index === 0, isLast };
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
