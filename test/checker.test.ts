import { describe, expect, it } from "vitest";
import { checkDeterminism, Graph, ManualClock, runScript, type CheckEnv } from "../src/internals.js";
import { within } from "./helpers.js";

/** Two inputs, several times, a processing-time advance: the same script drives every graph here. */
const SCRIPT = `
send a @0 [1, 2, 3]
send b @0 [10, 20]
send a @0 [4]
advance a 1
advance b 1
clock +100
send a @1 [5, 6]
send b @1 [30]
clock +100
close a
close b
`;

/** An unordered merge read in arrival order: the items of a time are numbered as they come. */
function arrivalOrder(): Graph {
  return numbered().g;
}

function numbered() {
  const g = new Graph("merge");
  const a = g.input<number>("a");
  const b = g.input<number>("b");
  let n = 0;
  const out = a.concat(b).map((x) => `${n++}:${x}`, { name: "number" }).capture();
  return { g, out };
}

/** The same, fixed by sorting each time's items (once the time is complete) before numbering them. */
function sortedPerTime(): Graph {
  const g = new Graph("merge");
  const a = g.input<number>("a");
  const b = g.input<number>("b");
  let n = 0;
  a.concat(b)
    .aggregate({ init: (): number[] => [], add: (xs, x: number) => [...xs, x], result: (xs) => [...xs].sort((p, q) => p - q) })
    .flatMap((xs) => xs)
    .map((x) => `${n++}:${x}`, { name: "number" })
    .capture();
  return g;
}

/** State shared between nodes: two nodes count into one variable and report it. */
function sharedCounter(): Graph {
  const g = new Graph("shared");
  const a = g.input<number>("a");
  const b = g.input<number>("b");
  let seen = 0;
  a.map((x) => ({ x, seen: ++seen }), { name: "countA" }).capture();
  b.map((x) => ({ x, seen: ++seen }), { name: "countB" }).capture();
  return g;
}

/** Fixed: each node keeps its own count in keyed state. */
function keyedCounters(): Graph {
  const g = new Graph("shared");
  const a = g.input<number>("a");
  const b = g.input<number>("b");
  a.keyBy(() => "a").scan((n: number) => n + 1, 0, { name: "countA" }).capture();
  b.keyBy(() => "b").scan((n: number) => n + 1, 0, { name: "countB" }).capture();
  return g;
}

/** `Math.random()` in node code, or (fixed) the seeded generator every run shares. */
function noisy(random: () => number): Graph {
  const g = new Graph("noise");
  g.input<number>("b");
  g.input<number>("a").map((x) => x + Math.floor(random() * 1000), { name: "jitter" }).capture();
  return g;
}

/** `Date.now()` in node code, or (fixed) the run's ManualClock. */
function stamped(now: () => number): Graph {
  const g = new Graph("stamps");
  g.input<number>("b");
  g.input<number>("a").map((x) => ({ x, at: now() }), { name: "stamp" }).capture();
  return g;
}

describe("checkDeterminism", () => {
  it("catches an unordered merge read in arrival order, and passes it fixed by logical-time mode or a per-time sort", async () => {
    const bad = await checkDeterminism(arrivalOrder, SCRIPT, { runs: 6 });
    expect(bad.deterministic).toBe(false);
    expect(bad.difference).toMatchObject({ what: "output", node: "number", port: "number.out", time: 0 });
    expect(bad.text).toMatch(/^NOT deterministic: 6 runs in concurrent mode under chaos seeds 1–6; runs 0 and \d first differ here: number\.out sent different items at time 0\.\n {2}run 0 \(chaos seed 1\): \["0:1", .*\n {2}run \d \(chaos seed \d\): \[.*\]\nReplay either with g\.run\(\{ mode: "concurrent", chaos: <seed>, clock: new ManualClock\(\) \}\) and the same script\.$/);
    expect((await checkDeterminism(arrivalOrder, SCRIPT, { runs: 6, mode: "logical-time" })).deterministic).toBe(true);
    const sorted = await checkDeterminism(sortedPerTime, SCRIPT, { runs: 6 });
    expect(sorted.text).toMatch(/^deterministic: 6 runs in concurrent mode/);
    expect(sorted.deterministic).toBe(true);
  });

  it("catches state shared between nodes, and passes keyed state owned by each node", async () => {
    const bad = await checkDeterminism(sharedCounter, SCRIPT, { runs: 6 });
    expect(bad.deterministic).toBe(false);
    expect(bad.difference).toMatchObject({ what: "output", time: 0 });
    expect(["countA", "countB"]).toContain(bad.difference!.node);
    const good = await checkDeterminism(keyedCounters, SCRIPT, { runs: 6 });
    expect(good.deterministic).toBe(true);
    expect(good.text).toMatch(/on the final state of 2 stateful nodes/);
  });

  it("catches Math.random() and passes the injected seeded generator", async () => {
    const bad = await checkDeterminism(() => noisy(Math.random), SCRIPT, { runs: 3 });
    expect(bad.difference).toMatchObject({ what: "output", node: "jitter", port: "jitter.out", time: 0, runs: [0, 1], seeds: [1, 2] });
    expect((await checkDeterminism((env: CheckEnv) => noisy(env.random), SCRIPT, { runs: 3 })).deterministic).toBe(true);
  });

  it("catches Date.now() and passes the run's ManualClock", async () => {
    const bad = await checkDeterminism(() => stamped(Date.now), SCRIPT, { runs: 3 });
    expect(bad.difference).toMatchObject({ what: "output", node: "stamp", time: 0 });
    const [x, y] = bad.difference!.values as [Array<{ at: number }>, Array<{ at: number }>];
    expect(x[0]!.at).not.toBe(y[0]!.at);
    const good = await checkDeterminism((env) => stamped(() => env.clock.now()), SCRIPT, { runs: 3 });
    expect(good.deterministic).toBe(true);
  });

  it("reports seeds that reproduce each run's values", async () => {
    const report = await checkDeterminism(arrivalOrder, SCRIPT, { runs: 6, seed: 40 });
    const d = report.difference!;
    expect(report.seeds).toEqual([40, 41, 42, 43, 44, 45]);
    expect(d.seeds).toEqual([40 + d.runs[0], 40 + d.runs[1]]);
    for (const k of [0, 1] as const) {
      const { g, out } = numbered();
      const exec = g.run({ chaos: d.seeds[k], clock: new ManualClock() });
      await runScript(exec, SCRIPT);
      await within(exec.done, 2000, "replay");
      expect(out.byTime().get(d.time as number)).toEqual(d.values[k]);
    }
  });

  it("compares final state and failures too", async () => {
    const failing = (): Graph => {
      const g = new Graph("fails");
      g.input<number>("b");
      let calls = 0;
      g.input<number>("a").map((x) => {
        if (++calls === 2 && Math.random() < 2) throw new Error(`call ${calls} failed on ${x}`);
        return x;
      }, { name: "flaky" }).capture();
      return g;
    };
    expect((await checkDeterminism(failing, SCRIPT, { runs: 3 })).deterministic).toBe(true);
    let run = 0;
    const drifting = (): Graph => {
      const g = new Graph("fails");
      g.input<number>("b");
      const r = run++;
      g.input<number>("a").map((x) => {
        if (x === 2 + r) throw new Error(`no ${x}`);
        return x;
      }, { name: "flaky" });
      return g;
    };
    const bad = await checkDeterminism(drifting, SCRIPT, { runs: 3 });
    expect(bad.difference).toMatchObject({ what: "output", node: "flaky", time: 0 });
  });

  it("refuses runs < 2, a build that reuses a graph, and a bad script (with its line)", async () => {
    await expect(checkDeterminism(arrivalOrder, SCRIPT, { runs: 1 })).rejects.toThrow("checkDeterminism: runs must be an integer of at least 2 (comparing needs two runs), got 1");
    await expect(checkDeterminism(arrivalOrder, SCRIPT, { runs: 2.5 })).rejects.toThrow(/runs must be an integer of at least 2/);
    const g = arrivalOrder();
    await expect(checkDeterminism(() => g, SCRIPT, { runs: 2 })).rejects.toThrow("checkDeterminism: build must return a new Graph for every run (one that has not run yet)");
    await expect(checkDeterminism(arrivalOrder, "send a @0 [1]\nsend c @0 [2]", { runs: 2 })).rejects.toThrow('script line 2: send c @0: unknown input "c"');
    await expect(checkDeterminism(arrivalOrder, "send a @0 [1\n", { runs: 2 })).rejects.toThrow(/^script line 1: send a @0: the items are not valid JSON/);
    const EXPECTED = 'script must be script text (a string) or an array of input calls like { kind: "send", input: "a", time: 0, items: [1] }';
    let built = 0;
    const counted = () => (built++, arrivalOrder());
    await expect(checkDeterminism(counted, null as never, { runs: 2 })).rejects.toThrow(`script: checkDeterminism(build, script): ${EXPECTED}, got null`);
    await expect(checkDeterminism(counted, 42 as never, { runs: 2 })).rejects.toThrow(`script: checkDeterminism(build, script): ${EXPECTED}, got the number 42`);
    await expect(checkDeterminism(counted, [{ kind: "send", input: "a", time: 0, items: [1] }, { kind: "zap" }] as never, { runs: 2 })).rejects.toThrow('script: call 2: kind must be one of "send", "advance", "close", "clock", got the string "zap"');
    await expect(checkDeterminism(counted, "send a @1.5 [1]", { runs: 2 })).rejects.toThrow('script line 1: send a: bad time "1.5" (times are whole numbers)');
    expect(built).toBe(0);
    await expect(checkDeterminism(arrivalOrder, [{ kind: "send", input: "c", time: 0, items: [1] }], { runs: 2 })).rejects.toThrow('script: call 1: send c @0: unknown input "c"');
  });
});
