/** The error of checkpoints and recovery: a cut that cannot be taken, or a checkpoint that does not fit the graph. */

/** A checkpoint could not be taken or restored; the message says which node or record and why. */
export class CheckpointError extends Error {
  override name = "CheckpointError";
}
