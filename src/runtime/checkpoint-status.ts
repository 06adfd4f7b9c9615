/**
 * What a run's checkpoints look like to observers: plain data the checkpoint coordinator keeps on
 * the dataflow and the observation model copies into every picture.
 */

/** One completed checkpoint, as views show it. */
export interface CheckpointSummary {
  /** Its id in the store. */
  readonly id: number;
  /** When it committed (ms since the epoch). */
  readonly at: number;
  /** The frontier of the whole graph at its cut, printed like `[5]`. */
  readonly frontier: string;
  /** Keys written. */
  readonly keys: number;
  /** Bytes of state written. */
  readonly bytes: number;
  /** From asking for it to its commit (ms). */
  readonly durationMs: number;
}

/** The checkpoints of a run. */
export interface CheckpointStatus {
  /** Where they go (the store's path). */
  readonly store: string;
  /** True while one is being taken. */
  inProgress: boolean;
  /** How many this run has taken. */
  taken: number;
  /** The latest one, if any. */
  last: CheckpointSummary | undefined;
  /** The checkpoint the run was restored from, if any. */
  restoredFrom: { readonly id: number; readonly frontier: string } | undefined;
}
