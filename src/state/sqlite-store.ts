/**
 * A durable store on SQLite (better-sqlite3): one database file holding the keyed state of every
 * stateful node (a namespace each) and the checkpoints that made it durable.
 *
 * Invariants:
 * - Every row carries the id of the checkpoint it belongs to (`ck`). A checkpoint writes only the
 *   keys changed since the previous one; the state as of checkpoint `c` is, for each key, its row
 *   with the largest `ck <= c` (a deleted key has a tombstone row). So several checkpoints are
 *   kept at the cost of the changed keys only, and pruning folds the oldest into the next.
 * - Rows written since the last committed checkpoint (spilled when the changed keys outgrow
 *   memory) carry the id of the next one; they become durable only in the same transaction as
 *   that checkpoint's record, and are discarded when the store is opened or restored, so a crash
 *   at any instant leaves the last committed checkpoint intact.
 * - A checkpoint's record holds a checksum of its rows and its own details; a record that does not
 *   match them is reported and the previous complete checkpoint is used.
 * - One run at a time: the database is opened in exclusive locking mode, so a second run that
 *   opens the same file is refused (the operating system releases the lock if the process dies).
 */
import Database from "better-sqlite3";
import { closeSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { crc32 } from "node:zlib";
import { decodePlain, encodePlain } from "./plain-codec.js";
import { SqliteState } from "./sqlite-state.js";

/** What a checkpoint's record holds besides its rows (its id, time, counts and the caller's details). */
export interface StoredCheckpoint {
  /** The checkpoint's id: 1, 2, 3, ... in the order they were taken. */
  readonly id: number;
  /** When it committed (ms since the epoch). */
  readonly at: number;
  /** Keys written by this checkpoint (changed since the previous one). */
  readonly keys: number;
  /** Bytes of state written by this checkpoint. */
  readonly bytes: number;
  /** What the caller stored with it (plain data: frontiers, source positions, operator details). */
  readonly details: unknown;
}

/** A checkpoint that could not be used, and why. */
export interface CheckpointProblem {
  /** The checkpoint's id. */
  readonly id: number;
  /** What is wrong with it. */
  readonly reason: string;
}

/** Options of `SqliteStore.open`. */
export interface SqliteStoreOptions {
  /** How many checkpoints are kept (default 3); older ones are folded into the oldest kept. */
  readonly keep?: number;
  /** How many decoded entries each namespace keeps in memory (default 100,000). */
  readonly cacheEntries?: number;
  /** How many changed keys a namespace holds in memory before writing them ahead (default 50,000). */
  readonly spillEntries?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS store_info (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entries (
  ns TEXT NOT NULL, k TEXT NOT NULL, ck INTEGER NOT NULL,
  key TEXT NOT NULL, value TEXT, version REAL, dead INTEGER NOT NULL,
  PRIMARY KEY (ns, k, ck)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS entries_by_checkpoint ON entries (ck);
CREATE TABLE IF NOT EXISTS checkpoints (
  id INTEGER PRIMARY KEY, at REAL NOT NULL, keys INTEGER NOT NULL, bytes INTEGER NOT NULL,
  details TEXT NOT NULL, checksum INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS input_log (
  input TEXT NOT NULL, seq INTEGER NOT NULL, call TEXT NOT NULL,
  PRIMARY KEY (input, seq)) WITHOUT ROWID;
`;

/** The store format this code reads and writes. */
const FORMAT = "streamweave-store 1";

/** A durable store of keyed state and checkpoints in one SQLite file. */
export class SqliteStore {
  /** The database (for the states of this store). @internal */
  readonly db: Database.Database;
  /** The id the next checkpoint gets; rows written now carry it. */
  private nextId = 1;
  private readonly states = new Map<string, SqliteState<unknown>>();
  private appendStatement: Database.Statement | undefined;
  private readonly keep: number;
  private closed = false;

  private constructor(readonly path: string, db: Database.Database, private readonly options: SqliteStoreOptions) {
    this.db = db;
    this.keep = options.keep ?? 3;
  }

  /** Opens (or creates) the store at `path`; throws a clear error when it cannot be used. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    if (typeof path !== "string" || path === "") throw new TypeError(`a store path must be a non-empty string, got ${JSON.stringify(path)}`);
    const keep = options.keep ?? 3;
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`store option keep must be a whole number of checkpoints, at least 1, got ${keep}`);
    const full = resolve(path);
    checkPlace(full);
    let db: Database.Database;
    try {
      db = new Database(full, { timeout: 0 });
    } catch (e) {
      throw new Error(`store ${path} cannot be opened: ${(e as Error).message}`);
    }
    try {
      db.pragma("locking_mode = EXCLUSIVE");
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.exec(SCHEMA);
      const format = db.prepare("SELECT value FROM store_info WHERE name = 'format'").pluck().get() as string | undefined;
      if (format === undefined) db.prepare("INSERT INTO store_info VALUES ('format', ?)").run(FORMAT);
      else if (format !== FORMAT) throw new Error(`it holds format "${format}", this version reads "${FORMAT}"`);
    } catch (e) {
      db.close();
      const message = (e as Error).message;
      if (/locked|busy/i.test(message)) throw new Error(`store ${path} is in use by another run (one run at a time may open a store)`);
      throw new Error(`store ${path} cannot be read: ${message}`);
    }
    const store = new SqliteStore(path, db, options);
    store.rewind(store.latestId());
    return store;
  }

  /** The keyed state of namespace `ns` (one per stateful node), created on first use. */
  state<V>(ns: string): SqliteState<V> {
    this.checkOpen();
    let s = this.states.get(ns);
    if (s === undefined) {
      s = new SqliteState<unknown>(this, ns, this.options.cacheEntries ?? 100_000, this.options.spillEntries ?? 50_000);
      this.states.set(ns, s);
    }
    return s as SqliteState<V>;
  }

  /**
   * Appends call number `seq` of durable input `input` to its log, durably before it returns (so a
   * crash right after cannot lose it). `call` is plain data.
   */
  appendCall(input: string, seq: number, call: unknown): void {
    this.checkOpen();
    (this.appendStatement ??= this.db.prepare("INSERT OR REPLACE INTO input_log (input, seq, call) VALUES (?, ?, ?)")).run(input, seq, encodePlain(call));
  }

  /** The calls of durable input `input` logged after call number `after`, in order, as `[seq, call]`. */
  loggedCalls(input: string, after: number): Array<[number, unknown]> {
    this.checkOpen();
    const rows = this.db.prepare("SELECT seq, call FROM input_log WHERE input = ? AND seq > ? ORDER BY seq").raw(true).all(input, after) as Array<[number, string]>;
    return rows.map(([seq, call]) => [seq, decodePlain(call)]);
  }

  /** Forgets the calls of durable input `input` up to number `upTo` (no kept checkpoint needs them). */
  dropCalls(input: string, upTo: number): void {
    this.checkOpen();
    this.db.prepare("DELETE FROM input_log WHERE input = ? AND seq <= ?").run(input, upTo);
  }

  /** True when `state` is one of this store's namespaces (its writes then go to the store directly). */
  holds(state: unknown): boolean {
    for (const s of this.states.values()) if (s === state) return true;
    return false;
  }

  /** The id rows written now belong to (the next checkpoint's). @internal */
  get pendingId(): number {
    return this.nextId;
  }

  /** The kept checkpoints, oldest first. */
  checkpoints(): StoredCheckpoint[] {
    this.checkOpen();
    const rows = this.db.prepare("SELECT id, at, keys, bytes, details FROM checkpoints ORDER BY id").all() as RawCheckpoint[];
    return rows.map(toStored);
  }

  /**
   * Writes every namespace's changed keys and a checkpoint record with `details`, in one
   * transaction synced to disk; then prunes checkpoints beyond the `keep` newest.
   */
  commit(details: unknown): StoredCheckpoint {
    this.checkOpen();
    const id = this.nextId;
    const detailsText = encodePlain(details);
    const at = Date.now();
    this.db.pragma("synchronous = FULL");
    try {
      const write = this.db.transaction(() => {
        for (const s of this.states.values()) s.writeChanges();
        const { keys, bytes, sum } = this.rowsSummary(id);
        const checksum = crc32(`${id}|${at}|${keys}|${bytes}|${detailsText}`, sum);
        this.db.prepare("INSERT INTO checkpoints (id, at, keys, bytes, details, checksum) VALUES (?, ?, ?, ?, ?, ?)").run(id, at, keys, bytes, detailsText, checksum);
        return { keys, bytes };
      });
      const { keys, bytes } = write();
      this.nextId = id + 1;
      this.prune();
      return { id, at, keys, bytes, details: decodePlain(detailsText) };
    } finally {
      this.db.pragma("synchronous = NORMAL");
    }
  }

  /**
   * Makes checkpoint `which` ("latest" or an id) the current state of every namespace, dropping
   * anything written after it (later checkpoints included). A checkpoint whose checksum does not
   * match is reported in `problems` and the one before it is tried; `checkpoint` is undefined
   * when the store holds none (then every namespace is empty). An id the store does not hold is
   * an error listing those it does.
   */
  restore(which: "latest" | number): { checkpoint: StoredCheckpoint | undefined; problems: CheckpointProblem[] } {
    this.checkOpen();
    const ids = (this.db.prepare("SELECT id FROM checkpoints ORDER BY id DESC").pluck().all() as number[]);
    if (which !== "latest" && !ids.includes(which)) {
      throw new RangeError(`store ${this.path} has no checkpoint ${which}; it holds ${ids.length === 0 ? "none" : ids.slice().reverse().join(", ")}`);
    }
    const problems: CheckpointProblem[] = [];
    for (const id of ids) {
      if (which !== "latest" && id > which) continue;
      const reason = this.verify(id);
      if (reason === undefined) {
        this.rewind(id);
        const raw = this.db.prepare("SELECT id, at, keys, bytes, details FROM checkpoints WHERE id = ?").get(id) as RawCheckpoint;
        return { checkpoint: toStored(raw), problems };
      }
      problems.push({ id, reason });
    }
    if (ids.length > 0) throw new Error(`store ${this.path} holds no usable checkpoint: ${problems.map((p) => `checkpoint ${p.id}: ${p.reason}`).join("; ")}`);
    this.rewind(0);
    return { checkpoint: undefined, problems };
  }

  /** Closes the database (and releases the store for another run). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  /** Deletes everything after checkpoint `id` and empties the namespaces' memory. */
  private rewind(id: number): void {
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM entries WHERE ck > ?").run(id);
      this.db.prepare("DELETE FROM checkpoints WHERE id > ?").run(id);
    })();
    this.nextId = id + 1;
    for (const s of this.states.values()) s.reload();
  }

  /** Why checkpoint `id` cannot be used, or undefined when its record matches its rows. */
  private verify(id: number): string | undefined {
    try {
      const row = this.db.prepare("SELECT at, keys, bytes, details, checksum FROM checkpoints WHERE id = ?").get(id) as RawCheckpoint & { checksum: number };
      const { keys, bytes, sum } = this.rowsSummary(id);
      if (keys !== row.keys || bytes !== row.bytes) return `its record says ${row.keys} keys (${row.bytes} bytes), the store holds ${keys} (${bytes} bytes)`;
      if (crc32(`${id}|${row.at}|${row.keys}|${row.bytes}|${row.details}`, sum) !== row.checksum) return "its checksum does not match its contents";
      decodePlain(row.details);
      return undefined;
    } catch (e) {
      return `it cannot be read (${(e as Error).message})`;
    }
  }

  /** The count, bytes and checksum of the rows of checkpoint `id`. */
  private rowsSummary(id: number): { keys: number; bytes: number; sum: number } {
    let keys = 0;
    let bytes = 0;
    let sum = 0;
    const rows = this.db.prepare("SELECT ns, k, key, value, version, dead FROM entries WHERE ck = ? ORDER BY ns, k").raw().iterate(id) as IterableIterator<[string, string, string, string | null, number | null, number]>;
    for (const [ns, k, key, value, version, dead] of rows) {
      keys++;
      bytes += key.length + (value?.length ?? 0);
      sum = crc32(`${ns}\u0000${k}\u0000${key}\u0000${value ?? ""}\u0000${version ?? ""}\u0000${dead}\n`, sum);
    }
    return { keys, bytes, sum };
  }

  /** Folds checkpoints beyond the `keep` newest into the oldest kept. */
  private prune(): void {
    const ids = this.db.prepare("SELECT id FROM checkpoints ORDER BY id DESC").pluck().all() as number[];
    if (ids.length <= this.keep) return;
    const oldest = ids[this.keep - 1]!;
    const drop = this.db.prepare("DELETE FROM entries WHERE ns = ? AND k = ? AND ck < ?");
    this.db.transaction(() => {
      // Each kept row of a folded-in checkpoint hides the older rows of its key; the first kept checkpoint's tombstones then hide nothing.
      for (const c of ids.filter((i) => i <= oldest)) {
        for (const [ns, k] of this.db.prepare("SELECT ns, k FROM entries WHERE ck = ?").raw().all(c) as Array<[string, string]>) drop.run(ns, k, c);
      }
      this.db.prepare("DELETE FROM entries WHERE ck <= ? AND dead = 1").run(oldest);
      this.db.prepare("DELETE FROM checkpoints WHERE id < ?").run(oldest);
      // The oldest kept checkpoint now also stands for the rows folded into it: record its new summary.
      const row = this.db.prepare("SELECT at, details FROM checkpoints WHERE id = ?").get(oldest) as { at: number; details: string };
      const { keys, bytes, sum } = this.rowsSummary(oldest);
      this.db.prepare("UPDATE checkpoints SET keys = ?, bytes = ?, checksum = ? WHERE id = ?").run(keys, bytes, crc32(`${oldest}|${row.at}|${keys}|${bytes}|${row.details}`, sum), oldest);
    })();
  }

  private latestId(): number {
    return (this.db.prepare("SELECT MAX(id) FROM checkpoints").pluck().get() as number | null) ?? 0;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error(`store ${this.path} is closed`);
  }
}

interface RawCheckpoint {
  id: number;
  at: number;
  keys: number;
  bytes: number;
  details: string;
}

function toStored(r: RawCheckpoint): StoredCheckpoint {
  return { id: r.id, at: r.at, keys: r.keys, bytes: r.bytes, details: decodePlain(r.details) };
}

/** Throws a clear error when the store file cannot be made: its folder is missing or read-only. */
function checkPlace(full: string): void {
  const folder = dirname(full);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`store ${full} cannot be created: folder ${folder} does not exist`);
    throw new Error(`store ${full} cannot be created: folder ${folder} cannot be reached (${code})`);
  }
  if (!isFolder) throw new Error(`store ${full} cannot be created: ${folder} is not a folder`);
  try {
    closeSync(openSync(full, "a"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EROFS" || code === "EPERM") throw new Error(`store ${full} cannot be written: folder ${folder} is read-only (${code})`);
    throw new Error(`store ${full} cannot be opened: ${(e as Error).message}`);
  }
}
