import { describe, expect, it } from "vitest";
import { Graph, ManualClock, type Execution, type StepRecord } from "../src/index.js";
import { within } from "./helpers.js";

/** input → map(x * 2) → keyBy(x % 3).count() → capture, with an observer. */
function counting() {
  const g = new Graph("steps");
  const a = g.input<number>("a");
  const counts = a.map((x) => x * 2).keyBy((x) => x % 3).count();
  const out = counts.capture();
  return { g, a, out };
}

/** Steps until idle; returns every record (the idle one last). */
async function stepAll(exec: Execution): Promise<StepRecord[]> {
  const all: StepRecord[] = [];
  for (;;) {
    const r = await exec.step();
    all.push(r);
    if (r.kind === "idle" || exec.status !== "running") return all;
  }
}

describe("step mode", () => {
  it("runs nothing by itself: each step() is one node activation or one input call, in deterministic mode's order", async () => {
    const { g, a, out } = counting();
    const exec = g.run({ mode: "step" });
    await a.send([1, 2, 3]);
    a.advanceTo(1);
    await new Promise((r) => setTimeout(r, 5));
    expect(out.items()).toEqual([]);
    expect(exec.steps).toBe(0);
    const steps = await stepAll(exec);
    const what = steps.map((r) => (r.kind === "node" ? r.node : r.kind === "call" ? `call:${r.call!.kind}` : "idle"));
    expect(what).toEqual([
      "map", "keyBy", "count", "capture", // told the initial frontier [0]
      "call:send", "map", "keyBy", "count",
      "call:advance", "map", "keyBy", "count", "capture", "capture",
      "idle",
    ]);
    expect(steps.map((r) => r.step)).toEqual([...steps.slice(0, -1).map((_, i) => i + 1), steps.length - 1]);
    expect(out.items().map((x) => x.value).sort()).toEqual([1, 1, 1]);
    expect(exec.status).toBe("running");
    a.close();
    await exec.stepToQuiescence();
    await within(exec.done, 1000, "run");
  });

  it("records what each step consumed, sent, which frontiers moved and which capabilities changed", async () => {
    const { g, a } = counting();
    const exec = g.run({ mode: "step" });
    await a.send([1, 2, 3]);
    a.advanceTo(1);
    const steps = (await stepAll(exec)).filter((r) => r.kind !== "idle");
    const send = steps.find((r) => r.call?.kind === "send")!;
    expect(send.call).toEqual({ kind: "send", input: "a", time: 0, count: 3 });
    expect(send.emitted).toEqual([{ port: "a.out", time: 0, count: 3 }]);
    const map = steps.find((r) => r.node === "map" && r.consumed.length > 0)!;
    expect(map.consumed).toEqual([{ port: "map.in", time: 0, count: 3 }]);
    expect(map.emitted).toEqual([{ port: "map.out", time: 0, count: 3 }]);
    const count = steps.find((r) => r.node === "count" && r.consumed.length > 0)!;
    expect(count.capabilities).toEqual([{ node: "count", time: 0, diff: 1 }]);
    const advance = steps.find((r) => r.call?.kind === "advance")!;
    expect(advance.capabilities).toEqual([{ node: "a", time: 1, diff: 1 }, { node: "a", time: 0, diff: -1 }]);
    expect(advance.frontiers.find((f) => f.port === "count.in")).toEqual({ port: "count.in", before: expect.objectContaining({ text: "[0]" }), after: expect.objectContaining({ text: "[1]" }) });
    expect(advance.frontiers.some((f) => f.port === "count.out")).toBe(false); // count still holds 0
    const fire = steps.find((r) => r.node === "count" && r.noticed.some((n) => n.frontier.text === "[1]"))!;
    expect(fire.emitted).toEqual([{ port: "count.out", time: 0, count: 3 }]);
    expect(fire.capabilities).toEqual([{ node: "count", time: 0, diff: -1 }]);
    expect(fire.frontiers.find((f) => f.port === "capture.in")).toBeUndefined(); // the batch at 0 is still queued there
    expect(fire.summary).toMatch(/^step \d+: count ran; saw count\.in \[1\]; sent count\.out 3 items @0; capabilities count -1 @0/);
    expect(JSON.parse(JSON.stringify(fire))).toEqual(fire); // plain data
    exec.stop();
  });

  it("gives byte-identical step records, captures and frontiers at every step on every run", async () => {
    const once = async (): Promise<string> => {
      const { g, a, out } = counting();
      const exec = g.run({ mode: "step" });
      const trace: string[] = [];
      for (let t = 0; t < 4; t++) {
        await a.send([t, t + 1, t + 5], t);
        if (t % 2 === 1) await new Promise((r) => setTimeout(r, 1));
        a.advanceTo(t + 1);
        for (let k = 0; k < 3; k++) {
          const r = await exec.step();
          trace.push(JSON.stringify(r), String(exec.frontier("count.in")), String(exec.frontier("capture.in")), JSON.stringify(out.items()));
        }
      }
      a.close();
      const rest = await exec.stepToQuiescence();
      trace.push(...rest.steps.map((r) => JSON.stringify(r)));
      await within(exec.done, 1000, "run");
      return trace.join("\n");
    };
    const first = await once();
    expect(await once()).toBe(first);
  });

  it("ends like deterministic mode: the same captures as a deterministic run of the same calls", async () => {
    const run = async (mode: "deterministic" | "step") => {
      const { g, a, out } = counting();
      const exec = g.run({ mode });
      for (let t = 0; t < 5; t++) {
        await a.send([t, 2 * t, 3 * t], t);
        a.advanceTo(t + 1);
      }
      a.close();
      if (mode === "step") await exec.stepToQuiescence();
      await within(exec.done, 1000, "run");
      return out.batches();
    };
    expect(await run("step")).toEqual(await run("deterministic"));
  });

  it("never makes a sender wait for room: nothing drains by itself", async () => {
    const g = new Graph("room", { capacity: 2, batchSize: 1 });
    const a = g.input<number>("a");
    const out = a.map((x) => x + 1).capture();
    const exec = g.run({ mode: "step" });
    for (let i = 0; i < 100; i++) await within(a.send(i), 200, `send ${i}`);
    expect(a.push(100)).toBe(true);
    a.close();
    const r = await exec.stepToQuiescence();
    expect(r).toMatchObject({ reached: true, reason: "finished" });
    expect(out.items()).toHaveLength(101);
  });

  it("applies a processing-time advance as its own step, after what was sent before it", async () => {
    const clock = new ManualClock();
    const g = new Graph("clock");
    const a = g.input<string>("a");
    const out = a.debounce(50).capture();
    const exec = g.run({ mode: "step", clock });
    await a.send("x");
    await exec.advanceClock(60);
    await a.send("y");
    const r = await exec.stepToQuiescence();
    const calls = r.steps.filter((s) => s.kind === "call").map((s) => s.call!.kind);
    expect(calls).toEqual(["send", "clock", "send"]);
    expect(clock.now()).toBe(60);
    expect(out.items()).toEqual(["x"]);
    exec.stop();
  });

  it("shows each step in the observation model", async () => {
    const { g, a } = counting();
    const obs = g.observe({ steps: 5 });
    const exec = g.run({ mode: "step" });
    await a.send([1]);
    const r = await exec.stepToQuiescence();
    const s = obs.snapshot();
    expect(s.steps!.map((x) => x.step)).toEqual(r.steps.slice(-5).map((x) => x.step));
    expect(s.events.filter((e) => e.text.startsWith("step ")).length).toBeGreaterThan(0);
    obs.close();
    exec.stop();
  });

  describe("says so when asked for what cannot be", () => {
    it("step() after the run finished", async () => {
      const { g, a } = counting();
      const exec = g.run({ mode: "step" });
      a.close();
      await exec.stepToQuiescence();
      expect(exec.status).toBe("completed");
      await expect(exec.step()).rejects.toThrow(/step\(\): the run has completed \(every input closed and all work done\); there is nothing left to step/);
      await expect(exec.stepUntil(() => true)).rejects.toThrow(/nothing left to step/);
      const stopped = counting();
      const e2 = stopped.g.run({ mode: "step" });
      e2.stop();
      await expect(e2.step()).rejects.toThrow(/the run has stopped/);
    });

    it("stepUntil whose predicate never holds stops at quiescence with reached: false and the reason", async () => {
      const { g, a } = counting();
      const exec = g.run({ mode: "step" });
      await a.send([1, 2]);
      const r = await exec.stepUntil((s) => s.node === "nowhere");
      expect(r.reached).toBe(false);
      expect(r.reason).toBe("quiescent");
      expect(r.steps.length).toBeGreaterThan(3);
      expect(r.message).toMatch(/^stepUntil: quiescent after \d+ steps: no node has work and no input call is queued; the predicate never held$/);
      const idle = await exec.step();
      expect(idle.kind).toBe("idle");
      expect(idle.summary).toMatch(/^nothing to do: no node has work and no input call is queued/);
      exec.stop();
    });

    it("stepUntil stops at the step where the predicate holds, and at maxSteps", async () => {
      const { g, a, out } = counting();
      const exec = g.run({ mode: "step" });
      await a.send([1, 2]);
      a.advanceTo(1);
      const r = await exec.stepUntil((s) => s.emitted.some((e) => e.port === "count.out"));
      expect(r).toMatchObject({ reached: true, reason: "predicate" });
      expect(r.steps[r.steps.length - 1]!.node).toBe("count");
      expect(out.items()).toEqual([]); // the capture has not run yet
      const limited = await exec.stepUntil(() => false, { maxSteps: 1 });
      expect(limited).toMatchObject({ reached: false, reason: "limit" });
      expect(limited.steps).toHaveLength(1);
      await expect(exec.stepUntil(() => false, { maxSteps: 0 })).rejects.toThrow(/maxSteps must be a positive integer, got 0/);
      exec.stop();
    });

    it("step() on a run that is not in step mode", async () => {
      const { g } = counting();
      const exec = g.run({ mode: "deterministic" });
      expect(() => exec.step()).toThrow(/step\(\) needs a run in step mode \(g\.run\(\{ mode: "step" \}\)\); this run is deterministic/);
      expect(() => exec.stepToQuiescence()).toThrow(/stepToQuiescence\(\) needs a run in step mode/);
      exec.stop();
    });
  });
});
