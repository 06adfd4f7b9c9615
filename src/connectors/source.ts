/**
 * The contract of a replayable source: it reads from a position and says, with every chunk, the
 * position after it. A checkpoint records that position; recovery opens the source there again.
 *
 * Invariant: reading from position `p` yields exactly the items a reader that started earlier
 * yielded after reaching `p`, in the same order (so a replay from a checkpoint's position neither
 * skips nor repeats an item).
 */

/** Where a source stands: a number (a byte offset, an item count) or plain data it defines. */
export type SourcePosition = number;

/** One read of a source: items in order, with their event times when the source knows them. */
export interface SourceChunk<T> {
  /** The items read. */
  readonly items: T[];
  /** Each item's event time (ms), when the source has an event-time field. */
  readonly eventTimes?: number[];
  /** The position just after the last item: reading from here continues with the next one. */
  readonly position: SourcePosition;
}

/** An open reader of a source. */
export interface SourceReader<T> {
  /** Up to `max` more items, or undefined once the source has no more. */
  read(max: number): Promise<SourceChunk<T> | undefined>;
  /** Releases what the reader holds (files); reading afterwards is an error. */
  close(): Promise<void>;
}

/** A source that can be read again from any position it reported. */
export interface ReplayableSource<T> {
  /** What kind of source this is, and where it reads from (for errors, views and checkpoints). */
  readonly description: string;
  /** The position a first run starts at. */
  readonly start: SourcePosition;
  /** A reader that starts at `position`. */
  open(position: SourcePosition): SourceReader<T>;
}
