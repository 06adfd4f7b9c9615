/**
 * Path summaries: what a path through the graph does to a time.
 *
 * Invariants: a summary never moves a time backwards (`t <= apply(s, t)`), summaries compose with
 * {@link followedBy}, `0` is the identity for every kind of time, and `apply` answers `null` when
 * the result cannot be represented (the time cannot travel that path).
 */
import { formatTime, type Time } from "./order.js";
import { Product } from "./product.js";

/** A summary that is not a plain integer increment. */
export interface PathSummary {
  /** The time `t` becomes after the path, or null if it cannot travel it. */
  apply(t: Time): Time | null;
  /** This summary, then `next`; null when the composition overflows. */
  followedBy(next: Summary): Summary | null;
  /** `this <= other`: for every time, this path's result is no later than the other's. */
  lessEqual(other: Summary): boolean;
  /** True when the summary leaves every time unchanged. */
  isIdentity(): boolean;
  /** How the summary prints. */
  toString(): string;
  /** Throws a TypeError naming `what` when a part of the summary is not valid. */
  validate?(what: string): void;
}

/** A path summary: an integer increment `k >= 0`, or a structured {@link PathSummary}. */
export type Summary = number | PathSummary;

/** The summary that changes nothing. */
export const IDENTITY: Summary = 0;

/** The time `t` becomes after a path summarized by `s`, or null when it cannot travel it. */
export function applySummary(s: Summary, t: Time): Time | null {
  if (typeof s === "number") {
    if (s === 0) return t;
    if (typeof t === "number") {
      const r = t + s;
      return Number.isSafeInteger(r) ? r : null;
    }
    throw new TypeError(`integer summary +${s} cannot apply to the time ${formatTime(t)}`);
  }
  return s.apply(t);
}

/** Composes two summaries: first `a`, then `b`. */
export function followedBy(a: Summary, b: Summary): Summary | null {
  if (typeof a === "number" && typeof b === "number") {
    const r = a + b;
    return Number.isSafeInteger(r) ? r : null;
  }
  if (a === 0) return b;
  if (b === 0) return a;
  if (typeof a === "number") throw new TypeError(`cannot compose summaries +${a} and ${formatSummary(b)}`);
  return a.followedBy(b);
}

/** `a <= b` in the order of summaries. */
export function summaryLessEqual(a: Summary, b: Summary): boolean {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  if (a === 0) return true;
  if (b === 0) return isIdentity(a);
  if (typeof a === "number") throw new TypeError(`cannot compare summaries +${a} and ${formatSummary(b)}`);
  return a.lessEqual(b);
}

/** True when `s` leaves every time unchanged. */
export function isIdentity(s: Summary): boolean {
  return typeof s === "number" ? s === 0 : s.isIdentity();
}

/** How a summary prints: `+1`, `(+0, +1)`. */
export function formatSummary(s: Summary): string {
  return typeof s === "number" ? `+${s}` : s.toString();
}

/** Checks that `s` is a usable summary (a non-negative safe integer or a PathSummary). */
export function checkSummary(s: unknown, what: string): Summary {
  if (typeof s === "number") {
    if (!Number.isSafeInteger(s) || s < 0) {
      throw new TypeError(`${what} must be a non-negative integer or a PathSummary (summaries never move time backwards), got ${s}`);
    }
    return s;
  }
  if (s !== null && typeof s === "object" && typeof (s as PathSummary).apply === "function") {
    (s as PathSummary).validate?.(what);
    return s as PathSummary;
  }
  throw new TypeError(`${what} must be a non-negative integer or a PathSummary, got ${String(s)}`);
}

/** A summary for {@link Product} times, applied component-wise. */
export class ProductSummary implements PathSummary {
  /** Builds the summary that applies `outer` to the outer and `inner` to the inner component. */
  constructor(readonly outer: Summary, readonly inner: Summary) {}

  apply(t: Time): Time | null {
    if (!(t instanceof Product)) throw new TypeError(`product summary ${this} cannot apply to the time ${formatTime(t)}`);
    const o = applySummary(this.outer, t.outer);
    if (o === null) return null;
    const i = applySummary(this.inner, t.inner);
    return i === null ? null : new Product(o, i);
  }

  followedBy(next: Summary): Summary | null {
    if (next === 0) return this;
    if (!(next instanceof ProductSummary)) throw new TypeError(`cannot compose ${this} with ${formatSummary(next)}`);
    const o = followedBy(this.outer, next.outer);
    if (o === null) return null;
    const i = followedBy(this.inner, next.inner);
    return i === null ? null : new ProductSummary(o, i);
  }

  lessEqual(other: Summary): boolean {
    if (other === 0) return this.isIdentity();
    if (!(other instanceof ProductSummary)) throw new TypeError(`cannot compare ${this} with ${formatSummary(other)}`);
    return summaryLessEqual(this.outer, other.outer) && summaryLessEqual(this.inner, other.inner);
  }

  isIdentity(): boolean {
    return isIdentity(this.outer) && isIdentity(this.inner);
  }

  toString(): string {
    return `(${formatSummary(this.outer)}, ${formatSummary(this.inner)})`;
  }

  /** Checks both components. */
  validate(what: string): void {
    checkSummary(this.outer, `the outer component of ${what}`);
    checkSummary(this.inner, `the inner component of ${what}`);
  }
}
