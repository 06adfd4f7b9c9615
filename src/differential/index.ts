/**
 * Differential collections: collections that change over time as updates `(data, time, diff)`,
 * whose contents at `t` are the sums of the diffs at times `<= t` (after Differential Dataflow),
 * and the operators that consume and produce such updates, retractions included. Here are the
 * runtime logic of `count` and `distinct`; joins, arrangements and iteration belong here as they
 * come. The user-facing handle, `Collection`, is in src/graph.
 */
export { differentialLogic } from "./differential.js";
export type { Update } from "./differential.js";
export { diffCountLogic } from "./count.js";
export { diffDistinctLogic } from "./distinct.js";
