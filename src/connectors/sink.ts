/**
 * The contract of an exactly-once sink: output is staged, handed to the checkpoint that covers it,
 * and published only once that checkpoint has committed (two-phase).
 *
 * Invariants: what the world sees is exactly the output of the times the last published
 * checkpoint covers; `publish` and `recover` are idempotent, so a crash between the commit and
 * the publish, or during either, is repaired by recovery publishing the same staged output again.
 */

/** A sink whose writes commit with the checkpoints. */
export interface TransactionalSink<T> {
  /** What the sink writes to (for errors and views). */
  readonly description: string;
  /** Stages `items`, to be published with the next checkpoint. */
  write(items: readonly T[]): void;
  /** Hands over the staged output as plain data (stored in the checkpoint) and starts a new stage. */
  prepare(): unknown;
  /** Makes prepared output visible, once the checkpoint holding it has committed. */
  publish(prepared: unknown): Promise<void>;
  /**
   * On recovery: undoes anything published after the restored checkpoint and publishes that
   * checkpoint's prepared output (undefined: the run starts from the beginning, nothing is kept).
   */
  recover(prepared: unknown): Promise<void>;
}
