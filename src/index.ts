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
 *
 * This entry is what a program writes with: graphs and streams, time and frontiers, event time and
 * windows, state, sources and sinks, observation, scripts and determinism. The operator toolkit
 * (each operator's logic, the stages and stores they are built from, the renderers the UIs use) is
 * the second entry, `streamweave/internals`.
 */

// Graphs and streams: define nodes, connect them, run them.
export { Graph, Stream, KeyedStream, WindowedStream, WindowResults, Collection, NodeHandle, InputHandle, Subgraph, SubgraphHandle, Execution } from "./graph/index.js";
export type { GraphOptions, GraphRunOptions, InputOptions, NodeOptions, OpOptions, StateOptions, StepOptions, JoinOptions, JoinResult, MapAsyncOptions, PortMappings, Aggregated } from "./graph/index.js";
export { Probe, Capture, OutputChannel } from "./operators/index.js";
export type { Aggregator, JoinKind, Joined, KeyValue, Sequence, SequenceOut } from "./operators/index.js";
export { MODES, GraphError, InputClosedError, NodeFailureError, TimeError } from "./runtime/index.js";
export type { Mode, RunOptions, RunResult, RunStatus, StepRun, StepRecord, SendOptions, NodeBody, NodeContext, OutputHandle, OperatorLogic, LogicContext, RestoreContext, Failure } from "./runtime/index.js";

// Time and frontiers: logical times, their order, antichains and path summaries; progress tracking.
export { Antichain, MutableAntichain, Product, ProductSummary, product, compareTimes, lessEqual, lessThan, timeEquals, formatTime } from "./time/index.js";
export type { Time, Timestamp, Summary, PathSummary, TimeView, FrontierView } from "./time/index.js";
export { ProgressTracker, WILDCARD } from "./progress/index.js";
export type { Topology, Step } from "./progress/index.js";

// Event time and windows: timestamps and watermarks, window assigners, triggers, aggregations, test streams.
export { timestamped, Timestamped, beamWatermark, flinkWatermark, frontierOfFlinkWatermark, TestStream, TestStreamPlayer } from "./eventtime/index.js";
export { tumbling, sliding, session, globalWindow, tumblingProcessingTime } from "./eventtime/index.js";
export { onTime, afterCount, afterDelay, afterFirst, afterAll, afterEach, orFinally, never, every, repeatedly, describeTrigger, DEFAULT_TRIGGER } from "./eventtime/index.js";
export { countOf, sumOf, avgOf, minOf, maxOf, reduceOf, collectOf, fromAggregateFunction } from "./eventtime/index.js";
export type { EventTimeOptions, FrontierLike, WindowOptions, WindowAssigner, WindowBounds, WindowRecord, WindowResult, Trigger, PaneInfo, PaneTiming, Aggregation, AggregateFunction, TestStreamStep } from "./eventtime/index.js";

// State, sources and sinks, checkpoints: keyed state in memory or on disk, replayable sources, exactly-once sinks, recovery.
export { MemoryState, SqliteStore, stateKey } from "./state/index.js";
export type { KeyedState, StateKey, StateEntry, StateChange, StateSnapshot, SqliteStoreOptions, StoredCheckpoint, CheckpointProblem } from "./state/index.js";
export { fileSource, fileSink, generatorSource } from "./connectors/index.js";
export type { ReplayableSource, SourceReader, SourceChunk, SourcePosition, FileSourceOptions, TransactionalSink } from "./connectors/index.js";
export { CheckpointError } from "./checkpoint/index.js";
export type { CheckpointOptions, CheckpointInterval, CheckpointInfo, RestoredFrom } from "./checkpoint/index.js";
export type { SourceOptions } from "./graph/index.js";

// Observation: a live, plain-data picture of a graph and its run, and its text and HTML forms.
export { Observer, snapshotText, snapshotHtml } from "./observe/index.js";
export type { ObserverOptions, Snapshot, NodeView, PortView, EdgeView, CapabilityView, StateView, StateKeyView, WaitingItemView, EventView, FailureView, TimelinePoint } from "./observe/index.js";

// Scripts, clocks and determinism: replayable input scripts, Mermaid graphs, test clocks, run-to-run checks.
export { runScript, toMermaid, parseMermaid, MermaidDiagram } from "./graph/index.js";
export type { RunScriptOptions, MermaidFactory } from "./graph/index.js";
export { parseScript, formatScript, checkScript, ScriptError, CallRecording } from "./script/index.js";
export type { ParseOptions, RecordOptions, ScriptCall } from "./script/index.js";
export { ManualClock, RealClock, Chaos, seededRandom } from "./runtime/index.js";
export type { Clock, ClockTimer, ChaosOptions } from "./runtime/index.js";
export { checkDeterminism } from "./determinism/index.js";
export type { DeterminismReport, CheckOptions, Difference } from "./determinism/index.js";
