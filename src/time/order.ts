/**
 * Logical timestamps and their partial order.
 *
 * A time is either a plain integer (totally ordered) or an object implementing {@link Timestamp}
 * (for example {@link Product}, ordered component-wise). Every function here dispatches on that
 * shape, with a fast path for numbers, so progress tracking works for any timestamp type.
 */

/** A partially ordered timestamp that is not a plain number. */
export interface Timestamp {
  /** True when `this <= other` in the partial order. */
  lessEqual(other: Time): boolean;
  /** True when both denote the same time. */
  equals(other: Time): boolean;
  /** A string that is equal for equal times and different otherwise (a map key). */
  key(): string;
  /** A total order that extends the partial order (negative, zero or positive). */
  compare(other: Time): number;
  /** How the time prints, e.g. `(1, 0)`. */
  toString(): string;
  /** Throws a TypeError naming `what` when a part of the time is not a valid time. */
  validate?(what: string): void;
}

/** A logical time: an integer, or a structured {@link Timestamp}. */
export type Time = number | Timestamp;

/** `a <= b` in the partial order of times. */
export function lessEqual(a: Time, b: Time): boolean {
  if (typeof a === "number") {
    if (typeof b === "number") return a <= b;
    throw mixedTimes(a, b);
  }
  return a.lessEqual(b);
}

/** `a < b`: `a <= b` and the two differ. */
export function lessThan(a: Time, b: Time): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  return lessEqual(a, b) && !timeEquals(a, b);
}

/** True when `a` and `b` denote the same time. */
export function timeEquals(a: Time, b: Time): boolean {
  if (typeof a === "number") return a === b;
  return a.equals(b);
}

/** A map key for a time: the number itself, or the timestamp's string key. */
export function timeKey(t: Time): number | string {
  return typeof t === "number" ? t : t.key();
}

/** A total order extending the partial order, used where a deterministic order is needed. */
export function compareTimes(a: Time, b: Time): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") throw mixedTimes(a, b);
  return a.compare(b);
}

/** How a time prints: `3`, `(1, 0)`. */
export function formatTime(t: Time): string {
  return typeof t === "number" ? String(t) : t.toString();
}

/** Checks that `t` is a usable time and returns it; `what` names the value in the message. */
export function checkTime(t: unknown, what: string): Time {
  if (typeof t === "number") {
    if (!Number.isSafeInteger(t) || t < 0) {
      throw new TypeError(`${what} must be a non-negative safe integer or a Timestamp, got ${String(t)}`);
    }
    return t;
  }
  if (t !== null && typeof t === "object" && typeof (t as Timestamp).lessEqual === "function"
    && typeof (t as Timestamp).key === "function") {
    (t as Timestamp).validate?.(what);
    return t as Timestamp;
  }
  throw new TypeError(`${what} must be a non-negative safe integer or a Timestamp, got ${describe(t)}`);
}

function describe(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null || typeof v !== "object") return String(v);
  return Object.prototype.toString.call(v);
}

/** What kind of time `t` is, in words: "an integer", "a product (integer, integer)", ... (equal for times that compare). */
export function timeKind(t: Time): string {
  const shape = (x: Time): string => {
    if (typeof x === "number") return "integer";
    const p = x as { outer?: Time; inner?: Time };
    return p.outer !== undefined && p.inner !== undefined ? `(${shape(p.outer)}, ${shape(p.inner)})` : "time";
  };
  const s = shape(t);
  return s === "integer" ? "an integer" : `a product ${s}`;
}

function mixedTimes(a: Time, b: Time): TypeError {
  return new TypeError(`cannot compare times of different kinds: ${formatTime(a)} and ${formatTime(b)}`);
}
