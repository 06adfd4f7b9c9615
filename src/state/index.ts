/** State: the keyed state interface stateful operators use, and its in-memory backend. */
export { stateKey } from "./keyed-state.js";
export type { KeyedState, StateChange, StateEntry, StateKey, StateSnapshot } from "./keyed-state.js";
export { MemoryState } from "./memory-state.js";
