/**
 * Keyed state: the one interface stateful operators keep their state in.
 *
 * Every update is `(key, value, version)`. Invariant (exactly-once): an update whose version is not
 * newer than the version stored for its key changes nothing, so replaying updates after a restore
 * never applies one twice. Backends implement this interface; operators never see which one runs.
 */

/** A key: a string, number, boolean or bigint (or anything JSON can write, compared by that text). */
export type StateKey = unknown;

/** One key's stored value and version. */
export interface StateEntry<V> {
  /** The key as given. */
  readonly key: StateKey;
  /** The value. */
  readonly value: V;
  /** The version of the update that wrote it. */
  readonly version: number;
}

/** Everything a state holds, to restore it later (plain data: it can be written as JSON). */
export interface StateSnapshot<V> {
  /** Every entry, in key order of insertion. */
  readonly entries: ReadonlyArray<StateEntry<V>>;
}

/** One applied change: a put (with its value) or a delete. */
export interface StateChange<V> {
  /** The key as given. */
  readonly key: StateKey;
  /** The new value (absent for a delete). */
  readonly value?: V;
  /** The version of the update. */
  readonly version: number;
  /** True for a delete. */
  readonly deleted: boolean;
}

/** Keyed state with versioned, idempotent updates. */
export interface KeyedState<V> {
  /** Calls `listener` after every applied change (for views); returns a function that stops it. */
  watch?(listener: (change: StateChange<V>) => void): () => void;
  /**
   * Says that `value`, the object stored for `key`, was changed in place (an operator that edits
   * the objects it stored): watchers hear of it as a put with the same version, and a durable
   * backend writes it again. `value` is the caller's object: a backend that reads values back from
   * disk may have handed out another copy since, so it keeps this one. Call it before or after
   * the edit, in the same step, before another key changes.
   */
  touch?(key: StateKey, value: V): void;
  /** The value stored for `key`. */
  get(key: StateKey): V | undefined;
  /** The version stored for `key` (-Infinity when none). */
  version(key: StateKey): number;
  /** Stores `value` for `key` unless the stored version is at least `version`; returns whether it applied. */
  put(key: StateKey, value: V, version: number): boolean;
  /** Removes `key` unless the stored version is at least `version`; returns whether it applied. */
  delete(key: StateKey, version: number): boolean;
  /** Number of keys. */
  readonly size: number;
  /** The greatest version of any update it holds, deletes included (-Infinity when none): a writer resumes above it. */
  newestVersion(): number;
  /** Every entry. */
  entries(): IterableIterator<StateEntry<V>>;
  /** Everything, as plain data. */
  snapshot(): StateSnapshot<V>;
  /** Replaces everything with a snapshot's contents. */
  restore(snapshot: StateSnapshot<V>): void;
  /** The entries of some keys, as plain data. */
  snapshotForKeys(keys: Iterable<StateKey>): StateSnapshot<V>;
  /** Writes a snapshot's entries (each only if newer than what is stored). */
  restoreKeys(snapshot: StateSnapshot<V>): void;
}

/** The map key a state key is stored under. */
export function stateKey(key: StateKey): string | number | boolean | bigint {
  switch (typeof key) {
    case "string":
    case "number":
    case "boolean":
    case "bigint":
      return key;
    case "undefined":
      return "undefined";
    default: {
      if (key === null) return "json:null";
      const text = JSON.stringify(key);
      if (text === undefined) throw new TypeError(`a state key must be a string, number, boolean, bigint or JSON-writable value, got ${typeof key}`);
      return `json:${text}`;
    }
  }
}

/** Throws a TypeError unless `version` is a number (not NaN): every backend checks its updates so. */
export function checkVersion(version: number): void {
  if (typeof version !== "number" || Number.isNaN(version)) throw new TypeError(`a state version must be a number, got ${String(version)}`);
}

/** Throws a TypeError naming `what` unless `state` is a KeyedState (an object with get, put, delete and entries). */
export function checkKeyedState(state: unknown, what: string): void {
  const s = state as Partial<KeyedState<unknown>> | null;
  if (typeof s !== "object" || s === null || typeof s.get !== "function" || typeof s.put !== "function" || typeof s.delete !== "function" || typeof s.entries !== "function") {
    throw new TypeError(`${what}: state must be a KeyedState (new MemoryState(), or store.state(name) of a SqliteStore), got ${state === null ? "null" : typeof state === "object" ? String(state) : typeof state}`);
  }
}

/** A deep copy of an entry (snapshots hand out copies and restores keep copies, never live objects). */
export function copyEntry<V>(e: StateEntry<V>): StateEntry<V> {
  return { key: structuredClone(e.key), value: structuredClone(e.value), version: e.version };
}
