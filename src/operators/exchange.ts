/**
 * `exchange(key, n)`: routes each item to one of `n` outputs by a hash of its key, so that equal
 * keys always meet in the same partition — in this run, in every run, and in any process (the
 * hash is FNV-1a over the key's state-key text, not over object identity). This is how a later
 * multi-worker runtime will spread keyed work; in one process it splits a stream into `n` keyed
 * streams.
 */
import { stateKey } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { partitionLogic } from "./partition.js";

/** The partition, from 0 to `n - 1`, of `key` (stable across runs and processes). */
export function partitionOf(key: unknown, n: number): number {
  const k = stateKey(key);
  const text = `${typeof k}:${String(k)}`;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % n;
}

/** Routes each item to output `partitionOf(key(item), n)`. */
export function exchangeLogic<T>(key: (item: T) => unknown, n: number): OperatorLogic {
  return partitionLogic(n, (item) => partitionOf(key(item as T), n), `exchange(key, ${String(n)})`);
}
