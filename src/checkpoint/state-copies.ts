/**
 * Incremental copies of operators' keyed state into a checkpoint store.
 *
 * Each stateful operator's state (in memory by default) is watched from the start of the run; the
 * keys it changed since the last checkpoint are written to the store's namespace of the node's
 * name at the next cut, so a checkpoint writes only what changed. A state that already is one of
 * the store's namespaces is written by the commit itself and is not copied.
 *
 * Invariant: after `write()` and the store's commit, each namespace holds exactly the entries of
 * its operator's state at the cut.
 */
import { stateKey, type KeyedState, type StateKey } from "../state/keyed-state.js";
import type { SqliteStore } from "../state/sqlite-store.js";
import type { SqliteState } from "../state/sqlite-state.js";

interface Copy {
  readonly live: KeyedState<unknown>;
  readonly ns: SqliteState<unknown>;
  changed: Map<unknown, StateKey>;
  readonly stop: () => void;
}

/** The watched states of one run's operators. */
export class StateCopies {
  private readonly copies: Copy[] = [];

  /** Copies into `store`. */
  constructor(private readonly store: SqliteStore) {}

  /** Watches `live`, the state of node `name`; `all`: its present entries count as changed (a fresh start). */
  add(name: string, live: KeyedState<unknown>, all: boolean): void {
    if (this.store.holds(live)) return;
    if (live.watch === undefined) throw new Error(`the state of node "${name}" cannot be watched, so a checkpoint cannot copy it`);
    const copy: Copy = { live, ns: this.store.state(name), changed: new Map(), stop: () => undefined };
    (copy as { stop: () => void }).stop = live.watch((c) => void copy.changed.set(stateKey(c.key), c.key));
    if (all) for (const e of live.entries()) copy.changed.set(stateKey(e.key), e.key);
    this.copies.push(copy);
  }

  /** Writes every changed key to its namespace (the commit that follows makes it durable); returns how many. */
  write(): number {
    let n = 0;
    for (const c of this.copies) {
      const { live, ns } = c;
      for (const key of c.changed.values()) {
        const value = live.get(key);
        const version = ns.version(key) + 1;
        if (value === undefined) ns.delete(key, Number.isFinite(version) ? version : 1);
        else ns.put(key, value, Number.isFinite(version) ? version : 1);
        n++;
      }
      c.changed = new Map();
    }
    return n;
  }

  /** Stops watching. */
  stop(): void {
    for (const c of this.copies) c.stop();
    this.copies.length = 0;
  }
}
