/**
 * Window options: allowed lateness, trigger, accumulation and closing behavior, and the state.
 *
 * Defaults: no allowed lateness; the default trigger (on time, then once per late element);
 * accumulating panes (Flink's behavior; Beam's tests state the mode they use; `retracting` is
 * Beam's accumulating-and-retracting mode: each pane that replaces one is preceded by a retraction
 * of it, see `WindowResult.retraction`); closing
 * `fireIfNonEmpty` (when a window expires, or the input ends for the global window, elements not
 * emitted yet are emitted in a final pane; `fireAlways` emits a final pane even when there are
 * none, Beam's `ClosingBehavior.FIRE_ALWAYS`). Processing-time windows take no lateness or trigger.
 */
import { checkKeyedState, type KeyedState } from "../state/keyed-state.js";
import { MemoryState } from "../state/memory-state.js";
import { checkAssigner, type WindowAssigner } from "./assigners.js";
import type { Aggregation } from "./aggregations.js";
import type { WindowRecord } from "./panes.js";
import { checkTrigger, DEFAULT_TRIGGER, type Trigger } from "./triggers.js";

/** How windows fire and keep their state. */
export interface WindowOptions {
  /** How long (event time) after its end a window still takes late elements (default 0). */
  readonly allowedLateness?: number;
  /** When panes fire (default: on time, then once per late element). */
  readonly trigger?: Trigger;
  /** Whether a pane holds every element so far (`accumulating`, default), only the new ones, or every element with the retraction of the pane it replaces. */
  readonly accumulation?: "accumulating" | "discarding" | "retracting";
  /**
   * A pane's event timestamp (Beam's timestamp combiner): `endOfWindow` (default, `end - 1`),
   * `earliest` or `latest` event time among the elements added since the previous pane.
   */
  readonly timestamp?: "endOfWindow" | "earliest" | "latest";
  /** The final pane when a window expires: `fireIfNonEmpty` (default) or `fireAlways`. */
  readonly closing?: "fireIfNonEmpty" | "fireAlways";
  /** The node's name (default `window`, `window2`, ...). */
  readonly name?: string;
  /** Where window contents live (default: a new `MemoryState`); per key, the list of open windows. */
  readonly state?: KeyedState<WindowRecord[]>;
}

/** Everything a window operator needs, checked. */
export interface WindowConfig<T> {
  /** The key of an item; undefined for `windowAll`. */
  readonly key: ((item: T) => unknown) | undefined;
  /** The window assigner. */
  readonly assigner: WindowAssigner;
  /** Allowed lateness. */
  readonly lateness: number;
  /** The trigger. */
  readonly trigger: Trigger;
  /** True for discarding panes. */
  readonly discarding: boolean;
  /** True for accumulating panes that retract the ones they replace. */
  readonly retracting: boolean;
  /** How a pane's timestamp is chosen. */
  readonly timestamp: "endOfWindow" | "earliest" | "latest";
  /** True for `closing: "fireAlways"`. */
  readonly fireAlways: boolean;
  /** The aggregation. */
  readonly agg: Aggregation<T, unknown, unknown>;
  /** The state. */
  readonly state: KeyedState<WindowRecord[]>;
}

/** Checks the assigner and options of `window(assigner, options)`; throws naming what is wrong. */
export function checkWindowOptions(assigner: unknown, options: WindowOptions | undefined, what: string): [WindowAssigner, WindowOptions] {
  const a = checkAssigner(assigner, what);
  const o = options ?? {};
  if (o === null || typeof o !== "object") throw new TypeError(`${what}: options must be an object, got ${String(o)}`);
  const l = o.allowedLateness;
  if (l !== undefined && (typeof l !== "number" || !Number.isSafeInteger(l) || l < 0)) {
    throw new RangeError(`${what}: allowedLateness must be a non-negative integer (event-time units), got ${String(l)}`);
  }
  if (o.trigger !== undefined) {
    try {
      checkTrigger(o.trigger, `${what}: trigger`);
    } catch (e) {
      // A trigger given as plain data with a bad part: say which window option it was.
      if (e instanceof RangeError) throw new RangeError(`${what}: trigger ${JSON.stringify(o.trigger)}: ${e.message}`);
      throw e;
    }
  }
  const acc = o.accumulation;
  if (acc !== undefined && acc !== "accumulating" && acc !== "discarding" && acc !== "retracting") {
    const both = Array.isArray(acc) ? "; choose one (retracting panes accumulate: discarding and retracting do not go together)" : "";
    throw new TypeError(`${what}: accumulation must be "accumulating", "discarding" or "retracting" (accumulating and retracting), got ${JSON.stringify(acc)}${both}`);
  }
  if (o.timestamp !== undefined && o.timestamp !== "endOfWindow" && o.timestamp !== "earliest" && o.timestamp !== "latest") {
    throw new TypeError(`${what}: timestamp must be "endOfWindow", "earliest" or "latest" (Beam's timestamp combiners), got ${JSON.stringify(o.timestamp)}`);
  }
  if (o.closing !== undefined && o.closing !== "fireIfNonEmpty" && o.closing !== "fireAlways") {
    throw new TypeError(`${what}: closing must be "fireIfNonEmpty" or "fireAlways", got ${JSON.stringify(o.closing)}`);
  }
  if (a.kind === "tumbling" && a.domain === "processing" && ((l ?? 0) !== 0 || o.trigger !== undefined)) {
    throw new TypeError(`${what}: processing-time windows fire when the run's clock reaches their end; they take no allowedLateness or trigger`);
  }
  if (o.state !== undefined) checkKeyedState(o.state, what);
  return [a, o];
}

/** The configuration of a window operator. */
export function windowConfig<T>(key: ((item: T) => unknown) | undefined, assigner: WindowAssigner, o: WindowOptions, agg: Aggregation<T, unknown, unknown>): WindowConfig<T> {
  if (assigner.kind === "session" && agg.merge === undefined) {
    throw new TypeError(`${agg.name}(): session windows merge, so the aggregation needs merge(a, b)`);
  }
  return {
    key,
    assigner,
    lateness: o.allowedLateness ?? 0,
    trigger: o.trigger ?? DEFAULT_TRIGGER,
    discarding: o.accumulation === "discarding",
    retracting: o.accumulation === "retracting",
    timestamp: o.timestamp ?? "endOfWindow",
    fireAlways: o.closing === "fireAlways",
    agg,
    state: o.state ?? new MemoryState<WindowRecord[]>(),
  };
}
