/**
 * Connectors: sources and sinks that talk to the world outside the process — files, logs and
 * message streams — each replayable from a recorded position (sources) or committing with the
 * checkpoints so that replay never shows an output twice (sinks).
 *
 * What belongs here: one file per connector and the contracts they share with the checkpoint
 * coordinator (`src/checkpoint`). Not here: in-memory sinks such as `capture()` and `channel()`
 * (`src/operators`).
 */
export type { ReplayableSource, SourceChunk, SourcePosition, SourceReader } from "./source.js";
export { generatorSource } from "./generator-source.js";
export { fileSource } from "./file-source.js";
export type { FileSourceOptions } from "./file-source.js";
export type { TransactionalSink } from "./sink.js";
export { fileSink } from "./file-sink.js";
export { SourcePump } from "./source-pump.js";
export { SinkNode } from "./sink-node.js";
