/** Keyed state in memory: the default backend. */
import { stateKey, type KeyedState, type StateEntry, type StateKey, type StateSnapshot } from "./keyed-state.js";

/** Keyed state held in a Map. */
export class MemoryState<V> implements KeyedState<V> {
  private readonly map = new Map<string | number | boolean | bigint, StateEntry<V>>();
  /** Versions of deleted keys, so a replayed older update cannot bring a key back. */
  private readonly tombstones = new Map<string | number | boolean | bigint, number>();

  get(key: StateKey): V | undefined {
    return this.map.get(stateKey(key))?.value;
  }

  version(key: StateKey): number {
    const k = stateKey(key);
    return this.map.get(k)?.version ?? this.tombstones.get(k) ?? -Infinity;
  }

  put(key: StateKey, value: V, version: number): boolean {
    checkVersion(version);
    const k = stateKey(key);
    if (version <= (this.map.get(k)?.version ?? this.tombstones.get(k) ?? -Infinity)) return false;
    this.tombstones.delete(k);
    this.map.set(k, { key, value, version });
    return true;
  }

  delete(key: StateKey, version: number): boolean {
    checkVersion(version);
    const k = stateKey(key);
    const e = this.map.get(k);
    if (e === undefined || version <= e.version) return false;
    this.map.delete(k);
    this.tombstones.set(k, version);
    return true;
  }

  get size(): number {
    return this.map.size;
  }

  entries(): IterableIterator<StateEntry<V>> {
    return this.map.values();
  }

  snapshot(): StateSnapshot<V> {
    return { entries: [...this.map.values()] };
  }

  restore(snapshot: StateSnapshot<V>): void {
    this.map.clear();
    this.tombstones.clear();
    for (const e of snapshot.entries) this.map.set(stateKey(e.key), e);
  }

  snapshotForKeys(keys: Iterable<StateKey>): StateSnapshot<V> {
    const out: Array<StateEntry<V>> = [];
    for (const key of keys) {
      const e = this.map.get(stateKey(key));
      if (e !== undefined) out.push(e);
    }
    return { entries: out };
  }

  restoreKeys(snapshot: StateSnapshot<V>): void {
    for (const e of snapshot.entries) this.put(e.key, e.value, e.version);
  }

  toString(): string {
    return `MemoryState(${this.map.size} keys)`;
  }
}

function checkVersion(version: number): void {
  if (typeof version !== "number" || Number.isNaN(version)) throw new TypeError(`a state version must be a number, got ${String(version)}`);
}
