/**
 * The step control of the notebook views: the step panel a view of a step-mode run shows, the
 * kernel's answers to step requests (StepControl) and its comms (Comms). Through a real Jupyter
 * client and a browser: test/jupyter/protocol.py (step_control_comm) and test/browser.test.ts.
 */
import { describe, expect, it } from "vitest";
import { Graph, pictureOf, type Execution, type Snapshot } from "../src/internals.js";
import * as Lib from "../src/internals.js";
import { renderView, stepPanel, STEP_TARGET } from "../kernel/render/index.js";
import { StepControl, stepTarget } from "../kernel/step-control.js";
import { ShownValues } from "../kernel/shown.js";
import { Comms } from "../kernel/comms.js";
import type { Header } from "../kernel/messages.js";
import { settle } from "./helpers.js";

/** input x → map "double" → probe, in step mode, with 3 items at 0 and the input advanced to 1. */
async function stepping(name = "double") {
  const g = new Graph("stepping");
  const x = g.input<number>("x");
  x.map((v) => v * 2, { name }).probe({ name: "probe" });
  const exec = g.run({ mode: "step" });
  await x.send([1, 2, 3]);
  x.advanceTo(1);
  const observer = exec.observe();
  return { g, x, exec, observer };
}

async function snapshotAfter(exec: Execution, observer: Lib.Observer, steps: number): Promise<Snapshot> {
  for (let i = 0; i < steps; i++) await exec.step();
  await settle();
  return observer.snapshot();
}

/** The opening tags of elements with class `cls`, attributes parsed. */
function tags(html: string, cls: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = [];
  for (const m of html.matchAll(/<([a-zA-Z]+)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) attrs[a[1]!] = a[2] ?? "";
    if ((attrs["class"] ?? "").split(" ").includes(cls)) out.push({ tag: m[1]!, ...attrs });
  }
  return out;
}

describe("the step panel of a view", () => {
  it("shows the steps taken, the last records newest first, and marks the node that ran last", async () => {
    const { exec, observer } = await stepping();
    const s = await snapshotAfter(exec, observer, 4);
    const b = await renderView(s, { control: { id: "view42" } });
    const html = b["text/html"]!;
    expect(tags(html, "sw-steps")).toEqual([expect.objectContaining({ "data-steps": "4", "data-last-node": "double", "data-step-view": "view42" })]);
    expect(tags(html, "sw-step").map((t) => t["data-step"])).toEqual(["4", "3", "2", "1"]);
    expect(tags(html, "sw-step")[0]).toMatchObject({ "data-kind": "node", "data-node": "double" });
    expect(html).toContain(s.steps![3]!.summary);
    const marked = tags(html, "sw-last-step");
    expect(marked).toEqual([expect.objectContaining({ tag: "g", "data-node": "double" })]);
    expect(tags(html, "sw-step-button").map((t) => t["data-action"])).toEqual(["step", "stepToQuiescence"]);
    // The buttons are hidden until the script finds a kernel; the code to type is always there.
    expect(tags(html, "sw-step-controls")[0]).toHaveProperty("hidden");
    expect(html).toContain("await exec.step()");
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(b["text/plain"]).toContain("step mode: 4 steps taken · last: step 4: double ran");
    exec.stop();
  });

  it("has no buttons and no script without a display to send to, for a bad id, or once the run ended", async () => {
    const { x, exec, observer } = await stepping();
    let s = await snapshotAfter(exec, observer, 2);
    for (const options of [{}, { control: { id: 'a"b<script>' } }]) {
      const html = (await renderView(s, options))["text/html"]!;
      expect(tags(html, "sw-steps")).toHaveLength(1);
      expect(html).not.toMatch(/<script|sw-step-button|data-step-view/);
    }
    x.close();
    await exec.stepToQuiescence();
    await settle();
    s = observer.snapshot();
    const html = (await renderView(s, { control: { id: "view42" } }))["text/html"]!;
    expect(s.status).toBe("completed");
    expect(html).not.toMatch(/<script|sw-step-button/);
    expect(html).toContain("The run has completed: nothing left to step.");
  });

  it("lists at most the last few records, counts the earlier ones, and knows the count without an observer", async () => {
    const { x, exec, observer } = await stepping();
    for (let t = 1; t < 4; t++) {
      await x.send([t], t);
      x.advanceTo(t + 1);
    }
    const s = await snapshotAfter(exec, observer, 12);
    expect(exec.steps).toBe(12);
    const panel = stepPanel(s, undefined, 5);
    expect(tags(panel, "sw-step").map((t) => t["data-step"])).toEqual(["12", "11", "10", "9", "8"]);
    expect(panel).toContain("… 7 earlier steps");
    // A view opened after the steps (no records seen) still counts them.
    const late = pictureOf(exec.df);
    expect(late.stepCount).toBe(12);
    expect(tags(stepPanel(late), "sw-steps")[0]).toMatchObject({ "data-steps": "12", "data-last-node": "" });
    exec.stop();
  });

  it("escapes node names and step summaries", async () => {
    const { exec, observer } = await stepping("<img src=x onerror=alert(1)>");
    const s = await snapshotAfter(exec, observer, 4);
    const html = (await renderView(s, { control: { id: "v" } }))["text/html"]!;
    expect(html).not.toMatch(/<img/);
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; ran");
    expect(tags(html, "sw-last-step")).toHaveLength(1);
    exec.stop();
  });

  it("is not shown for runs in other modes", async () => {
    const g = new Graph("plain");
    g.input<number>("x").probe();
    const exec = g.run({ mode: "deterministic" });
    const html = (await renderView(pictureOf(exec.df), { control: { id: "v" } }))["text/html"]!;
    expect(html).not.toMatch(/sw-steps|<script/);
    exec.stop();
  });
});

describe("step requests (StepControl)", () => {
  function control() {
    const shown = new ShownValues();
    let settled = 0;
    const c = new StepControl(Lib, shown, async () => {
      settled++;
    });
    return { shown, c, settled: () => settled };
  }

  it("steps the run a view shows, once or to quiescence, and lets its updates out before answering", async () => {
    const { shown, c, settled } = control();
    const { g, x, exec } = await stepping();
    shown.note("exec-view", exec);
    shown.note("graph-view", g);
    const one = await c.handle({ action: "step", view: "exec-view" });
    expect(one).toMatchObject({ ok: true, action: "step", view: "exec-view", steps: 1, status: "running" });
    expect(one.message).toMatch(/^step 1: double ran/);
    expect(settled()).toBe(1);
    const viaGraph = await c.handle({ action: "step" }, "graph-view");
    expect(viaGraph).toMatchObject({ ok: true, view: "graph-view", steps: 2 });
    const rest = await c.handle({ action: "stepToQuiescence", view: "exec-view" });
    expect(rest.ok).toBe(true);
    expect(rest.message).toMatch(/quiescent/);
    expect(rest.summaries).toHaveLength(rest.steps! - 2);
    expect(exec.frontier("probe.in").toString()).toBe("[1]");
    expect(await c.handle({ action: "step", view: "exec-view" })).toMatchObject({ ok: true, steps: rest.steps, summaries: [] });
    expect(await c.handle({ action: "state", view: "exec-view" })).toMatchObject({ ok: true, message: `the run of "stepping" has running after ${rest.steps} steps` });
    x.close();
    await c.handle({ action: "stepToQuiescence", view: "exec-view" });
    expect(exec.status).toBe("completed");
    expect(await c.handle({ action: "step", view: "exec-view" })).toMatchObject({ ok: false, error: 'the run of "stepping" has completed: nothing left to step' });
  });

  it("answers bad requests with a reason and never throws", async () => {
    const { shown, c } = control();
    const idle = new Graph("unrun");
    idle.input<number>("x").probe();
    shown.note("unrun", idle);
    const busy = new Graph("busy");
    busy.input<number>("x").probe();
    const running = busy.run();
    shown.note("busy", running);
    const cases: Array<[unknown, string | undefined, RegExp]> = [
      [{ action: "jump", view: "busy" }, undefined, /^unknown action "jump": ask for "step", "stepToQuiescence", "state"$/],
      [null, "busy", /^unknown action null/],
      ["step", "busy", /^unknown action null/],
      [{ action: "step" }, undefined, /names no view/],
      [{ action: "step", view: 7 }, undefined, /names no view/],
      [{ action: "step", view: "gone-away" }, undefined, /^no view "gone-away" in this kernel/],
      [{ action: "step", view: "unrun" }, undefined, /^the graph "unrun" has not been run yet: start it with g\.run\(\{ mode: "step" \}\)$/],
      [{ action: "step", view: "busy" }, undefined, /^the run of "busy" is in concurrent mode/],
    ];
    for (const [data, view, error] of cases) {
      const r = await c.handle(data, view);
      expect(r.ok, JSON.stringify(data)).toBe(false);
      expect(r.error).toMatch(error);
    }
    running.stop();
  });
});

describe("comms (Comms)", () => {
  const parent = { msg_id: "p1", msg_type: "comm_msg" } as unknown as Header;

  function comms() {
    const sent: Array<{ type: string; content: Record<string, unknown> }> = [];
    const c = new Comms({ publish: (type, content) => sent.push({ type, content }), log: () => undefined });
    return { c, sent };
  }

  it("opens comms to known targets, answers their messages on the same comm, lists and closes them", async () => {
    const { c, sent } = comms();
    const seen: unknown[] = [];
    c.register("echo", { message: async (data, comm) => (seen.push([data, comm.data]), { ok: true, got: data }) });
    await c.handle("comm_open", { comm_id: "c1", target_name: "echo", data: { view: "v" } }, parent);
    await c.handle("comm_open", { comm_id: "c2", target_name: "nobody", data: {} }, parent);
    expect(sent).toEqual([{ type: "comm_close", content: { comm_id: "c2", data: {} } }]);
    expect(c.info()).toEqual({ c1: { target_name: "echo" } });
    expect(c.info("echo")).toEqual({ c1: { target_name: "echo" } });
    expect(c.info("other")).toEqual({});
    await c.handle("comm_msg", { comm_id: "c1", data: { n: 1 } }, parent);
    expect(seen).toEqual([[{ n: 1 }, { view: "v" }]]);
    expect(sent[1]).toEqual({ type: "comm_msg", content: { comm_id: "c1", data: { ok: true, got: { n: 1 } } } });
    await c.handle("comm_close", { comm_id: "c1", data: {} }, parent);
    expect(c.info()).toEqual({});
  });

  it("closes a comm it does not know, survives a throwing target, ignores messages without an id", async () => {
    const { c, sent } = comms();
    c.register("bad", {
      message: async () => {
        throw new Error("target broke");
      },
    });
    await c.handle("comm_msg", { comm_id: "stale", data: {} }, parent);
    expect(sent.pop()).toMatchObject({ type: "comm_close", content: { comm_id: "stale" } });
    await c.handle("comm_open", { comm_id: "b", target_name: "bad" }, parent);
    await c.handle("comm_msg", { comm_id: "b", data: {} }, parent);
    expect(sent.pop()).toEqual({ type: "comm_msg", content: { comm_id: "b", data: { ok: false, error: "target broke" } } });
    await c.handle("comm_msg", { data: {} }, parent);
    await c.handle("comm_open", "garbage", parent);
    expect(sent).toEqual([]);
  });

  it("steps a run through the step target, for the view the comm was opened with", async () => {
    const { c, sent } = comms();
    const shown = new ShownValues();
    c.register(STEP_TARGET, stepTarget(new StepControl(Lib, shown, async () => undefined)));
    const { exec } = await stepping();
    shown.note("v1", exec);
    await c.handle("comm_open", { comm_id: "s", target_name: STEP_TARGET, data: { view: "v1" } }, parent);
    await c.handle("comm_msg", { comm_id: "s", data: { action: "step" } }, parent);
    expect(sent.pop()).toMatchObject({ type: "comm_msg", content: { comm_id: "s", data: { ok: true, view: "v1", steps: 1 } } });
    exec.stop();
  });
});
