/**
 * Clocked operators (`reclock`, `sample`): data on input 0, a clock on input 1. The data is kept
 * per logical time (in the node's keyed state, under `["d", time]`, holding no capability); every
 * time the clock has an item at is a tick, kept with a capability. Once both inputs' frontiers
 * have passed a tick `c` (all data at times `<= c` is in), the ticks are handled earliest first:
 * the data kept at times `<= c` is handed over in time order and forgotten, and whatever the
 * operator emits goes out at `c`. This is Timely's `reclock`.
 */
import { compareTimes, lessEqual, timeKey, type Time } from "../time/order.js";
import { timeFromPlain, timeToPlain } from "../time/plain-time.js";
import type { KeyedState } from "../state/keyed-state.js";
import type { LogicContext, OperatorLogic } from "../runtime/logic.js";
import { NodeState } from "./node-state.js";
import { TimeStash } from "./stash.js";

/** The data kept at one time. */
export interface Kept {
  /** Its time. */
  readonly time: Time;
  /** The items (only the latest one when the operator keeps just that). */
  readonly items: unknown[];
}

/** What a clocked operator does at each tick. */
export interface Clocked {
  /** Keep only the latest item of each time (`sample`) rather than all of them (`reclock`). */
  readonly latestOnly: boolean;
  /** Handles tick `tick` given the data at times `<= tick`, in time order; `emit` sends at `tick`. */
  tick(state: NodeState, kept: readonly Kept[], emit: (items: unknown[]) => void): void;
}

/** Runs `op` over data (input 0) and its clock (input 1). */
export function clockedLogic(op: Clocked, backend?: KeyedState<unknown>): OperatorLogic {
  const state = new NodeState(backend);
  const ticks = new TimeStash<true>();
  const passed = (ctx: LogicContext, t: Time): boolean => !ctx.frontier(0).lessEqual(t) && !ctx.frontier(1).lessEqual(t);
  const upTo = (tick: Time): Kept[] => {
    const due: Kept[] = [];
    for (const e of state.entries()) {
      if (Array.isArray(e.key) && e.key[0] === "d" && lessEqual((e.value as Kept).time, tick)) due.push(e.value as Kept);
    }
    due.sort((a, b) => compareTimes(a.time, b.time));
    for (const k of due) state.delete(["d", timeKey(k.time)]);
    return due;
  };
  return {
    state: state.store,
    onData(ctx, port, time, items) {
      if (port === 1) {
        ticks.at(ctx, time, () => true);
        return;
      }
      const key = ["d", timeKey(time)];
      const kept = state.get<Kept>(key);
      if (op.latestOnly) state.set(key, { time, items: items.slice(-1) });
      else if (kept === undefined) state.set(key, { time, items: items.slice() });
      else state.set(key, { time, items: kept.items.concat(items) });
    },
    snapshot: () => ticks.times().map(timeToPlain),
    restore(ctx, data) {
      if (!Array.isArray(data)) throw new TypeError(`node "${ctx.name}": a checkpoint of a clocked operator must list its ticks, got ${JSON.stringify(data)}`);
      state.resume();
      for (const t of data) ticks.restoreSlot(ctx, timeFromPlain(t), true);
    },
    onFrontier(ctx) {
      ticks.ready((t) => passed(ctx, t), (tick) => op.tick(state, upTo(tick), (items) => ctx.emit(0, tick, items)));
    },
  };
}
