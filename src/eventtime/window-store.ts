/**
 * The open windows of every key, in a `KeyedState`: per key, the list of its window records.
 *
 * The state holds the current contents at all times: a key's list and its records are plain
 * objects owned by the state, changed in place (adding an element, firing a pane, opening,
 * merging or dropping a window): a versioned write per element would cost an allocation and
 * three more map operations per item. A key enters the state with a versioned `put` when its
 * first window opens and leaves it with a `delete` when its last one is dropped, with versions
 * that only grow, starting above any version already in the state (so a restored state keeps
 * working). A snapshot must therefore copy what it reads (as writing it out does) rather than
 * keep references to live records. Lookups go through an index of the same lists by state key
 * (one map lookup per element instead of a lookup and the entry it leads to); it is rebuilt from
 * the state when the store is made, so a state restored before the operator starts is used as is.
 * The index is the one copy the operator edits: `touch` hands the state that list, since a state
 * on disk may have read the key back as another object meanwhile. (So the open windows are in
 * memory even when their state is on disk; the disk makes them durable.)
 */
import { stateKey, type KeyedState } from "../state/keyed-state.js";
import type { WindowRecord } from "./panes.js";

/** Window records by key, written through to a keyed state. */
export class WindowStore {
  private version = 0;
  private readonly index = new Map<unknown, WindowRecord[]>();

  /** The store over `state`. */
  constructor(readonly state: KeyedState<WindowRecord[]>) {
    this.reload();
  }

  /** Reads the index and the version counter from the state again (after the state was restored). */
  reload(): void {
    this.index.clear();
    this.version = Math.max(this.version, this.state.newestVersion());
    for (const e of this.state.entries()) this.index.set(mapKey(e.key), e.value);
  }

  /** Says that `key`'s windows were changed in place (so a checkpoint writes them again). */
  touch(key: unknown): void {
    const list = this.index.get(mapKey(key));
    if (list !== undefined) this.state.touch?.(key, list);
  }

  /** The open windows of `key` (undefined when none). */
  get(key: unknown): WindowRecord[] | undefined {
    return this.index.get(mapKey(key));
  }

  /** A new list of windows for `key`, holding `first`, written to the state (windows are then added to it in place). */
  create(key: unknown, first: WindowRecord): WindowRecord[] {
    const list = [first];
    this.state.put(key, list, ++this.version);
    this.index.set(mapKey(key), list);
    return list;
  }

  /** Removes `key` (its last window was dropped). */
  remove(key: unknown): void {
    this.state.delete(key, ++this.version);
    this.index.delete(mapKey(key));
  }

  /** Every open window by its start, then by the map key of its key (for windows that do not merge, which their start names). */
  byStart(): Map<number, Map<unknown, WindowRecord>> {
    const out = new Map<number, Map<unknown, WindowRecord>>();
    for (const [k, list] of this.index) {
      for (const rec of list) {
        let byKey = out.get(rec.start);
        if (byKey === undefined) out.set(rec.start, (byKey = new Map()));
        byKey.set(k, rec);
      }
    }
    return out;
  }

  /** Every key with its windows, the lists the operator edits (a copy of the list of entries, safe to change the state meanwhile). */
  entries(): Array<[unknown, WindowRecord[]]> {
    return [...this.state.entries()].map((e) => [e.key, this.index.get(mapKey(e.key)) ?? e.value]);
  }
}

/** The map key of a state key (the key itself when it is a number or a string). */
export function mapKey(key: unknown): unknown {
  return typeof key === "number" || typeof key === "string" ? key : stateKey(key);
}
