/** Which run keeps a state store: whether one of a dataflow's nodes holds its state in a given store. */
import type { Dataflow } from "../runtime/dataflow.js";

/** True when a node of `df` keeps its state in `store` (directly, or as the `store` of its `NodeState`). */
export function ownsStore(df: Dataflow, store: object): boolean {
  for (const node of df.nodes.values()) {
    const body = node.spec.body;
    if (body.type !== "logic") continue;
    const st = body.logic.state as unknown as { store?: unknown } | undefined;
    if (st === store || st?.store === store) return true;
  }
  return false;
}
