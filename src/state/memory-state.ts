/**
 * Keyed state in memory: the default backend.
 *
 * Deleted keys leave a tombstone with the deleting version, so an older update replayed later
 * cannot bring them back. Tombstones are folded into one `floor` version once there are many:
 * a key that is not stored then counts as having version `floor`. That is exact for the updates
 * operators make, whose versions only grow, and it keeps memory bounded however many keys come
 * and go.
 */
import { ChangeFeed } from "./change-feed.js";
import { checkVersion, copyEntry, stateKey, type KeyedState, type StateChange, type StateEntry, type StateKey, type StateSnapshot } from "./keyed-state.js";
import { presentedBundle, presentedText } from "./presenter.js";

/** How many tombstones are kept before they are folded into the floor version. */
const MAX_TOMBSTONES = 1024;

type MapKey = string | number | boolean | bigint;

/** Keyed state held in a Map. */
export class MemoryState<V> implements KeyedState<V> {
  private readonly map = new Map<MapKey, StateEntry<V>>();
  private readonly tombstones = new Map<MapKey, number>();
  private floor = -Infinity;
  private readonly feed = new ChangeFeed<V>();

  watch(listener: (change: StateChange<V>) => void): () => void {
    return this.feed.watch(listener);
  }

  get(key: StateKey): V | undefined {
    return this.map.get(stateKey(key))?.value;
  }

  touch(key: StateKey, _value: V): void {
    // In memory the caller's object is the stored one.
    if (this.feed.listeners === undefined) return;
    const e = this.map.get(stateKey(key));
    if (e !== undefined) this.feed.emit({ key: e.key, value: e.value, version: e.version, deleted: false });
  }

  version(key: StateKey): number {
    return this.versionOf(stateKey(key));
  }

  put(key: StateKey, value: V, version: number): boolean {
    checkVersion(version);
    const k = stateKey(key);
    if (version <= this.versionOf(k)) return false;
    this.tombstones.delete(k);
    this.map.set(k, { key, value, version });
    if (this.feed.listeners !== undefined) this.feed.emit({ key, value, version, deleted: false });
    return true;
  }

  delete(key: StateKey, version: number): boolean {
    checkVersion(version);
    const k = stateKey(key);
    const e = this.map.get(k);
    if (e === undefined || version <= e.version) return false;
    this.map.delete(k);
    this.tombstones.set(k, version);
    if (this.tombstones.size > MAX_TOMBSTONES) this.compact();
    if (this.feed.listeners !== undefined) this.feed.emit({ key, version, deleted: true });
    return true;
  }

  get size(): number {
    return this.map.size;
  }

  newestVersion(): number {
    let v = this.floor;
    for (const e of this.map.values()) if (e.version > v) v = e.version;
    for (const t of this.tombstones.values()) if (t > v) v = t;
    return v;
  }

  entries(): IterableIterator<StateEntry<V>> {
    return this.map.values();
  }

  snapshot(): StateSnapshot<V> {
    return { entries: [...this.map.values()].map(copyEntry) };
  }

  restore(snapshot: StateSnapshot<V>): void {
    this.map.clear();
    this.tombstones.clear();
    this.floor = -Infinity;
    for (const e of snapshot.entries) this.map.set(stateKey(e.key), copyEntry(e));
  }

  snapshotForKeys(keys: Iterable<StateKey>): StateSnapshot<V> {
    const out: Array<StateEntry<V>> = [];
    for (const key of keys) {
      const e = this.map.get(stateKey(key));
      if (e !== undefined) out.push(copyEntry(e));
    }
    return { entries: out };
  }

  restoreKeys(snapshot: StateSnapshot<V>): void {
    for (const e of snapshot.entries.map(copyEntry)) this.put(e.key, e.value, e.version);
  }

  toString(): string {
    return `MemoryState(${this.map.size} keys)`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.describe();
  }

  /** A few lines: the size, then up to 20 keys with their values and versions. */
  describe(): string {
    return presentedText(this, this.toString());
  }

  /** Its notebook bundle: the text of `describe()`, and a table of up to 100 keys (drawn by `src/observe`). */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return presentedBundle(this, this.toString());
  }

  private versionOf(k: MapKey): number {
    return this.map.get(k)?.version ?? this.tombstones.get(k) ?? this.floor;
  }

  /** Folds every tombstone into the floor version. */
  private compact(): void {
    for (const v of this.tombstones.values()) if (v > this.floor) this.floor = v;
    this.tombstones.clear();
  }
}


