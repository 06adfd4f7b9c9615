/**
 * The operator toolkit, the second entry (`streamweave/internals`): everything the public entry
 * has, and the parts it is built from that the kernel, the terminal REPL and the tests use: each
 * operator's logic and folds, the event-time stages and window stores, the dataflow itself, the
 * progress tracker's pieces, the checkers, and the renderers (text, HTML, Jupyter bundles).
 * Programs write with `streamweave`; these names may change between versions.
 */
export * from "./index.js";
export * from "./time/index.js";
export * from "./progress/index.js";
export * from "./state/index.js";
export * from "./runtime/index.js";
export * from "./observe/index.js";
export * from "./operators/index.js";
export * from "./eventtime/index.js";
export * from "./differential/index.js";
export * from "./script/index.js";
export * from "./checkpoint/index.js";
export * from "./connectors/index.js";
export * from "./graph/index.js";
export * from "./determinism/index.js";
