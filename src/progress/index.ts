/** Progress tracking: pointstamps, path summaries and the frontier of every location. */
export { ProgressTracker } from "./tracker.js";
export { reach, findStallingCycle, insertSummary } from "./reachability.js";
export type { Reach } from "./reachability.js";
export { WILDCARD } from "./topology.js";
export type { Step, Topology } from "./topology.js";
