/** Determinism: the checker that runs a graph under randomized scheduling and compares the runs. */
export { checkDeterminism } from "./check.js";
export type { CheckEnv, CheckOptions, Difference, DeterminismReport } from "./check.js";
export { canonical } from "./canonical.js";
