/**
 * State: the keyed state interface every stateful operator uses (versioned updates; replaying an
 * update that is not newer changes nothing) and its backends — in memory (the default) and, beside
 * it, the durable backends on an embedded database for state that must survive a crash or is
 * larger than memory. Backends store and copy plain data; they never render it (`src/observe`).
 */
export { stateKey } from "./keyed-state.js";
export type { KeyedState, StateChange, StateEntry, StateKey, StateSnapshot } from "./keyed-state.js";
export { MemoryState } from "./memory-state.js";
export { SqliteStore } from "./sqlite-store.js";
export type { CheckpointProblem, SqliteStoreOptions, StoredCheckpoint } from "./sqlite-store.js";
export { SqliteState } from "./sqlite-state.js";
export { decodePlain, encodePlain } from "./plain-codec.js";
