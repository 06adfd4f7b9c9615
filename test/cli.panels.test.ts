// The REPL's panels, drawn by Ink through ink-testing-library from snapshots of real graphs (the
// built library), and the layout that decides which panels fit.
import { describe, expect, it } from "vitest";
import React from "react";
import { render } from "ink-testing-library";
import { Graph, tumbling, type Snapshot } from "streamweave";
import { GraphPanel } from "../cli/panels/graph.js";
import { graphLines, treeRows } from "../cli/panels/graph-text.js";
import { ChartPanel, chartSeries } from "../cli/panels/chart.js";
import { StatePanel } from "../cli/panels/state.js";
import { StatusLine, statusLine } from "../cli/panels/status.js";
import { layout } from "../cli/panels/layout.js";
import { plain } from "../cli/panels/lines.js";
import { App } from "../cli/app.js";
import { Session } from "../cli/session.js";
import { Live } from "../cli/live.js";
import { Repl, Transcript } from "../cli/repl.js";
import { History } from "../cli/history.js";

const h = React.createElement;
const strip = (s: string | undefined): string => (s ?? "").replace(/\x1b\[[0-9;]*m/g, "");
const frame = (el: React.ReactElement): string[] => {
  const r = render(el);
  const out = strip(r.lastFrame()).split("\n");
  r.unmount();
  return out;
};

/** Clicks counted per user in 1-second windows, run deterministically to a known point. */
/**
 * Waits until the observer's timeline has a point with the watermark at `w`: it samples the
 * timeline at its coalesced notices, which come a while later (how long depends on the machine's
 * load), and two moves of the watermark could otherwise fall into one sample.
 */
async function sampled(o: { snapshot(): Snapshot }, w: number): Promise<void> {
  const seen = (): boolean => o.snapshot().timeline.some((p) => p.watermark === w && p.outputs !== null);
  for (let waited = 0; !seen() && waited < 5000; waited += 5) await new Promise((r) => setTimeout(r, 5));
}

async function windowed(): Promise<Snapshot> {
  const g = new Graph("clicks");
  const clicks = g.input<{ user: string; ts: number }>("clicks");
  const counts = clicks
    .eventTime({ timestamp: (c) => c.ts, maxOutOfOrderness: 0 })
    .keyBy((c) => c.user)
    .window(tumbling(1000))
    .count();
  counts.capture({ name: "out" });
  const o = g.observe();
  const exec = g.run({ mode: "deterministic" });
  await clicks.send([
    { user: "ada", ts: 100 },
    { user: "bob", ts: 200 },
    { user: "ada", ts: 300 },
  ]);
  await exec.quiet();
  await sampled(o, 300);
  await clicks.send([
    { user: "ada", ts: 1200 },
    { user: "cy", ts: 1500 }, // moves the watermark to 1500: ada's click at 1200 is handled, cy's waits
  ]);
  await exec.quiet();
  await sampled(o, 1500);
  const s = o.snapshot();
  o.close();
  exec.stop();
  return s;
}

describe("the graph panel", () => {
  it("draws the nodes as a tree with items in and out, frontiers and state sizes", async () => {
    const s = await windowed();
    const lines = frame(h(GraphPanel, { snapshot: s, width: 70, height: 10 }));
    expect(lines[0]).toMatch(/^── graph clicks · running \(deterministic\) · 5 nodes ─+$/);
    expect(lines[1]).toMatch(/^node\s+in\s+out\s+frontier$/);
    expect(lines[2]).toMatch(/^clicks\s+5\s+\[0\]$/);
    expect(lines[3]).toMatch(/^└ eventTime\s+5\s+5\s+\[0\]$/);
    expect(lines[4]).toMatch(/^ {2}└ keyBy\s+5\s+5\s+\[1500\]$/);
    expect(lines[5]).toMatch(/^ {4}└ window\s+5\s+2\s+\[1500\]\s+1 key$/); // ada's open window; bob's fired and was dropped
    expect(lines[6]).toMatch(/^ {6}└ out\s+2\s+\[1500\]$/);
  });

  it("says how many nodes did not fit", async () => {
    const s = await windowed();
    const lines = graphLines(s, 60, 4).map(plain);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("… 3 more nodes (.graph prints them all)");
  });

  it("draws fan-in once, with a reference where the node is met again, and labels side outputs", () => {
    const g = new Graph("shapes");
    const a = g.input<number>("a");
    const [even, odd] = a.branch((x) => x % 2 === 0);
    even!.merge(odd!.map((x) => x * 10, { name: "tens" }));
    const s = g.observe().snapshot();
    const rows = treeRows(s).map((r) => `${r.prefix}${r.via !== undefined ? `${r.via}▸ ` : ""}${r.node.name}${r.ref ? " (ref)" : ""}`);
    expect(rows).toEqual(["a", "└ branch", "  ├ true▸ merge", "  └ false▸ tens", "    └ merge (ref)"]);
    const text = graphLines(s, 80).map(plain);
    expect(text.find((l) => l.includes("merge") && l.includes("drawn above"))).toMatch(/└ merge\s+\(drawn above\)/);
  });

  it("says so when there is no graph", () => {
    expect(frame(h(GraphPanel, { snapshot: undefined, width: 50, height: 3 }))[1]).toBe('no graph yet: const g = new Graph("clicks")');
  });
});

describe("the state panel", () => {
  it("lists the watched node's most recent keys with values and versions", async () => {
    const s = await windowed();
    const lines = frame(h(StatePanel, { snapshot: s, node: "window", width: 70, height: 5 }));
    // bob's window fired and was dropped: his emptied key, still in the raw state, is not shown or counted.
    expect(lines[0]).toMatch(/^── state of window · 1 key · 1 waiting/); // an element waits for the frontier
    // cy's click waits for the frontier to pass its time: shown under its key, before it has a window.
    expect(lines[1]).toMatch(/^'cy'\s+no window yet · waiting: \{ user: 'cy', ts: 1500 \} @1500\s*$/);
    expect(lines[2]).toMatch(/^'ada'\s+\[1000, 2000\) 1\s+v\d+$/);
    expect(lines.slice(3).join("")).not.toContain("bob");
  });

  it("shows a keyed reduce's own keys and accumulators, not the operator's (group, time) entries", async () => {
    const g = new Graph("r");
    const a = g.input<number>("a");
    a.keyBy((x) => x % 3).reduce((x, y) => x + y, { name: "sums" }).capture();
    const o = g.observe();
    const exec = g.run({ mode: "deterministic" });
    await a.send([1, 2, 3, 4, 5]); // time 0 stays open: the sums are held
    await exec.quiet();
    await new Promise((r) => setTimeout(r, 20));
    const s = o.snapshot();
    o.close();
    exec.stop();
    const lines = frame(h(StatePanel, { snapshot: s, node: "sums", width: 50, height: 5 }));
    expect(lines[0]).toMatch(/^── state of sums · 3 keys · newest first ─+$/);
    expect(lines.slice(1, 4).map((l) => l.replace(/\s+/g, " ").replace(/ v\d+$/, "")).sort()).toEqual(["0 3", "1 5", "2 7"]);
    expect(graphLines(s, 70).map(plain).find((l) => l.includes("sums"))).toMatch(/\s3 keys$/);
  });

  it("explains a node without keyed state, and a missing one", async () => {
    const s = await windowed();
    expect(frame(h(StatePanel, { snapshot: s, node: "keyBy", width: 50, height: 3 }))[1]).toBe("keyBy keeps no keyed state");
    expect(frame(h(StatePanel, { snapshot: s, node: undefined, width: 50, height: 3 }))[1]).toBe("no stateful node: .watch <node> picks one");
  });
});

describe("the chart panel", () => {
  it("plots the watermark and the output frontier, down-sampled to the width", async () => {
    const s = await windowed();
    const lines = frame(h(ChartPanel, { snapshot: s, width: 50, height: 10, colors: false }));
    expect(lines[0]).toMatch(/^── frontiers over time ─+$/);
    expect(lines.some((l) => /^\s+1500 [┤┼]/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^━ watermark {2}━ output {2}last \d+ s$/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(50);
  });

  it("down-samples: one value per column, the last one at or before each column's end", () => {
    const t = [
      { at: 0, inputs: 0, outputs: null, watermark: null },
      { at: 50, inputs: 3, outputs: 1, watermark: null },
      { at: 100, inputs: 7, outputs: 5, watermark: null },
    ];
    const { series } = chartSeries(t, 100, 4);
    expect(series.map((x) => [x.name, x.values])).toEqual([
      ["output", [1, 1, 1, 5]], // before its first value: the first value
      ["input", [0, 3, 3, 7]],
    ]);
  });

  it("copes with no integer frontier yet", () => {
    const g = new Graph("empty");
    const s = { ...g.observe().snapshot(), timeline: [] };
    expect(frame(h(ChartPanel, { snapshot: s, width: 40, height: 5, colors: false }))[1]).toBe("no integer frontier to plot yet");
  });
});

describe("the status line", () => {
  it("shows the run, items per second, epoch, watermark and errors, dropping what does not fit", async () => {
    const s = await windowed();
    const wide = frame(h(StatusLine, { snapshot: s, width: 90, rate: 12_345, busy: false }))[0];
    expect(wide).toMatch(/^● running deterministic │ 12\.3k in\/s │ epoch \[0\] │ watermark 1500 │ errors 0\s+\.help$/);
    expect(plain(statusLine(s, { rate: 0, busy: false }, 52))).toMatch(/^● running deterministic │ 0 in\/s │ epoch \[0\]\s+\.help$/);
    expect(plain(statusLine(s, { rate: 0, busy: true }, 52))).toMatch(/^● running deterministic\s+evaluating… Ctrl\+C cancels$/);
    expect(plain(statusLine(undefined, { rate: 0, busy: false, hint: "Ctrl+C again exits" }, 40))).toMatch(/^○ no graph yet\s+Ctrl\+C again exits$/);
    expect(plain(statusLine(undefined, { rate: 0, busy: false }, 80))).toMatch(/^○ no graph yet │ const g = new Graph\("clicks"\) makes one\s+\.help$/);
  });

  it("shows a checkpointed run's latest checkpoint, or one being taken", () => {
    const s = { ...new Graph("g").observe().snapshot(), status: "running", timeline: [] };
    const c = { store: "s.db", inProgress: false, taken: 2, last: { id: 2, at: 0, frontier: "[7]", keys: 3, bytes: 40, durationMs: 1 }, text: "" };
    expect(plain(statusLine({ ...s, checkpoints: c }, { rate: 0, busy: false }, 100))).toMatch(/│ errors 0 │ checkpoint #2 at \[7\]\s+\.help$/);
    expect(plain(statusLine({ ...s, checkpoints: { ...c, inProgress: true } }, { rate: 0, busy: false }, 100))).toMatch(/│ checkpoint taking…\s+\.help$/);
    expect(plain(statusLine({ ...s, checkpoints: { store: "s.db", inProgress: false, taken: 0, restoredFrom: { id: 4, frontier: "[9]" }, text: "" } }, { rate: 0, busy: false }, 100))).toMatch(/│ checkpoint restored #4\s+\.help$/);
  });
});

describe("the layout", () => {
  const want = { graph: 7, state: 4 };
  it("shows no panels on a tiny terminal", () => {
    expect(layout(20, 10, 1, want).columns).toBe("none");
    expect(layout(80, 8, 1, want).columns).toBe("none");
  });

  it("puts the chart beside the graph and state on a medium one, three columns on a wide one", () => {
    expect(layout(80, 24, 1, want)).toMatchObject({ columns: "two", graph: { width: 41 }, state: { width: 41 }, chart: { width: 38 } });
    expect(layout(130, 40, 1, want)).toMatchObject({ columns: "three" });
    expect(layout(50, 24, 1, want)).toMatchObject({ columns: "one" });
    expect(layout(50, 24, 1, want).chart).toBeUndefined();
  });

  it("never makes the live area as tall as the terminal", () => {
    for (const rows of [10, 12, 16, 24, 40, 60]) {
      for (const prompt of [1, 3, 6]) {
        const l = layout(100, rows, prompt, { graph: 50, state: 9 });
        expect(l.height + 1 + prompt).toBeLessThan(rows);
        if (l.graph !== undefined) expect(l.graph.height + (l.state?.height ?? 0)).toBeLessThanOrEqual(l.height);
      }
    }
  });

  it("takes only the rows the panels need", () => {
    expect(layout(100, 50, 1, { graph: 3, state: 0 }).height).toBe(9); // the chart's minimum
    expect(layout(50, 50, 1, { graph: 3, state: 0 }).height).toBe(3);
  });
});

describe("the whole app", () => {
  it("draws panels, status line and prompt within the terminal, and echoes keys", async () => {
    const transcript = new Transcript(false);
    const session = new Session({ out: transcript, colors: false, announce: true });
    const repl = new Repl(session, new History(undefined), transcript, () => {});
    const live = new Live(session);
    const g = new Graph("app");
    const a = g.input<number>("a");
    a.map((x) => x + 1).capture();
    session.use(g);
    const r = render(h(App, { repl, live, colors: false }));
    repl.input("1 + 41");
    for (let i = 0; i < 100 && !strip(r.lastFrame()).endsWith("› 1 + 41"); i++) await new Promise((res) => setTimeout(res, 20));
    const lines = strip(r.lastFrame()).split("\n");
    expect(lines.length).toBeLessThan(24); // ink-testing-library's terminal: 100 columns; rows default to 24
    expect(lines[0]).toMatch(/^── graph app · idle · 3 nodes ─+ ── frontiers over time ─+/);
    expect(lines.at(-2)).toMatch(/^○ idle │ 0 in\/s │ epoch \[0\] │ errors 0\s+\.help$/);
    expect(lines.at(-1)).toBe("› 1 + 41");
    repl.input("\r");
    for (let i = 0; i < 100 && !strip(r.frames.join("")).includes("› 1 + 41\n42"); i++) await new Promise((res) => setTimeout(res, 20));
    expect(strip(r.frames.join(""))).toContain("› 1 + 41\n42"); // the transcript, written above the live area
    r.unmount();
    live.close();
    session.close();
  });
});
