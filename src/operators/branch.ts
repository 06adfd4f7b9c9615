/** `branch(p)`: items for which `p(item)` is truthy go to output 0 (`true`), the others to output 1 (`false`). */
import type { OperatorLogic } from "../runtime/logic.js";
import { partitionLogic } from "./partition.js";

/** Splits by a predicate; an item whose call throws goes to the `error` port. */
export function branchLogic<T>(p: (item: T) => unknown): OperatorLogic {
  return partitionLogic(2, (item) => (p(item as T) ? 0 : 1), "branch(p)");
}
