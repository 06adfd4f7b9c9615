/**
 * Checkpoints and recovery: consistent cuts of a run taken at a frontier, written to a durable
 * store, and the restore that rebuilds every operator's state, capabilities, timers and progress
 * counts from one and replays the sources from their recorded positions.
 *
 * What belongs here: the checkpoint store (ids, frontiers, source positions, the state written,
 * pruning, integrity), the coordinator that takes a cut while a graph runs, and the restore path.
 * Not here: the state backends a checkpoint writes through (`src/state`), and the sources and
 * sinks that talk to the outside world (`src/connectors`).
 */
export {};
