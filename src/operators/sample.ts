/**
 * `sample(sampler)`: at every time `c` at which the sampler stream has an item, the latest item of
 * the data stream at a time `<= c` (latest in logical-time order, then in arrival order), once
 * both frontiers have passed `c` (see `clocked.ts`). Unlike RxJS's `sample`, a tick emits the
 * latest item even when it was already emitted at an earlier tick; before any data, a tick emits
 * nothing.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { clockedLogic } from "./clocked.js";

/** The latest data item (input 0) at each tick of the sampler (input 1). */
export function sampleLogic(backend?: KeyedState<unknown>): OperatorLogic {
  return clockedLogic({
    latestOnly: true,
    tick(state, kept, emit) {
      const newest = kept[kept.length - 1];
      if (newest !== undefined) state.set("latest", { item: newest.items[0] });
      const latest = state.get<{ item: unknown }>("latest");
      if (latest !== undefined) emit([latest.item]);
    },
  }, backend);
}
