/**
 * Participants: the parts of a run that talk to the outside world (sources, sinks) and take part in
 * every checkpoint besides the operators.
 *
 * Invariant: `snapshot` is called at the cut (synchronously, with the run quiet), so what it
 * returns matches the operators' state exactly; `committed` is called only after the checkpoint
 * holding that data is durable; `restore` is called once before anything flows.
 */

/** A source or sink that takes part in checkpoints. */
export interface CheckpointParticipant {
  /** The name of its node (what the checkpoint files its data under). */
  readonly name: string;
  /** `source` or `sink`, for views and errors. */
  readonly kind: "source" | "sink";
  /** What to keep at the cut, as plain data (a source's position, a sink's staged output). */
  snapshot(): unknown;
  /** After the checkpoint holding `data` committed (a sink publishes its staged output). */
  committed?(data: unknown): Promise<void>;
  /** Before the run starts: the data of the checkpoint restored from, or undefined on a fresh start. */
  restore(data: unknown): void | Promise<void>;
  /** Set by the coordinator: a source calls it after each epoch it sends (for `every: { epochs }`). */
  onEpoch?: (() => void) | undefined;
}
