/**
 * Groupings: how a stateful operator splits its input and shapes what it emits — the whole stream
 * as one group (results are plain values), or one group per key of a keyed stream (results are
 * `{ key, value }`).
 */

/** A result of a keyed operator: the key and the value computed for it. */
export interface KeyValue<K, V> {
  /** The key. */
  readonly key: K;
  /** What was computed for the key. */
  readonly value: V;
}

/** How items are grouped and results shaped. */
export interface Grouping {
  /** The group `item` belongs to (compared as state keys: by value, objects by their JSON). */
  group(item: unknown): unknown;
  /** What is emitted for `value`, computed for `group`. */
  result(group: unknown, value: unknown): unknown;
}

/** The whole stream is one group; results are the values themselves. */
export const WHOLE_STREAM: Grouping = {
  group: () => null,
  result: (_group, value) => value,
};

/** One group per key; results are `{ key, value }`. */
export function perKey(keyOf: (item: unknown) => unknown): Grouping {
  return {
    group: keyOf,
    result: (key, value): KeyValue<unknown, unknown> => ({ key, value }),
  };
}

/** Groups of `base` split further by `by(item)` (for `distinct`); results are shaped by `base`. */
export function refine(base: Grouping, by: (item: unknown) => unknown): Grouping {
  return {
    group: (item) => [base.group(item), by(item)],
    result: (group, value) => base.result((group as unknown[])[0], value),
  };
}
