/** The options of a checkpointed run (`run({ checkpoints, restore })`), checked before anything starts. */
import { SqliteStore } from "../state/sqlite-store.js";
import { CheckpointError } from "./errors.js";

/** How often checkpoints are taken: every so many ms, or after every so many input epochs (a source's chunk, an `advanceTo`). */
export type CheckpointInterval = number | { readonly epochs: number };

/** Where and how often a run checkpoints. */
export interface CheckpointOptions {
  /** The durable store: a file path (opened for the run, closed at its end) or an open `SqliteStore`. */
  readonly store: string | SqliteStore;
  /** Take one every `ms` milliseconds, or after every `{ epochs: n }` input epochs (each chunk a source sends, each `advanceTo` of an input fed by hand); none when left out (only `exec.checkpoint()`). */
  readonly every?: CheckpointInterval;
  /** How many checkpoints a store opened from a path keeps (default 3). */
  readonly keep?: number;
}

/** Checked options: the store (opened) and whether the run opened it. */
export interface CheckedCheckpoints {
  readonly store: SqliteStore;
  readonly owned: boolean;
  readonly everyMs: number | undefined;
  readonly everyEpochs: number | undefined;
}

/** Checks `o` and opens its store; throws a CheckpointError naming what is wrong. */
export function checkCheckpointOptions(o: unknown): CheckedCheckpoints {
  const c = o as CheckpointOptions | null;
  if (c === null || typeof c !== "object") throw new CheckpointError(`run({ checkpoints }) needs { store, every? }, got ${String(o)}`);
  let everyMs: number | undefined;
  let everyEpochs: number | undefined;
  const every = c.every;
  if (typeof every === "number") {
    if (!(every > 0) || !Number.isFinite(every)) throw new CheckpointError(`run({ checkpoints: { every } }): every must be a positive number of ms or { epochs: n }, got ${every}`);
    everyMs = every;
  } else if (every !== undefined) {
    const n = (every as { epochs?: unknown } | null)?.epochs;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) throw new CheckpointError(`run({ checkpoints: { every } }): every must be a positive number of ms or { epochs: n } with n a positive integer, got ${JSON.stringify(every)}`);
    everyEpochs = n;
  }
  if (c.store instanceof SqliteStore) return { store: c.store, owned: false, everyMs, everyEpochs };
  if (typeof c.store !== "string" || c.store === "") throw new CheckpointError(`run({ checkpoints: { store } }): store must be a file path or a SqliteStore, got ${c.store === "" ? '""' : String(c.store)}`);
  const store = SqliteStore.open(c.store, c.keep === undefined ? {} : { keep: c.keep });
  return { store, owned: true, everyMs, everyEpochs };
}

/** Checks `run({ restore })`: "latest" or a checkpoint id. */
export function checkRestore(r: unknown): "latest" | number {
  if (r === "latest" || (typeof r === "number" && Number.isSafeInteger(r) && r > 0)) return r;
  throw new CheckpointError(`run({ restore }) must be "latest" or a checkpoint id (a positive integer), got ${JSON.stringify(r)}`);
}
