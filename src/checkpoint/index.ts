/**
 * Checkpoints and recovery: consistent cuts of a run taken while it is quiet, written to a durable
 * store, and the restore that rebuilds every operator's state, capabilities, timers and progress
 * counts from one and replays the sources from their recorded positions.
 *
 * What belongs here: the cut and its record, the coordinator that takes cuts while a graph runs,
 * the incremental copy of operators' state into the store, and the restore path. Not here: the
 * store and state backends a checkpoint writes through (`src/state`), and the sources and sinks
 * that talk to the outside world (`src/connectors`), which take part through `CheckpointParticipant`.
 */
export { Coordinator } from "./coordinator.js";
export type { CheckpointInfo, RestoredFrom } from "./coordinator.js";
export { CheckpointError } from "./errors.js";
export { checkCheckpointOptions, checkRestore } from "./options.js";
export type { CheckpointOptions, CheckpointInterval, CheckedCheckpoints } from "./options.js";
export type { CheckpointParticipant } from "./participant.js";
export type { CutRecord, NodeCut, InputCut } from "./cut-record.js";
export { takeCut, checkCheckpointable } from "./cut.js";
export { restoreCut, checkShape } from "./restore-cut.js";
export { StateCopies } from "./state-copies.js";
