/**
 * Window aggregations: how a window folds its elements into a value.
 *
 * An aggregation keeps an accumulator per window (plain data: numbers, arrays, small objects, so
 * window state can be snapshotted), adds elements to it, reads a result from it when a pane fires,
 * and merges two accumulators when session windows merge. `result` never hands out the
 * accumulator itself (a pane's value is not changed by later elements).
 */

/** A window aggregation over items `T` with accumulator `A` and result `R`. */
export interface Aggregation<T, A, R> {
  /** Its name (for views and messages). */
  readonly name: string;
  /** A new, empty accumulator. */
  create(): A;
  /** The accumulator with `item` added (may change and return `acc`). */
  add(acc: A, item: T): A;
  /** The pane's value. */
  result(acc: A): R;
  /** Two accumulators combined (needed by session windows). */
  merge?(a: A, b: A): A;
}

/** Flink's `AggregateFunction`: the user-facing form of an aggregation. */
export interface AggregateFunction<T, A, R> {
  /** A new, empty accumulator. */
  createAccumulator(): A;
  /** The accumulator with `value` added. */
  add(value: T, accumulator: A): A;
  /** The result for an accumulator. */
  getResult(accumulator: A): R;
  /** Two accumulators combined (needed by session windows). */
  merge?(a: A, b: A): A;
}

/** Number of elements. */
export function countOf<T>(): Aggregation<T, number, number> {
  return { name: "count", create: () => 0, add: (a) => a + 1, result: (a) => a, merge: (a, b) => a + b };
}

/** Sum of `f(item)` (default: the item itself, which must be a number). */
export function sumOf<T>(f?: (item: T) => number): Aggregation<T, number, number> {
  const num = numberOf(f, "sum");
  return { name: "sum", create: () => 0, add: (a, x) => a + num(x), result: (a) => a, merge: (a, b) => a + b };
}

/** Smallest `f(item)` (null for an empty pane). */
export function minOf<T>(f?: (item: T) => number): Aggregation<T, number | null, number | null> {
  const num = numberOf(f, "min");
  return { name: "min", create: () => null, add: (a, x) => pick(a, num(x), true), result: (a) => a, merge: (a, b) => (b === null ? a : pick(a, b, true)) };
}

/** Largest `f(item)` (null for an empty pane). */
export function maxOf<T>(f?: (item: T) => number): Aggregation<T, number | null, number | null> {
  const num = numberOf(f, "max");
  return { name: "max", create: () => null, add: (a, x) => pick(a, num(x), false), result: (a) => a, merge: (a, b) => (b === null ? a : pick(a, b, false)) };
}

/** Mean of `f(item)` (null for an empty pane). */
export function avgOf<T>(f?: (item: T) => number): Aggregation<T, { sum: number; count: number }, number | null> {
  const num = numberOf(f, "avg");
  return {
    name: "avg",
    create: () => ({ sum: 0, count: 0 }),
    add: (a, x) => {
      a.sum += num(x);
      a.count++;
      return a;
    },
    result: (a) => (a.count === 0 ? null : a.sum / a.count),
    merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
  };
}

/** Every element, in the order the window took them. */
export function collectOf<T>(): Aggregation<T, T[], T[]> {
  return {
    name: "collect",
    create: () => [],
    add: (a, x) => {
      a.push(x);
      return a;
    },
    result: (a) => a.slice(),
    merge: (a, b) => a.concat(b),
  };
}

/** Elements combined pairwise with `f` (the first element as is); the pane value of no elements is undefined. */
export function reduceOf<T>(f: (a: T, b: T) => T): Aggregation<T, T[], T | undefined> {
  checkFn(f, "reduce");
  return {
    name: "reduce",
    create: () => [],
    add: (a, x) => {
      if (a.length === 0) a.push(x);
      else a[0] = f(a[0]!, x);
      return a;
    },
    result: (a) => a[0],
    merge: (a, b) => (a.length === 0 ? b.slice() : b.length === 0 ? a.slice() : [f(a[0]!, b[0]!)]),
  };
}

/** A Flink-style `AggregateFunction` as an aggregation. */
export function fromAggregateFunction<T, A, R>(fn: AggregateFunction<T, A, R>): Aggregation<T, A, R> {
  if (fn === null || typeof fn !== "object") throw new TypeError(`aggregate() needs { createAccumulator, add, getResult, merge? }, got ${String(fn)}`);
  for (const k of ["createAccumulator", "add", "getResult"] as const) {
    if (typeof fn[k] !== "function") throw new TypeError(`aggregate(): ${k} must be a function, got ${typeof fn[k]}`);
  }
  if (fn.merge !== undefined && typeof fn.merge !== "function") throw new TypeError(`aggregate(): merge must be a function when given, got ${typeof fn.merge}`);
  const merge = fn.merge;
  return {
    name: "aggregate",
    create: () => fn.createAccumulator(),
    add: (a, x) => fn.add(x, a),
    result: (a) => fn.getResult(a),
    ...(merge ? { merge: (a: A, b: A) => merge.call(fn, a, b) } : {}),
  };
}

function pick(a: number | null, v: number, smaller: boolean): number {
  return a === null || (smaller ? v < a : v > a) ? v : a;
}

function numberOf<T>(f: ((item: T) => number) | undefined, what: string): (item: T) => number {
  if (f !== undefined) checkFn(f, what);
  return (item) => {
    const v = f === undefined ? item : f(item);
    if (typeof v !== "number" || Number.isNaN(v)) throw new TypeError(`${what}(): ${f === undefined ? "the item" : "the function's result"} must be a number, got ${typeof v === "number" ? "NaN" : typeof v}`);
    return v;
  };
}

function checkFn(f: unknown, what: string): void {
  if (typeof f !== "function") throw new TypeError(`${what}() needs a function, got ${f === null ? "null" : typeof f}`);
}
