/**
 * Window assigners (Flink's exact rules), as plain data.
 *
 * - Tumbling(size, offset): `start = ts - (ts - offset + size) % size`, window `[start, start + size)`.
 * - Sliding(size, slide, offset): from the tumbling start for `slide`, `[start, start + size)` while
 *   `start > ts - size`, stepping `start -= slide` (latest window first).
 * - Session(gap): `[ts, ts + gap)`, merged per key with every window it intersects; touching
 *   windows intersect (`a.start <= b.end && a.end >= b.start`).
 * - Global: one window per key, `[-Infinity, +Infinity)`; it never fires by itself and is never late.
 * - Tumbling processing time: tumbling windows over the run's clock at the moment an item arrives.
 *
 * Sizes, slides and gaps are positive integers and `|offset|` is below the size (tumbling) or the
 * slide (sliding), as Flink requires; anything else is refused when the assigner is made.
 */

/** What assigns windows to items. */
export type WindowAssigner =
  | { readonly kind: "tumbling"; readonly size: number; readonly offset: number; readonly domain: "event" | "processing" }
  | { readonly kind: "sliding"; readonly size: number; readonly slide: number; readonly offset: number }
  | { readonly kind: "session"; readonly gap: number }
  | { readonly kind: "global" };

/** A window's bounds: `[start, end)`. */
export interface WindowBounds {
  /** First time inside. */
  readonly start: number;
  /** First time after. */
  readonly end: number;
}

/** Tumbling event-time windows of `size`, shifted by `offset` (Flink: `|offset| < size`). */
export function tumbling(size: number, offset = 0): WindowAssigner {
  positive(size, "tumbling(size, offset)", "size");
  checkOffset(offset, size, "tumbling(size, offset)", "size");
  return { kind: "tumbling", size, offset, domain: "event" };
}

/** Sliding event-time windows of `size` every `slide`, shifted by `offset` (Flink: `|offset| < slide`). */
export function sliding(size: number, slide: number, offset = 0): WindowAssigner {
  positive(size, "sliding(size, slide, offset)", "size");
  positive(slide, "sliding(size, slide, offset)", "slide");
  checkOffset(offset, slide, "sliding(size, slide, offset)", "slide");
  return { kind: "sliding", size, slide, offset };
}

/** Session windows per key: an item opens `[ts, ts + gap)`; windows that intersect or touch merge. */
export function session(gap: number): WindowAssigner {
  positive(gap, "session(gap)", "gap");
  return { kind: "session", gap };
}

/** The global window: one per key, fired only by a trigger (and once more when the input ends). */
export function globalWindow(): WindowAssigner {
  return { kind: "global" };
}

/** Tumbling windows of `size` ms of processing time (the run's clock), shifted by `offset`. */
export function tumblingProcessingTime(size: number, offset = 0): WindowAssigner {
  positive(size, "tumblingProcessingTime(size, offset)", "size");
  checkOffset(offset, size, "tumblingProcessingTime(size, offset)", "size");
  return { kind: "tumbling", size, offset, domain: "processing" };
}

/** Flink's window start: `ts - (ts - offset + size) % size`, also right for negative remainders. */
export function windowStart(ts: number, offset: number, size: number): number {
  const r = (ts - offset + size) % size;
  return r < 0 ? ts - (r + size) : ts - r;
}

/** The windows `assigner` puts an item with event time `ts` in (sessions: before merging). */
export function assignWindows(assigner: WindowAssigner, ts: number): WindowBounds[] {
  switch (assigner.kind) {
    case "tumbling": {
      const start = windowStart(ts, assigner.offset, assigner.size);
      return [{ start, end: start + assigner.size }];
    }
    case "sliding": {
      const out: WindowBounds[] = [];
      const { size, slide } = assigner;
      for (let start = windowStart(ts, assigner.offset, slide); start > ts - size; start -= slide) out.push({ start, end: start + size });
      return out;
    }
    case "session":
      return [{ start: ts, end: ts + assigner.gap }];
    case "global":
      return [{ start: -Infinity, end: Infinity }];
  }
}

/** True when `a` and `b` intersect, touching included (Flink's `TimeWindow.intersects`). */
export function intersects(a: WindowBounds, b: WindowBounds): boolean {
  return a.start <= b.end && a.end >= b.start;
}

/** Checks a window assigner passed in by a user (one made by these functions, or the same plain data). */
export function checkAssigner(a: unknown, what: string): WindowAssigner {
  const x = a as WindowAssigner | null;
  switch (x?.kind) {
    case "tumbling":
      return x.domain === "processing" ? tumblingProcessingTime(x.size, x.offset) : tumbling(x.size, x.offset);
    case "sliding":
      return sliding(x.size, x.slide, x.offset);
    case "session":
      return session(x.gap);
    case "global":
      return x;
    default:
      throw new TypeError(`${what} needs a window assigner (tumbling(size), sliding(size, slide), session(gap), globalWindow() or tumblingProcessingTime(size)), got ${a === null ? "null" : typeof a === "object" ? JSON.stringify(a) : String(a)}`);
  }
}

function positive(v: unknown, fn: string, what: string): void {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v <= 0) {
    throw new RangeError(`${fn}: ${what} must be a positive integer (event-time units, e.g. ms), got ${String(v)}`);
  }
}

function checkOffset(offset: unknown, limit: number, fn: string, what: string): void {
  if (typeof offset !== "number" || !Number.isSafeInteger(offset)) throw new RangeError(`${fn}: offset must be an integer, got ${String(offset)}`);
  if (Math.abs(offset) >= limit) {
    throw new RangeError(`${fn}: the offset's absolute value must be below the ${what} (Flink's rule |offset| < ${what}), got offset ${offset} for ${what} ${limit}`);
  }
}
