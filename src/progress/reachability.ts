/**
 * Path summaries between locations, and the check that every cycle advances time.
 *
 * Invariant: `reach(topology, from)` maps every location reachable from `from` to the antichain of
 * the summaries of all paths between them (including `from` itself through the identity). It
 * terminates whenever every cycle strictly advances time, which {@link findStallingCycle} checks.
 */
import { insertMinimal } from "../time/minimal.js";
import { IDENTITY, followedBy, isIdentity, summaryLessEqual, type Summary } from "../time/summary.js";
import type { Step, Topology } from "./topology.js";

/** Every location reachable from one location, with the summaries of the paths there. */
export interface Reach {
  /** Reached location. */
  readonly to: number;
  /** Antichain of path summaries from the origin to `to`. */
  readonly summaries: Summary[];
}

/** Inserts `s` into an antichain of summaries; returns whether it changed. */
export function insertSummary(set: Summary[], s: Summary): boolean {
  return insertMinimal(set, s, summaryLessEqual);
}

/** The summaries of all paths from `from` to every location it reaches. */
export function reach(topology: Topology, from: number): Reach[] {
  const labels = new Map<number, Summary[]>([[from, [IDENTITY]]]);
  const work: Array<[number, Summary]> = [[from, IDENTITY]];
  let guard = 0;
  while (work.length > 0) {
    const [loc, s] = work.pop()!;
    for (const step of topology.steps[loc] ?? []) {
      const next = followedBy(s, step.summary);
      if (next === null) continue;
      let set = labels.get(step.to);
      if (set === undefined) labels.set(step.to, (set = []));
      if (insertSummary(set, next)) work.push([step.to, next]);
    }
    if (++guard > 10_000_000) throw new Error("path summaries do not converge: a cycle does not advance time");
  }
  return [...labels].map(([to, summaries]) => ({ to, summaries }));
}

/**
 * A cycle all of whose steps leave times unchanged, as a list of locations (first repeated at the
 * end), or null. Such a cycle would let a time wait on itself, so frontiers could never pass it.
 */
export function findStallingCycle(steps: ReadonlyArray<readonly Step[] | undefined>, extra?: readonly [number, Step]): number[] | null {
  const out = (loc: number): readonly Step[] => {
    const own = steps[loc] ?? [];
    return extra !== undefined && extra[0] === loc ? [...own, extra[1]] : own;
  };
  const state = new Map<number, 1 | 2>(); // 1: on the stack, 2: finished
  const stack: number[] = [];
  const visit = (loc: number): number[] | null => {
    state.set(loc, 1);
    stack.push(loc);
    for (const step of out(loc)) {
      if (!isIdentity(step.summary)) continue;
      const st = state.get(step.to);
      if (st === 1) return [...stack.slice(stack.indexOf(step.to)), step.to];
      if (st === undefined) {
        const found = visit(step.to);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(loc, 2);
    return null;
  };
  const starts = extra !== undefined ? [extra[0]] : steps.keys();
  for (const loc of starts) {
    if (state.has(loc)) continue;
    const found = visit(loc);
    if (found) return found;
  }
  return null;
}
