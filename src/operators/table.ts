/**
 * `toTable(key)`: a keyed table sink — the latest item of each key, kept as the node's keyed state.
 * In a checkpointed run that state is written to the store with every checkpoint (in the namespace
 * of the node's name), so the table's committed rows are exactly those of the items the
 * checkpoint covers: a replay after a crash rewrites the same rows and never adds one twice.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { NodeState } from "./node-state.js";

/** Keeps the latest item of each `key(item)`; an item whose key cannot be found goes to the `error` port. */
export function tableLogic<T>(key: (item: T) => unknown, backend?: KeyedState<unknown>): OperatorLogic {
  const state = new NodeState(backend);
  return {
    state: state.store,
    restore: () => state.resume(),
    onData(ctx, _port, time, items) {
      for (const item of items) {
        try {
          state.set(key(item as T), item);
        } catch (e) {
          ctx.fail(time, e, item);
        }
      }
    },
  };
}
