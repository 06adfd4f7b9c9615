import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  Antichain,
  ProductSummary,
  ProgressTracker,
  WILDCARD,
  applySummary,
  formatSummary,
  product,
  type Step,
  type Summary,
  type Time,
  type Topology,
} from "../src/internals.js";
// `reach` and `findStallingCycle` are not re-exported from the package entry point.
import { findStallingCycle, reach } from "../src/progress/index.js";

const p = product;

/** Node i of a cycle: input port (target) and output port (source) locations. */
const IN = (i: number): number => 1 + 2 * i;
const OUT = (i: number): number => 2 + 2 * i;

/** The SEMANTICS reference shape: n nodes in a ring, internal summaries `s`, edges i → i+1. */
function ring(s: readonly Summary[]): Topology {
  const n = s.length;
  const steps: Step[][] = [];
  for (let i = 0; i < n; i++) {
    steps[IN(i)] = [{ to: OUT(i), summary: s[i]! }];
    steps[OUT(i)] = [{ to: IN((i + 1) % n), summary: 0 }];
  }
  return { steps, roots: new Set() };
}

/** A topology from a list of `[from, to, summary]` steps. */
function topo(edges: ReadonlyArray<readonly [number, number, Summary]>, roots: readonly number[] = []): Topology {
  const steps: Step[][] = [];
  for (const [from, to, summary] of edges) (steps[from] ??= []).push({ to, summary });
  return { steps, roots: new Set(roots) };
}

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
const fr = (t: ProgressTracker, loc: number): string => String(t.frontier(loc));

// ---------------------------------------------------------------------------------------------
// The reference case
// ---------------------------------------------------------------------------------------------

describe("ProgressTracker: the SEMANTICS reference case (3-node cycle, summaries 0, 0, +1)", () => {
  it("adding +1 at node 0's output at 17: node 1 and node 2 inputs gain 17, node 0's input gains 18; removing reverses exactly that", () => {
    const t = new ProgressTracker();
    t.setTopology(ring([0, 0, 1]));
    expect(t.flush()).toEqual([]);
    for (let i = 0; i < 3; i++) expect(fr(t, IN(i))).toBe("[]");

    t.update(OUT(0), 17, 1);
    expect(t.pending).toBe(true);
    // not flushed yet: frontiers have not moved
    expect(fr(t, IN(1))).toBe("[]");
    const added = t.flush();
    expect(t.pending).toBe(false);
    // every port of the cycle changed: the three inputs and the three outputs
    expect(sorted(added)).toEqual([IN(0), OUT(0), IN(1), OUT(1), IN(2), OUT(2)]);
    expect(fr(t, IN(1))).toBe("[17]");
    expect(fr(t, IN(2))).toBe("[17]");
    expect(fr(t, IN(0))).toBe("[18]");
    expect(fr(t, OUT(0))).toBe("[17]");
    expect(fr(t, OUT(1))).toBe("[17]");
    expect(fr(t, OUT(2))).toBe("[18]");
    expect(fr(t, WILDCARD)).toBe("[]"); // no roots
    expect(t.frontier(IN(0)).lessEqual(17)).toBe(false);
    expect(t.frontier(IN(0)).lessEqual(18)).toBe(true);
    expect(t.outstanding).toBe(1);

    t.update(OUT(0), 17, -1);
    const removed = t.flush();
    expect(sorted(removed)).toEqual(sorted(added));
    for (let i = 0; i < 3; i++) {
      expect(fr(t, IN(i))).toBe("[]");
      expect(fr(t, OUT(i))).toBe("[]");
      expect(t.frontier(IN(i)).isEmpty).toBe(true);
    }
    expect(t.outstanding).toBe(0);
    expect(t.flush()).toEqual([]);
  });

  it("frontiers handed out are frozen snapshots that keep their value", () => {
    const t = new ProgressTracker();
    t.setTopology(ring([0, 0, 1]));
    expect(() => t.frontier(IN(0)).insert(1)).toThrow(
      "this antichain is a frontier snapshot and cannot be changed; copy it with Antichain.from(a.elements)",
    );
    t.update(OUT(0), 17, 1);
    t.flush();
    const f = t.frontier(IN(0));
    expect(() => f.insert(3)).toThrow("frontier snapshot");
    t.update(OUT(0), 17, -1);
    t.flush();
    expect(String(f)).toBe("[18]");
    expect(fr(t, IN(0))).toBe("[]");
  });

  it("a later pointstamp behind the frontier changes nothing until the earlier one goes", () => {
    const t = new ProgressTracker();
    t.setTopology(ring([0, 0, 1]));
    t.update(OUT(0), 17, 1);
    t.flush();
    t.update(IN(1), 20, 1); // a batch at 20 waiting at node 1's input
    expect(t.flush()).toEqual([]);
    expect(fr(t, IN(1))).toBe("[17]");

    t.update(OUT(0), 17, -1);
    expect(sorted(t.flush())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fr(t, IN(1))).toBe("[20]"); // the waiting batch counts through the identity
    expect(fr(t, OUT(1))).toBe("[20]");
    expect(fr(t, IN(2))).toBe("[20]");
    expect(fr(t, OUT(2))).toBe("[21]");
    expect(fr(t, IN(0))).toBe("[21]");
    expect(fr(t, OUT(0))).toBe("[21]");
    expect(t.outstanding).toBe(1);
  });

  it("consuming a batch and taking a capability at the same time (+1 then -1) moves only the consumer's input", () => {
    const t = new ProgressTracker();
    t.setTopology(ring([0, 0, 1]));
    t.update(IN(1), 17, 1);
    t.flush();
    expect(fr(t, IN(1))).toBe("[17]");
    expect(fr(t, OUT(1))).toBe("[17]");
    expect(fr(t, IN(2))).toBe("[17]");
    expect(fr(t, OUT(2))).toBe("[18]");
    expect(fr(t, IN(0))).toBe("[18]");
    expect(fr(t, OUT(0))).toBe("[18]");
    // node 1 consumes the batch: capability at its output first, then the batch leaves its input
    t.update(OUT(1), 17, 1);
    t.update(IN(1), 17, -1);
    expect(t.flush()).toEqual([IN(1)]);
    expect(fr(t, IN(1))).toBe("[18]"); // only reachable around the cycle now
    expect(fr(t, OUT(1))).toBe("[17]");
    expect(fr(t, IN(2))).toBe("[17]");
    expect(fr(t, OUT(2))).toBe("[18]");
    expect(fr(t, IN(0))).toBe("[18]");
    expect(fr(t, OUT(0))).toBe("[18]");
    expect(t.outstanding).toBe(1);
  });

  it("flush reports only locations whose frontier actually moved", () => {
    const t = new ProgressTracker();
    t.setTopology(ring([0, 0, 1]));
    t.update(OUT(0), 17, 1);
    t.flush();
    // node 1 also holds a capability at 17: every frontier already allows 17 there
    t.update(OUT(1), 17, 1);
    expect(t.flush()).toEqual([]);
    // a batch at 17 waits at node 0's input: only that input moves (18 → 17); OUT(2) stays 18
    t.update(IN(0), 17, 1);
    expect(t.flush()).toEqual([IN(0)]);
    expect(fr(t, IN(0))).toBe("[17]");
    expect(fr(t, OUT(2))).toBe("[18]");
    t.update(IN(0), 17, -1);
    expect(t.flush()).toEqual([IN(0)]);
    expect(fr(t, IN(0))).toBe("[18]");
    // dropping node 0's capability: only node 0's output and node 1's input move, to 18
    t.update(OUT(0), 17, -1);
    expect(sorted(t.flush())).toEqual([OUT(0), IN(1)]);
    expect(fr(t, OUT(0))).toBe("[18]");
    expect(fr(t, IN(1))).toBe("[18]");
    expect(fr(t, OUT(1))).toBe("[17]");
    expect(fr(t, IN(2))).toBe("[17]");
    expect(fr(t, OUT(2))).toBe("[18]");
    expect(fr(t, IN(0))).toBe("[18]");
  });
});

// ---------------------------------------------------------------------------------------------
// Reachability
// ---------------------------------------------------------------------------------------------

describe("findStallingCycle", () => {
  it("finds a cycle whose summaries are all 0 and returns its locations, first repeated at the end", () => {
    expect(findStallingCycle(ring([0, 0, 0]).steps)).toEqual([1, 2, 3, 4, 5, 6, 1]);
  });

  it("returns null when some step of every cycle advances time", () => {
    expect(findStallingCycle(ring([0, 0, 1]).steps)).toBeNull();
    expect(findStallingCycle(ring([1, 0, 0]).steps)).toBeNull();
    expect(findStallingCycle(topo([[1, 2, 0], [2, 3, 0], [1, 3, 0]]).steps)).toBeNull(); // a diamond is not a cycle
    expect(findStallingCycle([])).toBeNull();
  });

  it("finds a stalling cycle that does not contain the first location", () => {
    const steps = topo([
      [1, 2, 0],
      [2, 3, 0],
      [3, 4, 0],
      [4, 2, 0],
      [4, 5, 1],
    ]).steps;
    expect(findStallingCycle(steps)).toEqual([2, 3, 4, 2]);
  });

  it("finds the stalling cycle among advancing ones", () => {
    const steps = topo([
      [1, 2, 0],
      [2, 1, 1],
      [2, 3, 0],
      [3, 2, 0],
    ]).steps;
    expect(findStallingCycle(steps)).toEqual([2, 3, 2]);
  });

  it("checks a proposed extra step: it closes a 0-cycle or not", () => {
    const steps = topo([
      [1, 2, 0],
      [2, 3, 0],
    ]).steps;
    expect(findStallingCycle(steps)).toBeNull();
    expect(findStallingCycle(steps, [3, { to: 1, summary: 0 }])).toEqual([3, 1, 2, 3]);
    expect(findStallingCycle(steps, [3, { to: 1, summary: 1 }])).toBeNull();
    // the proposed step is not added to the topology
    expect(steps[3]).toBeUndefined();
  });

  it("a self-loop with summary 0 stalls", () => {
    expect(findStallingCycle(topo([[4, 4, 0]]).steps)).toEqual([4, 4]);
    expect(findStallingCycle(topo([[4, 4, 2]]).steps)).toBeNull();
  });

  it("product summaries: the feedback (+0, +1) advances, an identity product summary does not", () => {
    expect(findStallingCycle(topo([[1, 2, 0], [2, 1, new ProductSummary(0, 1)]]).steps)).toBeNull();
    expect(findStallingCycle(topo([[1, 2, 0], [2, 1, new ProductSummary(0, 0)]]).steps)).toEqual([1, 2, 1]);
  });
});

describe("reach", () => {
  const byTo = (r: ReturnType<typeof reach>): Record<number, string[]> =>
    Object.fromEntries(r.map(({ to, summaries }) => [to, summaries.map(formatSummary).sort()]));

  it("two paths +1 and +2 to the same place: only +1 is kept", () => {
    const t = topo([
      [1, 2, 1],
      [1, 3, 1],
      [3, 2, 1],
    ]);
    expect(byTo(reach(t, 1))).toEqual({ 1: ["+0"], 2: ["+1"], 3: ["+1"] });
  });

  it("keeps the smaller summary whichever path is explored first", () => {
    // direct +5 versus indirect 0 then +2, continuing to 4 with +1
    const a = topo([
      [1, 2, 5],
      [1, 3, 0],
      [3, 2, 2],
      [2, 4, 1],
    ]);
    expect(byTo(reach(a, 1))).toEqual({ 1: ["+0"], 2: ["+2"], 3: ["+0"], 4: ["+3"] });
    const b = topo([
      [1, 3, 0],
      [3, 2, 2],
      [1, 2, 5],
      [2, 4, 1],
    ]);
    expect(byTo(reach(b, 1))).toEqual({ 1: ["+0"], 2: ["+2"], 3: ["+0"], 4: ["+3"] });
  });

  it("incomparable product summaries are both kept; a dominated one is dropped", () => {
    const t = topo([
      [1, 2, new ProductSummary(1, 0)],
      [1, 3, new ProductSummary(0, 1)],
      [3, 2, 0],
      [1, 4, new ProductSummary(1, 1)],
      [4, 2, 0],
    ]);
    expect(byTo(reach(t, 1))).toEqual({
      1: ["+0"],
      2: ["(+0, +1)", "(+1, +0)"],
      3: ["(+0, +1)"],
      4: ["(+1, +1)"],
    });
  });

  it("a cycle through a loop feedback converges: the origin keeps the identity", () => {
    const t = topo([
      [1, 2, 0],
      [2, 1, new ProductSummary(0, 1)],
      [2, 3, 0],
    ]);
    expect(byTo(reach(t, 1))).toEqual({ 1: ["+0"], 2: ["+0"], 3: ["+0"] });
    expect(byTo(reach(t, 2))).toEqual({ 1: ["(+0, +1)"], 2: ["+0"], 3: ["+0"] });
  });

  it("in the reference ring, node 0's output reaches its own input with +1", () => {
    expect(byTo(reach(ring([0, 0, 1]), OUT(0)))).toEqual({
      [IN(0)]: ["+1"],
      [OUT(0)]: ["+0"],
      [IN(1)]: ["+0"],
      [OUT(1)]: ["+0"],
      [IN(2)]: ["+0"],
      [OUT(2)]: ["+1"],
    });
  });

  it("only reachable locations are listed; a location with no steps reaches only itself", () => {
    const t = topo([
      [1, 2, 0],
      [3, 1, 0],
    ]);
    expect(byTo(reach(t, 1))).toEqual({ 1: ["+0"], 2: ["+0"] });
    expect(byTo(reach(t, 9))).toEqual({ 9: ["+0"] });
  });

  it("a path whose summary overflows is not a path", () => {
    const big = Number.MAX_SAFE_INTEGER;
    const t = topo([
      [1, 2, big],
      [2, 3, 1],
    ]);
    expect(byTo(reach(t, 1))).toEqual({ 1: ["+0"], 2: [`+${big}`] });
  });
});

// ---------------------------------------------------------------------------------------------
// Wildcard and roots
// ---------------------------------------------------------------------------------------------

describe("ProgressTracker: the wildcard location", () => {
  // 1: capability of an input-less node (a root) → 2: its output → 3: a connected input.
  // 7: another root with no steps. WILDCARD → 5: an input never connected → 6 (+1).
  const shape = (): Topology =>
    topo(
      [
        [1, 2, 0],
        [2, 3, 0],
        [WILDCARD, 5, 0],
        [5, 6, 1],
      ],
      [1, 7],
    );

  it("a location stepped to from WILDCARD gets the frontier of the roots", () => {
    const t = new ProgressTracker();
    t.setTopology(shape());
    t.update(1, 4, 1);
    expect(sorted(t.flush())).toEqual([WILDCARD, 1, 2, 3, 5, 6]);
    expect(fr(t, WILDCARD)).toBe("[4]");
    expect(fr(t, 5)).toBe("[4]");
    expect(fr(t, 6)).toBe("[5]");
    expect(fr(t, 3)).toBe("[4]");

    // a second root behind the first: the wildcard follows the minimum of the roots
    t.update(7, 2, 1);
    expect(sorted(t.flush())).toEqual([WILDCARD, 5, 6, 7]);
    expect(fr(t, WILDCARD)).toBe("[2]");
    expect(fr(t, 5)).toBe("[2]");
    expect(fr(t, 6)).toBe("[3]");
    expect(fr(t, 3)).toBe("[4]"); // not downstream of root 7

    // the first root advances 4 → 9: the wildcard stays at 2
    t.update(1, 9, 1);
    t.update(1, 4, -1);
    expect(sorted(t.flush())).toEqual([1, 2, 3]);
    expect(fr(t, WILDCARD)).toBe("[2]");
    expect(fr(t, 3)).toBe("[9]");

    // root 7 closes: the wildcard moves to 9
    t.update(7, 2, -1);
    expect(sorted(t.flush())).toEqual([WILDCARD, 5, 6, 7]);
    expect(fr(t, WILDCARD)).toBe("[9]");
    expect(fr(t, 5)).toBe("[9]");
    expect(fr(t, 6)).toBe("[10]");

    // all roots close: the wildcard frontier is empty
    t.update(1, 9, -1);
    expect(sorted(t.flush())).toEqual([WILDCARD, 1, 2, 3, 5, 6]);
    expect(fr(t, WILDCARD)).toBe("[]");
    expect(fr(t, 5)).toBe("[]");
    expect(fr(t, 6)).toBe("[]");
  });

  it("pointstamps at a non-root location do not reach the wildcard", () => {
    const t = new ProgressTracker();
    t.setTopology(shape());
    t.update(2, 1, 1);
    expect(sorted(t.flush())).toEqual([2, 3]);
    expect(fr(t, WILDCARD)).toBe("[]");
    expect(fr(t, 5)).toBe("[]");
    expect(fr(t, 3)).toBe("[1]");
  });

  it("product times through the wildcard", () => {
    const t = new ProgressTracker();
    t.setTopology(
      topo(
        [
          [1, 2, 0],
          [2, 3, 0],
          [WILDCARD, 5, 0],
          [5, 6, new ProductSummary(0, 1)],
        ],
        [1, 7],
      ),
    );
    t.update(1, p(0, 3), 1);
    t.update(7, p(2, 0), 1);
    t.flush();
    expect(fr(t, WILDCARD)).toBe("[(0, 3), (2, 0)]");
    expect(fr(t, 5)).toBe("[(0, 3), (2, 0)]");
    expect(fr(t, 6)).toBe("[(0, 4), (2, 1)]");
    expect(fr(t, 3)).toBe("[(0, 3)]");
  });
});

// ---------------------------------------------------------------------------------------------
// Product times through a loop
// ---------------------------------------------------------------------------------------------

describe("ProgressTracker: product times and a loop feedback (+0, +1)", () => {
  // 1: loop body input, 2: loop body output, feedback 2 → 1 adds 1 to the inner component,
  // 2 → 3: loop egress.
  const loop = (): Topology =>
    topo([
      [1, 2, 0],
      [2, 1, new ProductSummary(0, 1)],
      [2, 3, 0],
    ]);

  it("frontiers with several incomparable elements", () => {
    const t = new ProgressTracker();
    t.setTopology(loop());
    t.update(2, p(0, 0), 1);
    expect(sorted(t.flush())).toEqual([1, 2, 3]);
    expect(fr(t, 2)).toBe("[(0, 0)]");
    expect(fr(t, 1)).toBe("[(0, 1)]");
    expect(fr(t, 3)).toBe("[(0, 0)]");

    t.update(1, p(1, 0), 1);
    expect(sorted(t.flush())).toEqual([1]);
    expect(fr(t, 1)).toBe("[(0, 1), (1, 0)]");
    expect(t.frontier(1).size).toBe(2);
    expect(t.frontier(1).lessEqual(p(0, 5))).toBe(true);
    expect(t.frontier(1).lessEqual(p(0, 0))).toBe(false);
    expect(fr(t, 2)).toBe("[(0, 0)]");

    t.update(2, p(0, 0), -1);
    expect(sorted(t.flush())).toEqual([1, 2, 3]);
    expect(fr(t, 1)).toBe("[(1, 0)]");
    expect(fr(t, 2)).toBe("[(1, 0)]");
    expect(fr(t, 3)).toBe("[(1, 0)]");
  });

  it("two incomparable pointstamps at one location both propagate", () => {
    const t = new ProgressTracker();
    t.setTopology(loop());
    t.update(2, p(0, 2), 1);
    t.update(2, p(1, 0), 1);
    t.update(2, p(1, 2), 1); // dominated
    t.flush();
    expect(fr(t, 2)).toBe("[(0, 2), (1, 0)]");
    expect(fr(t, 1)).toBe("[(0, 3), (1, 1)]");
    expect(fr(t, 3)).toBe("[(0, 2), (1, 0)]");
    expect(t.outstanding).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------
// Counts, clear, preview, topology changes
// ---------------------------------------------------------------------------------------------

describe("ProgressTracker: outstanding, pointstamps and clear", () => {
  it("outstanding is the sum of all counts and returns to zero when everything drains", () => {
    const t = new ProgressTracker();
    t.setTopology(ring([0, 0, 1]));
    expect(t.outstanding).toBe(0);
    t.update(OUT(0), 3, 2);
    t.update(IN(1), 5, 1);
    t.update(IN(2), 5, 1);
    expect(t.outstanding).toBe(4);
    t.update(IN(1), 5, -1);
    expect(t.outstanding).toBe(3);
    t.update(IN(2), 6, -1); // transiently negative at one pointstamp
    expect(t.outstanding).toBe(2);
    t.update(IN(2), 6, 1);
    t.update(IN(2), 5, -1);
    t.update(OUT(0), 3, -2);
    expect(t.outstanding).toBe(0);
    t.flush();
    for (let loc = 1; loc <= 6; loc++) expect(fr(t, loc)).toBe("[]");
  });

  it("pointstamps(loc) exposes the counts at a location", () => {
    const t = new ProgressTracker();
    t.setTopology(ring([0, 0, 1]));
    expect(t.pointstamps(IN(0))).toBeUndefined();
    t.update(IN(0), 4, 2);
    t.update(IN(0), 6, 1);
    expect(t.pointstamps(IN(0))!.count(4)).toBe(2);
    expect(t.pointstamps(IN(0))!.count(6)).toBe(1);
    expect(String(t.pointstamps(IN(0))!.frontier)).toBe("[4]");
  });

  it("clear(loc) removes every pointstamp at loc, returns them, and frontiers follow at the next flush", () => {
    const t = new ProgressTracker();
    t.setTopology(ring([0, 0, 1]));
    t.update(OUT(0), 3, 2);
    t.update(OUT(0), 5, 1);
    t.update(IN(2), 8, 1);
    t.flush();
    expect(fr(t, IN(1))).toBe("[3]");
    expect(t.outstanding).toBe(4);

    const removed = t.clear(OUT(0));
    expect(removed.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([
      [3, 2],
      [5, 1],
    ]);
    expect(t.outstanding).toBe(1);
    expect(t.pointstamps(OUT(0))!.isEmpty).toBe(true);
    expect(t.pointstamps(OUT(0))!.entries()).toEqual([]);
    expect(fr(t, IN(1))).toBe("[3]"); // not flushed yet
    expect(sorted(t.flush())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(fr(t, IN(1))).toBe("[9]");
    expect(fr(t, IN(2))).toBe("[8]");
    expect(fr(t, IN(0))).toBe("[9]");

    expect(t.clear(OUT(0))).toEqual([]);
    expect(t.clear(42)).toEqual([]);
    expect(t.outstanding).toBe(1);
  });

  it("onDirty fires once for the first change after a flush", () => {
    const t = new ProgressTracker();
    t.setTopology(ring([0, 0, 1]));
    t.flush();
    let calls = 0;
    t.onDirty = () => void calls++;
    t.update(OUT(0), 1, 1);
    t.update(OUT(1), 1, 1);
    t.update(OUT(0), 2, 1); // no frontier change at OUT(0)
    expect(calls).toBe(1);
    t.flush();
    t.update(OUT(2), 1, 1);
    expect(calls).toBe(2);
    t.update(OUT(2), 5, 1); // behind the frontier: not a frontier change
    expect(calls).toBe(2);
  });
});

describe("ProgressTracker: frontiersUnder previews a topology without changing anything", () => {
  it("gives the frontiers a new topology would have, leaving the tracker untouched", () => {
    const t = new ProgressTracker();
    const before = topo([
      [1, 2, 0],
      [3, 4, 0],
    ]);
    t.setTopology(before);
    t.update(1, 5, 1);
    t.update(3, 2, 1);
    t.flush();
    expect(fr(t, 2)).toBe("[5]");
    expect(fr(t, 4)).toBe("[2]");

    // connect 3 → 2 with +1, and 1 → 4 with +10
    const after = topo([
      [1, 2, 0],
      [3, 4, 0],
      [3, 2, 1],
      [1, 4, 10],
    ]);
    const preview = t.frontiersUnder(after, [2, 4, 1, 9]);
    expect(preview.map(String)).toEqual(["[3]", "[2]", "[5]", "[]"]);
    expect(() => preview[0]!.insert(0)).toThrow("frontier snapshot");

    // nothing changed
    expect(t.pending).toBe(false);
    expect(t.rebuilding).toBe(false);
    expect(fr(t, 2)).toBe("[5]");
    expect(fr(t, 4)).toBe("[2]");
    expect(t.flush()).toEqual([]);

    // applying the topology gives the previewed frontiers
    t.setTopology(after);
    expect(sorted(t.flush())).toEqual([2]);
    expect(fr(t, 2)).toBe("[3]");
    expect(fr(t, 4)).toBe("[2]");
  });

  it("uses the current counts, including ones not flushed yet", () => {
    const t = new ProgressTracker();
    const shape = topo([[1, 2, 3]]);
    t.setTopology(shape);
    t.update(1, 5, 1);
    t.flush();
    t.update(1, 1, 1);
    expect(t.frontiersUnder(shape, [2]).map(String)).toEqual(["[4]"]);
    expect(fr(t, 2)).toBe("[8]");
    expect(t.pending).toBe(true);
  });

  it("previews the wildcard frontier from the roots of the new topology", () => {
    const t = new ProgressTracker();
    t.setTopology(topo([[WILDCARD, 5, 0]], []));
    t.update(1, 4, 1);
    t.flush();
    expect(fr(t, 5)).toBe("[]"); // 1 is not a root yet
    const withRoot = topo([[WILDCARD, 5, 0]], [1]);
    expect(t.frontiersUnder(withRoot, [WILDCARD, 5]).map(String)).toEqual(["[4]", "[4]"]);
    expect(fr(t, 5)).toBe("[]");
  });

  it("previews product frontiers with several elements", () => {
    const t = new ProgressTracker();
    t.setTopology(topo([]));
    t.update(1, p(0, 0), 1);
    t.update(3, p(0, 0), 1);
    t.flush();
    const next = topo([
      [1, 2, new ProductSummary(1, 0)],
      [3, 2, new ProductSummary(0, 1)],
    ]);
    expect(t.frontiersUnder(next, [2]).map(String)).toEqual(["[(0, 1), (1, 0)]"]);
  });
});

describe("ProgressTracker: topology changes", () => {
  it("setTopology recomputes every frontier at the next flush and reports the changes", () => {
    const t = new ProgressTracker();
    t.setTopology(topo([[1, 2, 0]]));
    t.update(1, 5, 1);
    expect(sorted(t.flush())).toEqual([1, 2]);
    expect(fr(t, 2)).toBe("[5]");
    expect(fr(t, 3)).toBe("[]");

    t.setTopology(
      topo([
        [1, 2, 3],
        [1, 3, 0],
      ]),
    );
    expect(t.rebuilding).toBe(true);
    expect(t.pending).toBe(true);
    expect(fr(t, 2)).toBe("[5]"); // stale until the flush
    expect(sorted(t.flush())).toEqual([2, 3]);
    expect(t.rebuilding).toBe(false);
    expect(t.pending).toBe(false);
    expect(fr(t, 1)).toBe("[5]");
    expect(fr(t, 2)).toBe("[8]");
    expect(fr(t, 3)).toBe("[5]");

    // removing the step to 2 empties its frontier
    t.setTopology(topo([[1, 3, 0]]));
    expect(sorted(t.flush())).toEqual([2]);
    expect(fr(t, 2)).toBe("[]");
    expect(fr(t, 3)).toBe("[5]");

    // the same topology again: nothing to report
    t.setTopology(topo([[1, 3, 0]]));
    expect(t.flush()).toEqual([]);
    expect(fr(t, 3)).toBe("[5]");

    // incremental updates keep working on the new topology
    t.update(1, 2, 1);
    expect(sorted(t.flush())).toEqual([1, 3]);
    expect(fr(t, 3)).toBe("[2]");
    expect(fr(t, 2)).toBe("[]");
  });

  it("updates made between setTopology and flush are included", () => {
    const t = new ProgressTracker();
    t.setTopology(topo([[1, 2, 0]]));
    t.update(1, 5, 1);
    t.flush();
    t.setTopology(topo([[1, 2, 1]]));
    t.update(1, 5, -1);
    t.update(1, 7, 1);
    expect(sorted(t.flush())).toEqual([1, 2]);
    expect(fr(t, 1)).toBe("[7]");
    expect(fr(t, 2)).toBe("[8]");
  });

  it("a change of roots moves the wildcard frontier", () => {
    const t = new ProgressTracker();
    t.setTopology(topo([[WILDCARD, 5, 0]], [1]));
    t.update(1, 4, 1);
    t.update(2, 1, 1);
    t.flush();
    expect(fr(t, 5)).toBe("[4]");
    t.setTopology(topo([[WILDCARD, 5, 0]], [1, 2]));
    expect(sorted(t.flush())).toEqual([WILDCARD, 5]);
    expect(fr(t, WILDCARD)).toBe("[1]");
    expect(fr(t, 5)).toBe("[1]");
    t.setTopology(topo([[WILDCARD, 5, 0]], []));
    expect(sorted(t.flush())).toEqual([WILDCARD, 5]);
    expect(fr(t, 5)).toBe("[]");
  });

  it("the reference ring: closing the cycle while a capability is held", () => {
    // start as a chain 0 → 1 → 2 (no edge 2 → 0), then add the edge
    const chain = ring([0, 0, 1]);
    const steps = chain.steps.slice() as Step[][];
    steps[OUT(2)] = [];
    const t = new ProgressTracker();
    t.setTopology({ steps, roots: new Set() });
    t.update(OUT(0), 17, 1);
    t.flush();
    expect(fr(t, IN(0))).toBe("[]");
    expect(fr(t, IN(2))).toBe("[17]");
    t.setTopology(chain);
    expect(sorted(t.flush())).toEqual([IN(0)]);
    expect(fr(t, IN(0))).toBe("[18]");
  });
});

// ---------------------------------------------------------------------------------------------
// Incremental frontiers agree with a from-scratch computation
// ---------------------------------------------------------------------------------------------

describe("ProgressTracker: incremental frontiers equal the from-scratch definition", () => {
  const N = 6; // locations 1..N, plus the wildcard 0

  /** Random topology with integer summaries; every cycle advances (backward steps have summary >= 1). */
  const arbTopology = fc
    .record({
      edges: fc.array(
        fc.tuple(fc.integer({ min: 1, max: N }), fc.integer({ min: 1, max: N }), fc.integer({ min: 0, max: 2 })),
        { maxLength: 12 },
      ),
      wild: fc.subarray([1, 2, 3, 4, 5, 6]),
      roots: fc.subarray([1, 2, 3, 4, 5, 6]),
    })
    .map(({ edges, wild, roots }) => {
      const list: Array<[number, number, number]> = edges.map(([a, b, s]) => [a, b, b <= a ? Math.max(1, s) : s]);
      for (const w of wild) list.push([WILDCARD, w, 0]);
      return topo(list, roots);
    });

  type Op =
    | { kind: "update"; loc: number; time: number; diff: number }
    | { kind: "flush" }
    | { kind: "topology"; topology: Topology };
  const arbOp: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant("update" as const),
        loc: fc.integer({ min: 1, max: N }),
        time: fc.integer({ min: 0, max: 6 }),
        diff: fc.constantFrom(1, 1, 2, -1),
      }),
    },
    { weight: 3, arbitrary: fc.constant({ kind: "flush" as const }) },
    { weight: 1, arbitrary: arbTopology.map((topology) => ({ kind: "topology" as const, topology })) },
  );

  /** min over locations a with positive counts at t of t + shortest path(a → b); wildcard via roots. */
  function expected(topology: Topology, counts: Map<string, number>): string[] {
    const INF = Infinity;
    const dist: number[][] = Array.from({ length: N + 1 }, (_, i) =>
      Array.from({ length: N + 1 }, (_, j) => (i === j ? 0 : INF)),
    );
    topology.steps.forEach((steps, from) => {
      for (const s of steps ?? []) dist[from]![s.to] = Math.min(dist[from]![s.to]!, s.summary as number);
    });
    for (let k = 0; k <= N; k++)
      for (let i = 0; i <= N; i++) for (let j = 0; j <= N; j++) dist[i]![j] = Math.min(dist[i]![j]!, dist[i]![k]! + dist[k]![j]!);
    const minAt: number[] = Array.from({ length: N + 1 }, () => INF);
    for (const [key, c] of counts) {
      if (c <= 0) continue;
      const [loc, time] = key.split("@").map(Number) as [number, number];
      minAt[loc] = Math.min(minAt[loc]!, time);
    }
    let rootMin = INF;
    for (const r of topology.roots) rootMin = Math.min(rootMin, minAt[r]!);
    minAt[WILDCARD] = rootMin;
    const out: string[] = [];
    for (let b = 0; b <= N; b++) {
      let best = INF;
      for (let a = 0; a <= N; a++) best = Math.min(best, minAt[a]! + dist[a]![b]!);
      out.push(best === INF ? "[]" : `[${best}]`);
    }
    return out;
  }

  it("after every flush, and in frontiersUnder before it", () => {
    fc.assert(
      fc.property(arbTopology, fc.array(arbOp, { maxLength: 40 }), (initial, ops) => {
        const t = new ProgressTracker();
        let current = initial;
        t.setTopology(current);
        const counts = new Map<string, number>();
        let shown = expected(current, counts); // all "[]"
        t.flush();
        const all = Array.from({ length: N + 1 }, (_, i) => i);
        for (const op of [...ops, { kind: "flush" } as Op]) {
          if (op.kind === "update") {
            t.update(op.loc, op.time, op.diff);
            const k = `${op.loc}@${op.time}`;
            counts.set(k, (counts.get(k) ?? 0) + op.diff);
          } else if (op.kind === "topology") {
            current = op.topology;
            t.setTopology(current);
          } else {
            const want = expected(current, counts);
            expect(t.frontiersUnder(current, all).map(String)).toEqual(want);
            const changed = sorted(t.flush());
            expect(all.map((l) => fr(t, l))).toEqual(want);
            expect(changed).toEqual(all.filter((l) => want[l] !== shown[l]));
            shown = want;
          }
        }
        let total = 0;
        for (const c of counts.values()) total += c;
        expect(t.outstanding).toBe(total);
      }),
      { numRuns: 300, seed: 20240601 },
    );
  });
});

describe("ProgressTracker: incremental product frontiers equal a from-scratch computation over reach()", () => {
  const N = 5;
  const arbPS = (minSum: number): fc.Arbitrary<ProductSummary> =>
    fc
      .tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 2 }))
      .filter(([o, i]) => o + i >= minSum)
      .map(([o, i]) => new ProductSummary(o, i));
  const arbTopology: fc.Arbitrary<Topology> = fc
    .record({
      forward: fc.array(
        fc.tuple(fc.integer({ min: 1, max: N }), fc.integer({ min: 1, max: N }), arbPS(0)).filter(([a, b]) => a < b),
        { maxLength: 8 },
      ),
      backward: fc.array(
        fc.tuple(fc.integer({ min: 1, max: N }), fc.integer({ min: 1, max: N }), arbPS(1)).filter(([a, b]) => a >= b),
        { maxLength: 4 },
      ),
      wild: fc.subarray([1, 2, 3, 4, 5]),
      roots: fc.subarray([1, 2, 3, 4, 5]),
    })
    .map(({ forward, backward, wild, roots }) =>
      topo([...forward, ...backward, ...wild.map((w) => [WILDCARD, w, 0] as const)], roots),
    );
  const arbTime = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })).map(([a, b]) => p(a, b));
  type Op = { kind: "update"; loc: number; time: Time; diff: number } | { kind: "flush" } | { kind: "topology"; topology: Topology };
  const arbOp: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.record({
        kind: fc.constant("update" as const),
        loc: fc.integer({ min: 1, max: N }),
        time: arbTime,
        diff: fc.constantFrom(1, 1, 2, -1),
      }),
    },
    { weight: 3, arbitrary: fc.constant({ kind: "flush" as const }) },
    { weight: 1, arbitrary: arbTopology.map((topology) => ({ kind: "topology" as const, topology })) },
  );

  function expected(topology: Topology, counts: Map<string, [Time, number]>): string[] {
    const want = Array.from({ length: N + 1 }, () => new Antichain());
    const positive = Array.from({ length: N + 1 }, () => new Antichain());
    for (const [key, [time, c]] of counts) if (c > 0) positive[Number(key.split("@")[0])]!.insert(time);
    for (const r of topology.roots) for (const x of positive[r]!.elements) positive[WILDCARD]!.insert(x);
    for (let a = 0; a <= N; a++) {
      if (positive[a]!.isEmpty) continue;
      for (const { to, summaries } of reach(topology, a)) {
        for (const x of positive[a]!.elements) for (const s of summaries) {
          const y = applySummary(s, x);
          if (y !== null) want[to]!.insert(y);
        }
      }
    }
    return want.map(String);
  }

  it("after every flush, and in frontiersUnder before it", () => {
    fc.assert(
      fc.property(arbTopology, fc.array(arbOp, { maxLength: 30 }), (initial, ops) => {
        const t = new ProgressTracker();
        let current = initial;
        t.setTopology(current);
        const counts = new Map<string, [Time, number]>();
        let shown = expected(current, counts);
        t.flush();
        const all = Array.from({ length: N + 1 }, (_, i) => i);
        for (const op of [...ops, { kind: "flush" } as Op]) {
          if (op.kind === "update") {
            t.update(op.loc, op.time, op.diff);
            const k = `${op.loc}@${String(op.time)}`;
            const prev = counts.get(k);
            counts.set(k, [op.time, (prev?.[1] ?? 0) + op.diff]);
          } else if (op.kind === "topology") {
            current = op.topology;
            t.setTopology(current);
          } else {
            const want = expected(current, counts);
            expect(t.frontiersUnder(current, all).map(String)).toEqual(want);
            const changed = sorted(t.flush());
            expect(all.map((l) => fr(t, l))).toEqual(want);
            expect(changed).toEqual(all.filter((l) => want[l] !== shown[l]));
            shown = want;
          }
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
