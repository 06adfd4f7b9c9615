/**
 * Pointstamp counting and frontier computation (Timely's reachability tracker).
 *
 * Pointstamps `(location, time)` carry counts: a held capability, a batch in flight. The frontier
 * of a location is the antichain of minimal `s(t)` over every location with a positive count at
 * `t` and every path summary `s` from it to this location.
 *
 * Invariants:
 * - Counts are exact after every `update`. Frontiers change only in `flush`, which propagates the
 *   net change of each location's minimal pointstamps since the last flush. Because every action
 *   adds its new pointstamps before removing the ones it consumed, and new work is never earlier
 *   than the work it came from, a frontier that has not been flushed yet is at or behind the true
 *   one: reading it is always safe, just possibly stale.
 * - `outstanding` is the sum of all counts; it is zero exactly when nothing is held or in flight.
 */
import { Antichain } from "../time/antichain.js";
import { MutableAntichain, diffFrontiers, type FrontierChange } from "../time/mutable-antichain.js";
import type { Time } from "../time/order.js";
import { applySummary } from "../time/summary.js";
import { reach, type Reach } from "./reachability.js";
import { WILDCARD, type Topology } from "./topology.js";

const EMPTY: readonly Time[] = [];

/** Counts pointstamps and maintains the frontier at every location. */
export class ProgressTracker {
  private topology: Topology = { steps: [], roots: new Set() };
  private stale = false;
  private readonly reachCache = new Map<number, Reach[]>();
  /** Pointstamp counts per location. */
  private readonly stamps: Array<MutableAntichain | undefined> = [];
  /** Each location's minimal pointstamps as last propagated. */
  private propagated: Array<readonly Time[] | undefined> = [];
  /** Implied frontier counts per location. */
  private implied: Array<MutableAntichain | undefined> = [];
  /** Frontiers as last reported by `flush`. */
  private reported: Array<Antichain | undefined> = [];
  private roots = new MutableAntichain();
  private rootsPropagated: readonly Time[] = EMPTY;
  private dirty: number[] = [];
  private readonly isDirty: boolean[] = [];
  private touched = new Set<number>();
  /** Sum of all pointstamp counts: zero when nothing is held or in flight. */
  outstanding = 0;

  /** Called once when the first change after a flush arrives (to schedule the next flush). */
  onDirty: (() => void) | undefined;

  /** Replaces the location graph; frontiers are recomputed at the next flush. */
  setTopology(topology: Topology): void {
    this.topology = topology;
    this.stale = true;
    this.reachCache.clear();
    this.onDirty?.();
  }

  /** Adds `diff` to the pointstamp count of `(loc, time)`. */
  update(loc: number, time: Time, diff: number): void {
    let ps = this.stamps[loc];
    if (ps === undefined) this.stamps[loc] = ps = new MutableAntichain();
    this.outstanding += diff;
    if (ps.update(time, diff)) this.markDirty(loc);
  }

  /** The pointstamps counted at `loc`. */
  pointstamps(loc: number): MutableAntichain | undefined {
    return this.stamps[loc];
  }

  /** Forgets every pointstamp at `loc` (the location is gone); returns what was removed. */
  clear(loc: number): Array<[Time, number]> {
    const ps = this.stamps[loc];
    if (ps === undefined) return [];
    const removed = ps.entries();
    for (const [t, c] of removed) this.update(loc, t, -c);
    return removed;
  }

  /** The frontier at `loc` as of the last flush. */
  frontier(loc: number): Antichain {
    return this.implied[loc]?.frontier ?? Antichain.empty();
  }

  /** True when the topology changed since the last flush: frontiers must be recomputed before use. */
  get rebuilding(): boolean {
    return this.stale;
  }

  /** True when changes are waiting for a flush. */
  get pending(): boolean {
    return this.stale || this.dirty.length > 0;
  }

  /**
   * Propagates pending changes; returns the locations whose frontier changed. When `before` is
   * given, the frontier each of them had is pushed onto it, in the same order.
   */
  flush(before?: Antichain[]): number[] {
    if (this.stale) return this.rebuild(before);
    if (this.dirty.length === 0) return [];
    const dirty = this.dirty;
    this.dirty = [];
    for (const loc of dirty) {
      this.isDirty[loc] = false;
      const now = this.stamps[loc]?.frontierElements ?? EMPTY;
      const changes = diffFrontiers(this.propagated[loc] ?? EMPTY, now);
      if (changes.length === 0) continue;
      this.propagated[loc] = now.slice();
      this.propagate(loc, changes);
      if (this.topology.roots.has(loc)) this.roots.updateIter(changes);
    }
    const rootChanges = diffFrontiers(this.rootsPropagated, this.roots.frontierElements);
    if (rootChanges.length > 0) {
      this.rootsPropagated = this.roots.frontierElements.slice();
      this.propagate(WILDCARD, rootChanges);
    }
    return this.report(before);
  }

  private propagate(from: number, changes: readonly FrontierChange[]): void {
    let r = this.reachCache.get(from);
    if (r === undefined) this.reachCache.set(from, (r = reach(this.topology, from)));
    for (const { to, summaries } of r) {
      let imp = this.implied[to];
      if (imp === undefined) this.implied[to] = imp = new MutableAntichain();
      for (const [t, d] of changes) {
        for (const s of summaries) {
          const t2 = applySummary(s, t);
          if (t2 !== null && imp.update(t2, d)) this.touched.add(to);
        }
      }
    }
  }

  private report(previous?: Antichain[]): number[] {
    const out: number[] = [];
    for (const loc of this.touched) {
      const f = this.frontier(loc);
      const before = this.reported[loc];
      if (before === undefined ? !f.isEmpty : !before.equals(f)) {
        out.push(loc);
        previous?.push(before ?? Antichain.empty());
      }
      this.reported[loc] = f;
    }
    this.touched.clear();
    return out;
  }

  /**
   * The frontiers `locations` would have under `topology`, from the current counts, without changing
   * anything (to check a change to the graph before making it).
   */
  frontiersUnder(topology: Topology, locations: readonly number[]): Antichain[] {
    const want = new Map<number, Antichain>(locations.map((l) => [l, new Antichain()]));
    const rootTimes = new MutableAntichain();
    const add = (from: number, times: readonly Time[]): void => {
      for (const { to, summaries } of reach(topology, from)) {
        const a = want.get(to);
        if (a === undefined) continue;
        for (const t of times) for (const s of summaries) {
          const t2 = applySummary(s, t);
          if (t2 !== null) a.insert(t2);
        }
      }
    };
    for (let loc = 0; loc < this.stamps.length; loc++) {
      const now = this.stamps[loc]?.frontierElements;
      if (now === undefined || now.length === 0) continue;
      add(loc, now);
      if (topology.roots.has(loc)) for (const t of now) rootTimes.update(t, 1);
    }
    add(WILDCARD, rootTimes.frontierElements);
    return locations.map((l) => want.get(l)!.freeze());
  }

  /** Recomputes every implied frontier from the counts, after a topology change. */
  private rebuild(before?: Antichain[]): number[] {
    this.stale = false;
    for (const loc of this.dirty) this.isDirty[loc] = false;
    this.dirty = [];
    for (let loc = 0; loc < this.implied.length; loc++) if (this.implied[loc] !== undefined) this.touched.add(loc);
    this.implied = [];
    this.propagated = [];
    this.roots = new MutableAntichain();
    this.rootsPropagated = EMPTY;
    for (let loc = 0; loc < this.stamps.length; loc++) {
      const now = this.stamps[loc]?.frontierElements;
      if (now === undefined || now.length === 0) continue;
      const changes = diffFrontiers(EMPTY, now);
      this.propagated[loc] = now.slice();
      this.propagate(loc, changes);
      if (this.topology.roots.has(loc)) this.roots.updateIter(changes);
    }
    this.rootsPropagated = this.roots.frontierElements.slice();
    this.propagate(WILDCARD, diffFrontiers(EMPTY, this.rootsPropagated));
    return this.report(before);
  }

  private markDirty(loc: number): void {
    if (this.isDirty[loc] === true) return;
    this.isDirty[loc] = true;
    const wasClean = this.dirty.length === 0 && !this.stale;
    this.dirty.push(loc);
    if (wasClean) this.onDirty?.();
  }
}
