/**
 * Keys whose last window was dropped, waiting a while before they leave the state.
 *
 * A busy key usually opens its next window soon after its last one closes; removing it from the
 * state and writing it back each time would cost two versioned writes per window. So an emptied
 * key stays (with no windows) for a while, and `due(upTo, remove)` removes those emptied at or
 * before `upTo` that are still empty. Entries are kept in the order they come (times only grow).
 */
import type { WindowRecord } from "./panes.js";

/** A FIFO of (time, key, list of windows) for keys that ran out of windows. */
export class EmptiedKeys {
  private times: number[] = [];
  private keys: unknown[] = [];
  private lists: WindowRecord[][] = [];
  private head = 0;

  /** Records that `key`'s `list` became empty at `time`. */
  add(time: number, key: unknown, list: WindowRecord[]): void {
    this.times.push(time);
    this.keys.push(key);
    this.lists.push(list);
  }

  /**
   * Checkpoints: the entries still waiting, as `[time, key]`, that can still act: those whose list
   * is the key's current one, `listOf(key)` (an entry of a list the key no longer has does nothing).
   */
  snapshot(listOf: (key: unknown) => WindowRecord[] | undefined): Array<[number, unknown]> {
    const out: Array<[number, unknown]> = [];
    for (let h = this.head; h < this.times.length; h++) if (listOf(this.keys[h]) === this.lists[h]) out.push([this.times[h]!, this.keys[h]]);
    return out;
  }

  /** Recovery: the entries `snapshot` gave, each with the key's restored list. */
  restore(entries: ReadonlyArray<readonly [number, unknown]>, listOf: (key: unknown) => WindowRecord[] | undefined): void {
    for (const [time, key] of entries) {
      const list = listOf(key);
      if (list !== undefined) this.add(time, key, list);
    }
  }

  /** Calls `remove(key, list)` for each entry up to `upTo` whose list is still empty, and forgets them. */
  due(upTo: number, remove: (key: unknown, list: WindowRecord[]) => void): void {
    let h = this.head;
    const times = this.times;
    if (h >= times.length || times[h]! > upTo) return;
    for (; h < times.length && times[h]! <= upTo; h++) {
      const list = this.lists[h]!;
      if (list.length === 0) remove(this.keys[h], list);
    }
    if (h === times.length) {
      this.times = [];
      this.keys = [];
      this.lists = [];
      h = 0;
    } else if (h > 1024 && h * 2 > times.length) {
      this.times = times.slice(h);
      this.keys = this.keys.slice(h);
      this.lists = this.lists.slice(h);
      h = 0;
    }
    this.head = h;
  }
}
