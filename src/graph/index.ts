/** Graphs, streams, inputs, subgraphs and executions: the API users build with. */
export { Graph } from "./graph.js";
export type { GraphOptions } from "./graph.js";
export { Stream, KeyedStream, WindowedStream, WindowResults } from "./stream.js";
export { InputHandle } from "./input-handle.js";
export { Execution } from "./execution.js";
export { NodeHandle } from "./node-handle.js";
export { Scope, Subgraph, SubgraphHandle } from "./scope.js";
export type { NodeOptions, PortMappings } from "./scope.js";
export type { OpOptions } from "./build.js";
