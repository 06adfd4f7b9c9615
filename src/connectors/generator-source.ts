/**
 * `generatorSource(batchAt)`: a replayable source computed from its position — the number of
 * items read so far. `batchAt(position)` returns the items that follow, or an empty array (or
 * undefined) when there are no more. Replay is exact when `batchAt` is a pure function of the
 * position, as in tests and generated workloads.
 */
import type { ReplayableSource, SourceChunk, SourceReader } from "./source.js";

/** A source whose items after position `p` (items read so far) are `batchAt(p)`. */
export function generatorSource<T>(batchAt: (position: number) => readonly T[] | undefined, description = "generator"): ReplayableSource<T> {
  if (typeof batchAt !== "function") throw new TypeError(`generatorSource(batchAt): batchAt must be a function (position) => items, got ${typeof batchAt}`);
  return {
    description,
    start: 0,
    open(position: number): SourceReader<T> {
      if (!Number.isInteger(position) || position < 0) throw new RangeError(`${description}: a position must be a whole number of items read, got ${String(position)}`);
      let at = position;
      let pending: T[] = [];
      let closed = false;
      let ended = false;
      return {
        async read(max: number): Promise<SourceChunk<T> | undefined> {
          if (closed) throw new Error(`${description}: read after close`);
          while (pending.length < max && !ended) {
            const next = batchAt(at + pending.length);
            if (next === undefined || next.length === 0) ended = true;
            else pending.push(...next);
          }
          if (pending.length === 0) return undefined;
          const items = pending.slice(0, max);
          pending = pending.slice(items.length);
          at += items.length;
          return { items, position: at };
        },
        async close(): Promise<void> {
          closed = true;
        },
      };
    },
  };
}
