/**
 * Pair timestamps `(outer, inner)` in the product order, the times of iterative scopes.
 *
 * Invariant: `(a, b) <= (c, d)` iff `a <= c` and `b <= d` — not lexicographic. Two products can be
 * incomparable, which is why frontiers are antichains rather than single times.
 */
import { checkTime, compareTimes, formatTime, lessEqual, timeEquals, timeKey, type Time, type Timestamp } from "./order.js";

/** A pair timestamp ordered component-wise. */
export class Product implements Timestamp {
  /** Builds `(outer, inner)`. */
  constructor(readonly outer: Time, readonly inner: Time) {}

  lessEqual(other: Time): boolean {
    if (!(other instanceof Product)) throw new TypeError(`cannot compare ${this} with ${formatTime(other)}`);
    return lessEqual(this.outer, other.outer) && lessEqual(this.inner, other.inner);
  }

  equals(other: Time): boolean {
    return other instanceof Product && timeEquals(this.outer, other.outer) && timeEquals(this.inner, other.inner);
  }

  key(): string {
    return `(${timeKey(this.outer)},${timeKey(this.inner)})`;
  }

  /** Lexicographic: a linear extension of the product order. */
  compare(other: Time): number {
    if (!(other instanceof Product)) throw new TypeError(`cannot compare ${this} with ${formatTime(other)}`);
    return compareTimes(this.outer, other.outer) || compareTimes(this.inner, other.inner);
  }

  toString(): string {
    return `(${formatTime(this.outer)}, ${formatTime(this.inner)})`;
  }

  /** Checks both components. */
  validate(what: string): void {
    checkTime(this.outer, `the outer component of ${what}`);
    checkTime(this.inner, `the inner component of ${what}`);
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** Shorthand for `new Product(outer, inner)`. */
export function product(outer: Time, inner: Time): Product {
  return new Product(outer, inner);
}
