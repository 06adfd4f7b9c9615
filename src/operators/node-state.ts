/**
 * The state of one stateful operator: keyed state (src/state) with the node's own monotone
 * version counter, so every write is a newer version than the last.
 *
 * Operators keep everything they remember in here, as plain data (no closures, no capabilities),
 * under composite keys they choose (`["acc", key]`, `["g", time, group]`, ...); keys compare as
 * `stateKey` says (strings, numbers, booleans and bigints by value, anything else by its JSON).
 * The backend is the in-memory one unless another `KeyedState` is given, so a durable backend can
 * be swapped in without touching the operators.
 */
import type { KeyedState, StateEntry, StateKey } from "../state/keyed-state.js";
import { MemoryState } from "../state/memory-state.js";

/** An operator's keyed state with a per-node monotone version counter. */
export class NodeState {
  private version = 0;

  /** State kept in `store` (in memory by default); versions continue after the newest stored one. */
  constructor(readonly store: KeyedState<unknown> = new MemoryState<unknown>()) {
    this.resume();
  }

  /** Continues the version counter after the newest stored version, deletes included (after the store was restored). */
  resume(): void {
    const newest = this.store.newestVersion();
    if (newest > this.version) this.version = newest;
  }

  /** The value stored under `key`. */
  get<V>(key: StateKey): V | undefined {
    return this.store.get(key) as V | undefined;
  }

  /** Stores `value` under `key` as the next version. */
  set(key: StateKey, value: unknown): void {
    this.store.put(key, value, ++this.version);
  }

  /** Removes `key` (as the next version). */
  delete(key: StateKey): void {
    this.store.delete(key, ++this.version);
  }

  /** Every stored entry. */
  entries(): IterableIterator<StateEntry<unknown>> {
    return this.store.entries();
  }

  /** Number of keys stored. */
  get size(): number {
    return this.store.size;
  }
}
