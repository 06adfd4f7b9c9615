/**
 * Counted multisets of times whose frontier is the antichain of minimal times with positive count.
 *
 * Invariant: `frontier` always equals the minimal elements among times whose accumulated count is
 * positive. Counts may pass through negative values while a batch of changes is applied; only the
 * frontier after the whole batch is reported.
 */
import { Antichain } from "./antichain.js";
import { NumberHeap } from "./heap.js";
import { insertMinimal } from "./minimal.js";
import { lessEqual, timeEquals, timeKey, type Time } from "./order.js";

interface Entry {
  time: Time;
  count: number;
}

/** A frontier change: `+1` when a time enters the frontier, `-1` when it leaves. */
export type FrontierChange = [time: Time, diff: 1 | -1];

/** Times with counts; the frontier is the minimal positive ones. */
export class MutableAntichain {
  private readonly counts = new Map<number | string, Entry>();
  private front: Time[] = [];
  private snapshot: Antichain | undefined = Antichain.empty();
  /** Every number time whose count went positive (entries whose count is no longer positive are skipped). */
  private readonly numbers = new NumberHeap();
  /** How many times that are not numbers have a positive count (none: the frontier is the least number). */
  private others = 0;

  /** Adds `diff` to the count of `t`; returns true when the frontier changed. */
  update(t: Time, diff: number): boolean {
    if (diff === 0) return false;
    const k = timeKey(t);
    const e = this.counts.get(k);
    const before = e === undefined ? 0 : e.count;
    const after = before + diff;
    if (e === undefined) this.counts.set(k, { time: t, count: after });
    else if (after === 0) this.counts.delete(k);
    else e.count = after;
    if (before <= 0 && after > 0) {
      if (typeof t === "number") this.numbers.push(t);
      else this.others++;
      return this.enter(t);
    }
    if (before > 0 && after <= 0) {
      if (typeof t !== "number") this.others--;
      return this.leave(t);
    }
    return false;
  }

  /** Applies a batch of changes and returns how the frontier changed (times leaving, then entering). */
  updateIter(changes: Iterable<readonly [Time, number]>): FrontierChange[] {
    const old = this.front.slice();
    let changed = false;
    for (const [t, d] of changes) if (this.update(t, d)) changed = true;
    return changed ? diffFrontiers(old, this.front) : [];
  }

  /** The current frontier (a read-only snapshot). */
  get frontier(): Antichain {
    if (this.snapshot === undefined) this.snapshot = Antichain.from(this.front).freeze();
    return this.snapshot;
  }

  /** The current frontier's elements (do not modify). */
  get frontierElements(): readonly Time[] {
    return this.front;
  }

  /** The accumulated count at `t`. */
  count(t: Time): number {
    return this.counts.get(timeKey(t))?.count ?? 0;
  }

  /** Every time with a non-zero count, with its count. */
  entries(): Array<[Time, number]> {
    return [...this.counts.values()].map((e) => [e.time, e.count]);
  }

  /** True when no time has a positive count. */
  get isEmpty(): boolean {
    return this.front.length === 0;
  }

  private enter(t: Time): boolean {
    if (!insertMinimal(this.front, t, lessEqual)) return false;
    this.snapshot = undefined;
    return true;
  }

  private leave(t: Time): boolean {
    const f = this.front;
    let found = false;
    for (let i = 0; i < f.length; i++) if (timeEquals(f[i]!, t)) { found = true; break; }
    if (!found) return false;
    if (this.others === 0) {
      // Numbers only (a total order): the frontier is the least number with a positive count.
      const heap = this.numbers;
      for (let m = heap.peek(); m !== undefined; m = heap.peek()) {
        if ((this.counts.get(m)?.count ?? 0) > 0) break;
        heap.pop();
      }
      const m = heap.peek();
      this.front = m === undefined ? [] : [m];
    } else {
      const front: Time[] = [];
      for (const e of this.counts.values()) if (e.count > 0) insertMinimal(front, e.time, lessEqual);
      this.front = front;
    }
    this.snapshot = undefined;
    return true;
  }
}

/** The changes that turn frontier `old` into frontier `now`. */
export function diffFrontiers(old: readonly Time[], now: readonly Time[]): FrontierChange[] {
  const out: FrontierChange[] = [];
  for (const t of old) if (!now.some((u) => timeEquals(u, t))) out.push([t, -1]);
  for (const t of now) if (!old.some((u) => timeEquals(u, t))) out.push([t, 1]);
  return out;
}
