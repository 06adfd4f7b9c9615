/**
 * Keyed state in a `SqliteStore`: the durable backend, for state that must survive a crash or is
 * larger than memory.
 *
 * Invariants: reads see every applied update (changed keys in memory first, then the recently
 * read keys, then the database); the changed keys since the last checkpoint are written by the
 * next one (or ahead of it, tagged with its id, when they outgrow `spillEntries`), so what is
 * durable is exactly what a committed checkpoint holds. Values are plain data, stored as text
 * (`plain-codec.ts`); `get` returns the stored value, `snapshot` a deep copy.
 */
import type Database from "better-sqlite3";
import { ChangeFeed } from "./change-feed.js";
import { checkVersion, copyEntry, stateKey, type KeyedState, type StateChange, type StateEntry, type StateKey, type StateSnapshot } from "./keyed-state.js";
import { decodePlain, encodePlain } from "./plain-codec.js";

/** A key's latest row: an entry, or a tombstone (`dead`) with the version that deleted it. */
interface Row {
  readonly key: StateKey;
  readonly value: unknown;
  readonly version: number;
  readonly dead: boolean;
}

/** The key of nothing stored (no row, or a restore removed it). */
const ABSENT: Row = { key: undefined, value: undefined, version: -Infinity, dead: true };

/** How many rows a page of `entries()` reads. */
const PAGE = 1000;

/** What a namespace needs of the store that holds it: its database and the checkpoint being written. @internal */
export interface StateHost {
  /** The open database. */
  readonly db: Database.Database;
  /** The id the next commit will have: rows written now carry it. */
  readonly pendingId: number;
}

/** Keyed state of one namespace of a `SqliteStore`. */
export class SqliteState<V> implements KeyedState<V> {
  /** Keys changed since the last checkpoint (written by the next one). */
  private changed = new Map<string, Row>();
  /** Recently read keys, as they are stored. */
  private readonly cache = new Map<string, Row>();
  private count = 0;
  private readonly feed = new ChangeFeed<V>();
  private readonly read: Database.Statement;
  private readonly write: Database.Statement;
  private readonly page: Database.Statement;
  private readonly live: Database.Statement;
  private readonly newest: Database.Statement;

  /** Made by `SqliteStore.state(ns)`. @internal */
  constructor(private readonly store: StateHost, readonly namespace: string, private readonly cacheEntries: number, private readonly spillEntries: number) {
    const db = store.db;
    this.read = db.prepare("SELECT key, value, version, dead FROM entries WHERE ns = ? AND k = ? ORDER BY ck DESC LIMIT 1").raw(true);
    this.write = db.prepare("INSERT OR REPLACE INTO entries (ns, k, ck, key, value, version, dead) VALUES (?, ?, ?, ?, ?, ?, ?)");
    this.page = db.prepare(
      "SELECT k, key, value, version FROM entries e WHERE ns = ? AND k > ? AND ck = (SELECT MAX(ck) FROM entries WHERE ns = e.ns AND k = e.k) AND dead = 0 ORDER BY k LIMIT " + PAGE,
    ).raw(true);
    this.live = db.prepare("SELECT COUNT(*) FROM entries e WHERE ns = ? AND ck = (SELECT MAX(ck) FROM entries WHERE ns = e.ns AND k = e.k) AND dead = 0").pluck();
    this.newest = db.prepare("SELECT MAX(version) FROM entries WHERE ns = ?").pluck();
    this.count = this.live.get(namespace) as number;
  }

  watch(listener: (change: StateChange<V>) => void): () => void {
    return this.feed.watch(listener);
  }

  get(key: StateKey): V | undefined {
    const row = this.row(rowKey(key));
    return row.dead ? undefined : (row.value as V);
  }

  version(key: StateKey): number {
    return this.row(rowKey(key)).version;
  }

  touch(key: StateKey, value: V): void {
    const k = rowKey(key);
    const old = this.row(k);
    if (old.dead) return;
    const row: Row = { key: old.key, value, version: old.version, dead: false };
    this.change(k, row);
    if (this.feed.listeners !== undefined) this.feed.emit({ key: row.key, value, version: row.version, deleted: false });
  }

  put(key: StateKey, value: V, version: number): boolean {
    checkVersion(version);
    const k = rowKey(key);
    const old = this.row(k);
    if (version <= old.version) return false;
    if (old.dead) this.count++;
    this.change(k, { key, value, version, dead: false });
    if (this.feed.listeners !== undefined) this.feed.emit({ key, value, version, deleted: false });
    return true;
  }

  delete(key: StateKey, version: number): boolean {
    checkVersion(version);
    const k = rowKey(key);
    const old = this.row(k);
    if (old.dead || version <= old.version) return false;
    this.count--;
    this.change(k, { key, value: undefined, version, dead: true });
    if (this.feed.listeners !== undefined) this.feed.emit({ key, version, deleted: true });
    return true;
  }

  get size(): number {
    return this.count;
  }

  newestVersion(): number {
    let v = (this.newest.get(this.namespace) as number | null) ?? -Infinity;
    for (const row of this.changed.values()) if (row.version > v) v = row.version;
    return v;
  }

  /** Every entry, in the order of the keys' stored text; reads the database a page at a time. */
  *entries(): IterableIterator<StateEntry<V>> {
    let after = "";
    for (;;) {
      const rows = this.page.all(this.namespace, after) as Array<[string, string, string | null, number]>;
      for (const [k, key, value, version] of rows) {
        if (!this.changed.has(k)) yield { key: decodePlain(key), value: decodeValue(value) as V, version };
      }
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]![0];
    }
    for (const row of [...this.changed.values()]) if (!row.dead) yield { key: row.key, value: row.value as V, version: row.version };
  }

  snapshot(): StateSnapshot<V> {
    const entries: Array<StateEntry<V>> = [];
    for (const e of this.entries()) entries.push(copyEntry(e));
    return { entries };
  }

  restore(snapshot: StateSnapshot<V>): void {
    // Every stored key is removed (as if never written), then the snapshot's entries are written.
    const ck = this.store.pendingId;
    this.store.db.prepare(
      "INSERT OR REPLACE INTO entries (ns, k, ck, key, value, version, dead) SELECT ns, k, ?, key, NULL, NULL, 1 FROM entries e WHERE ns = ? AND ck = (SELECT MAX(ck) FROM entries WHERE ns = e.ns AND k = e.k) AND dead = 0",
    ).run(ck, this.namespace);
    this.changed = new Map();
    this.cache.clear();
    this.count = 0;
    for (const e of snapshot.entries) {
      const k = rowKey(e.key);
      if (!this.changed.has(k)) this.count++;
      this.change(k, { ...copyEntry(e), dead: false });
    }
  }

  snapshotForKeys(keys: Iterable<StateKey>): StateSnapshot<V> {
    const entries: Array<StateEntry<V>> = [];
    for (const key of keys) {
      const row = this.row(rowKey(key));
      if (!row.dead) entries.push(copyEntry({ key: row.key, value: row.value as V, version: row.version }));
    }
    return { entries };
  }

  restoreKeys(snapshot: StateSnapshot<V>): void {
    for (const e of snapshot.entries) {
      const c = copyEntry(e);
      this.put(c.key, c.value, c.version);
    }
  }

  /** Writes the changed keys to the database, tagged with the next checkpoint's id. @internal */
  writeChanges(): void {
    const ck = this.store.pendingId;
    for (const [k, row] of this.changed) {
      this.write.run(this.namespace, k, ck, encodePlain(row.key), row.dead ? null : encodePlain(row.value), row.version === -Infinity ? null : row.version, row.dead ? 1 : 0);
      this.remember(k, row);
    }
    this.changed = new Map();
  }

  /** Forgets what memory holds and reads the store afresh (after a restore). @internal */
  reload(): void {
    this.changed = new Map();
    this.cache.clear();
    this.count = this.live.get(this.namespace) as number;
  }

  toString(): string {
    return `SqliteState(${this.namespace}: ${this.count} keys)`;
  }

  /** The latest row of map key `k`. */
  private row(k: string): Row {
    const changed = this.changed.get(k);
    if (changed !== undefined) return changed;
    const cached = this.cache.get(k);
    if (cached !== undefined) return cached;
    const r = this.read.get(this.namespace, k) as [string, string | null, number | null, number] | undefined;
    const row: Row = r === undefined ? ABSENT : { key: decodePlain(r[0]), value: decodeValue(r[1]), version: r[2] ?? -Infinity, dead: r[3] === 1 };
    this.remember(k, row);
    return row;
  }

  /** Records `row` as `k`'s change. Changed keys beyond `spillEntries` are written ahead first, never the key being changed: a caller that touches a key before editing its value in place finishes that edit before the key can be written. */
  private change(k: string, row: Row): void {
    this.cache.delete(k);
    if (!this.changed.has(k) && this.changed.size >= this.spillEntries) this.store.db.transaction(() => this.writeChanges())();
    this.changed.set(k, row);
  }

  private remember(k: string, row: Row): void {
    this.cache.set(k, row);
    if (this.cache.size > this.cacheEntries) {
      let drop = Math.ceil(this.cacheEntries / 10);
      for (const key of this.cache.keys()) {
        this.cache.delete(key);
        if (--drop === 0) break;
      }
    }
  }
}

/** The text a state key is stored under (one per distinct `stateKey`). */
function rowKey(key: StateKey): string {
  const k = stateKey(key);
  switch (typeof k) {
    case "string":
      return `s${k}`;
    case "number":
      return `n${k}`;
    case "boolean":
      return `b${k}`;
    default:
      return `i${k}`;
  }
}

function decodeValue(text: string | null): unknown {
  return text === null ? undefined : decodePlain(text);
}

