/** Graphs, streams, inputs, subgraphs and executions: the API users build with (and `runScript`, which plays a script on them). */
export { Graph } from "./graph.js";
export type { GraphOptions, GraphRunOptions, InputOptions } from "./graph.js";
export { Stream, KeyedStream, Collection, WindowedStream, WindowResults } from "./stream.js";
export type { Aggregated, JoinOptions, JoinResult, MapAsyncOptions } from "./stream.js";
export { InputHandle } from "./input-handle.js";
export { Execution } from "./execution.js";
export { settle } from "./settle.js";
export type { StepOptions } from "./execution.js";
export { NodeHandle } from "./node-handle.js";
export { Scope, Subgraph, SubgraphHandle } from "./scope.js";
export type { NodeOptions, PortMappings } from "./scope.js";
export type { OpOptions, StateOptions } from "./build.js";
export { toMermaid, parseMermaid, MermaidDiagram } from "./mermaid.js";
export type { MermaidFactory, MermaidImpl, MermaidNode, MermaidGraph } from "./mermaid.js";
export { runScript } from "./play.js";
export type { RunScriptOptions } from "./play.js";
export type { SourceOptions } from "./ops/connectors.js";
