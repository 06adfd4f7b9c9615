/**
 * StreamWeave: an in-process dataflow runtime with logical time and Timely-style progress tracking.
 *
 * ```ts
 * const g = new Graph("clicks");
 * const clicks = g.input<{ user: string }>("clicks");
 * const out = clicks.map((c) => c.user).capture();
 * const exec = g.run();
 * await clicks.send({ user: "ada" });
 * clicks.close();
 * await exec.done;
 * ```
 */
export * from "./time/index.js";
export * from "./graph/index.js";
export * from "./runtime/index.js";
export * from "./operators/index.js";
export * from "./state/index.js";
export * from "./observe/index.js";
export * from "./eventtime/index.js";
export * from "./differential/index.js";
export * from "./script/index.js";
export * from "./determinism/index.js";
export { ProgressTracker, WILDCARD } from "./progress/index.js";
export type { Topology, Step } from "./progress/index.js";
export * from "./connectors/index.js";
