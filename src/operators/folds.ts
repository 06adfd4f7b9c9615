/**
 * Folds: what the per-time aggregates compute over the items of one group at one time — `reduce`,
 * `aggregate`, `count`, `sum`, `min`, `max`, `avg`, `distinct`. Accumulators are plain data.
 */
import { describe } from "./checks.js";

/** How a group's items fold into one result: the first item starts it, each next one updates it. */
export interface Fold<T, A, R> {
  /** The accumulator after the group's first item. */
  first(item: T): A;
  /** The accumulator after one more item. */
  add(acc: A, item: T): A;
  /** What is emitted for the accumulator. */
  result(acc: A): R;
}

/** A user-defined aggregate (Flink's AggregateFunction, without merge): keep the accumulator plain data. */
export interface Aggregator<T, A, R = A> {
  /** A fresh accumulator. */
  init(): A;
  /** The accumulator after `item`. */
  add(acc: A, item: T): A;
  /** The result for an accumulator (default: the accumulator itself). */
  result?(acc: A): R;
}

const identity = <X>(x: X): X => x;

/** The fold of a user-defined aggregate. */
export function aggregatorFold<T, A, R>(agg: Aggregator<T, A, R>): Fold<T, A, R> {
  const result = agg.result === undefined ? (identity as (acc: A) => R) : (acc: A) => agg.result!(acc);
  return { first: (item) => agg.add(agg.init(), item), add: (acc, item) => agg.add(acc, item), result };
}

/** `reduce(f)`: the first item, then `f(acc, item)` for each next one. */
export function reduceFold<T>(f: (acc: T, item: T) => T): Fold<T, T, T> {
  return { first: identity, add: f, result: identity };
}

/** `count()`: how many items. */
export function countFold(): Fold<unknown, number, number> {
  return { first: () => 1, add: (n) => n + 1, result: identity };
}

/** `sum(f)`: the sum of `f(item)` (default: the items, which must be numbers). */
export function sumFold<T>(what: string, f?: (item: T) => number): Fold<T, number, number> {
  const num = numberOf(what, f);
  return { first: num, add: (acc, item) => acc + num(item), result: identity };
}

/** `avg(f)`: the mean of `f(item)` (default: the items, which must be numbers). */
export function avgFold<T>(what: string, f?: (item: T) => number): Fold<T, [sum: number, count: number], number> {
  const num = numberOf(what, f);
  return { first: (item) => [num(item), 1], add: (acc, item) => [acc[0] + num(item), acc[1] + 1], result: (acc) => acc[0] / acc[1] };
}

/** `min(by)` / `max(by)`: the item whose `by(item)` is least / greatest (the first of equals). */
export function extremeFold<T>(direction: "min" | "max", by: (item: T) => unknown = identity as (item: T) => unknown): Fold<T, T, T> {
  const better = direction === "min" ? (a: unknown, b: unknown) => (a as number) < (b as number) : (a: unknown, b: unknown) => (a as number) > (b as number);
  return { first: identity, add: (acc, item) => (better(by(item), by(acc)) ? item : acc), result: identity };
}

/** `distinct(by)`: the first item of each group (the grouping splits by `by(item)`). */
export function firstFold<T>(): Fold<T, T, T> {
  return { first: identity, add: identity, result: identity };
}

function numberOf<T>(what: string, f?: (item: T) => number): (item: T) => number {
  return (item) => {
    const v = f === undefined ? item : f(item);
    if (typeof v !== "number") {
      throw new TypeError(`${what}: expected a number${f === undefined ? " item (or pass a function that picks one)" : " from its function"}, got ${describe(v)}`);
    }
    return v;
  };
}
