import { describe, expect, it } from "vitest";
import { inspect } from "node:util";
import { Graph, MemoryState, ManualClock, tumbling, type Snapshot } from "../src/index.js";
import { EventLog } from "../src/observe/event-log.js";
import { settle, within } from "./helpers.js";

const DISPLAY = Symbol.for("Jupyter.display");

describe("the observation model", () => {
  it("shows frontiers (with Flink's watermark), counts, queues, capabilities and edges", async () => {
    const g = new Graph("obs");
    const a = g.input<number>("a");
    const sums = a.map((x) => x + 1).sum();
    sums.capture();
    const obs = g.observe();
    const exec = g.run();
    await a.send([1, 2, 3]);
    a.advanceTo(5);
    await settle();
    const s = obs.snapshot();
    expect(s.graph).toBe("obs");
    expect(s.status).toBe("running");
    expect(s.mode).toBe("concurrent");
    expect(s.inputs.text).toBe("[5]");
    const map = s.nodes.find((n) => n.name === "map")!;
    expect(map.inputs[0]).toMatchObject({ id: "map.in", frontier: { text: "[5]", times: [5], done: false, watermark: 4 }, queuedItems: 0 });
    expect(map.stats).toMatchObject({ itemsIn: 3, itemsOut: 3 });
    const input = s.nodes.find((n) => n.name === "a")!;
    expect(input.capabilities).toEqual([{ time: 5, count: 1 }]);
    expect(s.edges).toContainEqual(expect.objectContaining({ from: "a.out", to: "map.in", queuedItems: 0, queuedBatches: 0 }));
    a.close();
    await exec.done;
    const end = obs.snapshot();
    expect(end.status).toBe("completed");
    expect(end.nodes.every((n) => n.inputs.every((p) => p.frontier.done))).toBe(true);
    obs.close();
  });

  it("keeps a bounded log of sends, frontier moves, capability changes, state changes, failures and status", async () => {
    const g = new Graph("log");
    const a = g.input<number>("a");
    a.map((x) => {
      if (x < 0) throw new Error("negative");
      return x;
    }).keyBy((x) => x % 2).count();
    const obs = g.observe({ events: 50 });
    const exec = g.run({ onError: "continue" });
    await a.send([1, 2, -1]);
    a.advanceTo(1);
    a.close();
    await exec.done;
    await settle();
    const s = obs.snapshot();
    const kinds = new Set(s.events.map((e) => e.kind));
    for (const k of ["send", "frontier", "capability", "state", "failure", "status"] as const) expect(kinds).toContain(k);
    expect(s.events.length).toBeLessThanOrEqual(50);
    expect(s.events.some((e) => e.text === "a.out → map.in: 3 items at 0")).toBe(true);
    expect(s.events.some((e) => e.kind === "failure" && e.text.includes('node "map" failed (port map.in, time 0, item -1): negative'))).toBe(true);
    expect(s.events.map((e) => e.seq)).toEqual([...s.events.map((e) => e.seq)].sort((x, y) => x - y));
    expect(s.failures).toEqual([{ node: "map", port: "in", time: 0, message: "negative" }]);
    obs.close();
  });

  it("logs the batches sent along one edge at one time in a row as one event, which never changes once read", async () => {
    const g = new Graph("sends", { batchSize: 2 });
    const a = g.input<number>("a");
    a.map((x) => x).capture();
    const obs = g.observe();
    const exec = g.run();
    await settle();
    for (let i = 0; i < 5; i++) await a.send([i, i]);
    const first = obs.snapshot().events.filter((e) => e.kind === "send");
    expect(first.map((e) => e.text)).toEqual(["a.out → map.in: 10 items in 5 batches at 0", "map.out → capture.in: 10 items in 5 batches at 0"]);
    await a.send([7]);
    a.advanceTo(1);
    await a.send([8, 9]);
    await settle();
    const sends = obs.snapshot().events.filter((e) => e.kind === "send");
    expect(sends.slice(0, 2)).toEqual(first);
    expect(sends.slice(2).map((e) => e.text)).toEqual([
      "a.out → map.in: 1 item at 0",
      "map.out → capture.in: 1 item at 0",
      "a.out → map.in: 2 items at 1",
      "map.out → capture.in: 2 items at 1",
    ]);
    a.close();
    await exec.done;
    obs.close();
  });

  it("describes an event when read, but a state change whose value is an object at once (the object may change later)", () => {
    const log = new EventLog(3, () => 42);
    const v = { n: 1 };
    log.state("count", { key: "k", value: v, version: 1, deleted: false });
    v.n = 2;
    log.state("count", { key: "j", value: 3, version: 2, deleted: false });
    log.sent("a.out", "b.in", 0, 4);
    log.sent("a.out", "b.in", 0, 1);
    log.capability("b", 0, -2);
    expect(log.items()).toEqual([
      { seq: 1, at: 42, kind: "state", text: "count set 'j' = 3 (version 2)" },
      { seq: 2, at: 42, kind: "send", text: "a.out → b.in: 5 items in 2 batches at 0" },
      { seq: 3, at: 42, kind: "capability", text: "b releases 2 capabilities at 0" },
    ]);
    const again = new EventLog(3, () => 0);
    again.state("count", { key: "k", value: v, version: 1, deleted: false });
    v.n = 3;
    expect(again.items()[0]!.text).toBe("count set 'k' = { n: 2 } (version 1)");
  });

  it("shows a stateful node's keyed state: size and the most recently changed keys", async () => {
    const g = new Graph("state");
    const a = g.input<{ user: string; ts: number }>("a");
    a.eventTime({ timestamp: (c) => c.ts, maxOutOfOrderness: 0 }).keyBy((c) => c.user).window(tumbling(10)).count();
    const obs = g.observe({ stateKeys: 3 });
    const exec = g.run();
    await a.send([{ user: "ada", ts: 1 }, { user: "bob", ts: 2 }, { user: "cy", ts: 3 }, { user: "dee", ts: 4 }]);
    await settle();
    // Time 4 (dee) is not complete yet (the watermark is 4): the window has taken in times 1 to 3.
    const win = obs.snapshot().nodes.find((n) => n.kind === "window")!;
    expect(win.state!.size).toBe(3);
    expect(win.state!.recent.map((k) => k.key)).toEqual(["cy", "bob", "ada"]);
    a.close();
    await exec.done;
    obs.close();
  });

  it("sends coalesced change notices: at most one per event-loop turn", async () => {
    const g = new Graph("notices");
    const a = g.input<number>("a");
    a.map((x) => x).capture();
    const obs = g.observe();
    let notices = 0;
    const stop = obs.subscribe(() => notices++);
    const exec = g.run();
    for (let i = 0; i < 100; i++) await a.send([i]);
    expect(notices).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(notices).toBe(1);
    stop();
    a.close();
    await exec.done;
    await settle();
    expect(notices).toBe(1);
    obs.close();
  });

  it("keeps a timeline of the inputs', outputs' and watermark's frontiers over processing time", async () => {
    const clock = new ManualClock(1000);
    const g = new Graph("timeline");
    const a = g.input<{ ts: number }>("a");
    a.eventTime({ timestamp: (c) => c.ts, maxOutOfOrderness: 5 }).capture();
    const obs = g.observe();
    const exec = g.run({ clock });
    for (const ts of [10, 20, 30]) {
      await a.send({ ts }, ts);
      a.advanceTo(ts + 1);
      clock.advance(100);
      await settle();
    }
    const points = obs.snapshot().timeline;
    expect(points.map((p) => p.watermark)).toEqual(expect.arrayContaining([5, 15, 25]));
    expect(points.map((p) => p.at)).toEqual([...points.map((p) => p.at)].sort((x, y) => x - y));
    expect(points[points.length - 1]).toMatchObject({ at: 1300, inputs: 31, watermark: 25 });
    a.close();
    await exec.done;
    obs.close();
  });

  it("costs nothing once closed: the run has no monitor", () => {
    const g = new Graph("closed");
    g.input("a");
    const o1 = g.observe();
    const o2 = g.observe();
    expect(g.df.monitor).toBeDefined();
    o1.close();
    expect(g.df.monitor).toBeDefined();
    o2.close();
    expect(g.df.monitor).toBeUndefined();
  });
});

describe("printing", () => {
  it("graphs, runs, probes, frontiers and state stores print usefully and give MIME bundles", async () => {
    const g = new Graph("print");
    const a = g.input<number>("a<b>");
    const probe = a.map((x) => x, { name: "<script>alert(1)</script>" }).probe({ name: "<i>p</i>" });
    const exec = g.run();
    a.advanceTo(3);
    await settle();
    const text = inspect(g);
    expect(text).toContain('Graph "print" · running (concurrent) · 3 nodes, 2 edges · inputs [3]');
    expect(text).toContain("<script>alert(1)</script> [map] · in [3] · in 0 / out 0");
    const bundle = (g as unknown as Record<symbol, () => Record<string, string>>)[DISPLAY]!();
    expect(bundle["text/plain"]).toBe(text);
    expect(bundle["text/html"]).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(bundle["text/html"]).not.toContain("<script>");
    expect(bundle["text/html"]).toContain("a&lt;b&gt;");
    expect(inspect(exec)).toContain("Execution(print, concurrent, running)");
    expect((exec as unknown as Record<symbol, () => Record<string, string>>)[DISPLAY]!()["text/html"]).toContain("streamweave-graph");
    const pb = (probe as unknown as Record<symbol, () => Record<string, string>>)[DISPLAY]!();
    expect(pb["text/html"]).toContain("frontier <code>[3]</code> (Flink watermark 2)");
    expect(pb["text/html"]).toContain("probe <b>&lt;i&gt;p&lt;/i&gt;.in</b>");
    expect(inspect(exec.frontier("<i>p</i>.in"))).toBe("[3]");
    const st = new MemoryState<string>();
    st.put("<k>", "<v>", 1);
    expect(inspect(st)).toBe("MemoryState(1 keys)\n  '<k>' = '<v>' (v1)");
    expect((st as unknown as Record<symbol, () => Record<string, string>>)[DISPLAY]!()["text/html"]).toContain("<td>&#39;&lt;k&gt;&#39;</td><td>&#39;&lt;v&gt;&#39;</td><td>1</td>");
    a.close();
    await within(exec.done, 1000, "run");
  });

  it("a view of a 1,000-node graph stays bounded", () => {
    const g = new Graph("big");
    let s = g.input<number>("a") as import("../src/index.js").Stream<number>;
    for (let i = 0; i < 999; i++) s = s.map((x) => x);
    const text = inspect(g);
    expect(text.split("\n").length).toBeLessThanOrEqual(45);
    expect(text).toContain("… 960 more nodes");
    const html = (g as unknown as Record<symbol, () => Record<string, string>>)[DISPLAY]!()["text/html"];
    expect(html).toContain("… 800 more nodes");
    const snap: Snapshot = g.observe().snapshot();
    expect(snap.nodes).toHaveLength(1000);
  });
});
