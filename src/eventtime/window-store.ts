/**
 * The open windows of every key, in a `KeyedState`: per key, the list of its window records.
 *
 * Every write is a versioned `put` (or a `delete` when a key has no window left) with a version
 * that only grows, starting above any version already in the state (so a restored state keeps
 * working).
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { WindowRecord } from "./panes.js";

/** Window records by key, written through to a keyed state. */
export class WindowStore {
  private version = 0;

  /** The store over `state`. */
  constructor(readonly state: KeyedState<WindowRecord[]>) {
    for (const e of state.entries()) if (e.version > this.version) this.version = e.version;
  }

  /** The open windows of `key` (undefined when none). */
  get(key: unknown): WindowRecord[] | undefined {
    return this.state.get(key);
  }

  /** Writes the windows of `key` (removing the key when the list is empty). */
  save(key: unknown, list: WindowRecord[]): void {
    if (list.length > 0) this.state.put(key, list, ++this.version);
    else this.state.delete(key, ++this.version);
  }

  /** Every key with its windows (a copy of the list of entries, safe to change the state meanwhile). */
  entries(): Array<[unknown, WindowRecord[]]> {
    return [...this.state.entries()].map((e) => [e.key, e.value]);
  }
}
