/**
 * Antichains: sets of mutually incomparable times, the shape of every frontier.
 *
 * Invariant: no element is `<=` another. Inserting `x` does nothing when some element is `<= x`;
 * otherwise `x` enters and every element `>= x` leaves. The empty antichain means "done": no time
 * remains, so `lessThan` and `lessEqual` answer false for every time.
 */
import { insertMinimal } from "./minimal.js";
import { compareTimes, formatTime, lessEqual, lessThan, timeEquals, type Time } from "./order.js";

const inspect = Symbol.for("nodejs.util.inspect.custom");

/** A set of mutually incomparable times. */
export class Antichain<T extends Time = Time> {
  private readonly elems: T[] = [];
  private frozen = false;

  /** Builds the antichain of the minimal elements of `times`. */
  static from<T extends Time>(times: Iterable<T>): Antichain<T> {
    const a = new Antichain<T>();
    for (const t of times) a.insert(t);
    return a;
  }

  /** The empty antichain (no time remains). */
  static empty<T extends Time = Time>(): Antichain<T> {
    return new Antichain<T>().freeze();
  }

  /** Inserts `t` unless an element `<= t` exists; returns whether the antichain changed. */
  insert(t: T): boolean {
    if (this.frozen) throw new TypeError("this antichain is a frontier snapshot and cannot be changed; copy it with Antichain.from(a.elements)");
    return insertMinimal(this.elems, t, lessEqual);
  }

  /** Makes this antichain read-only and returns it. */
  freeze(): this {
    this.frozen = true;
    return this;
  }

  /** The elements, in the total order of {@link compareTimes}. */
  get elements(): readonly T[] {
    return this.elems.length > 1 ? [...this.elems].sort(compareTimes) : this.elems;
  }

  /** Number of elements. */
  get size(): number {
    return this.elems.length;
  }

  /** True when no time remains. */
  get isEmpty(): boolean {
    return this.elems.length === 0;
  }

  /** Some element is strictly less than `t`: a time `< t` may still appear. */
  lessThan(t: Time): boolean {
    for (const e of this.elems) if (lessThan(e, t)) return true;
    return false;
  }

  /** Some element is `<= t`: a time `<= t` may still appear. */
  lessEqual(t: Time): boolean {
    for (const e of this.elems) if (lessEqual(e, t)) return true;
    return false;
  }

  /** True when `t` is one of the elements. */
  has(t: Time): boolean {
    for (const e of this.elems) if (timeEquals(e, t)) return true;
    return false;
  }

  /** Same elements as `other`. */
  equals(other: Antichain<Time>): boolean {
    if (other.size !== this.size) return false;
    for (const e of this.elems) if (!other.has(e)) return false;
    return true;
  }

  /** Every time this antichain allows is also allowed by `other` (`other` is at or behind this). */
  dominatedBy(other: Antichain<Time>): boolean {
    for (const e of this.elems) if (!other.lessEqual(e)) return false;
    return true;
  }

  /** Prints like `[1]`, `[(0, 1), (1, 0)]` or `[]` (done), elements in the order of `elements`. */
  toString(): string {
    return `[${this.elements.map(formatTime).join(", ")}]`;
  }

  /** The elements as a plain array. */
  toJSON(): unknown[] {
    return this.elements.map((t) => (typeof t === "number" ? t : t.toString()));
  }

  [inspect](): string {
    return this.toString();
  }
}
