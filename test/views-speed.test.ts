import { describe, expect, it } from "vitest";
import { Graph, type Stream } from "../src/index.js";
import { graphviz, layoutCounts, renderView } from "../kernel/render/index.js";
import { settle } from "./helpers.js";

// In a file of its own, so Graphviz starts here and its start is measured.
describe("frames of the live view", () => {
  it("renders every frame of a running 10-node graph, reusing the Graphviz layout while only numbers change", async () => {
    const g = new Graph("ten");
    const a = g.input<number>("a");
    let s: Stream<number> = a;
    for (let i = 0; i < 6; i++) s = s.map((x) => x + 1);
    s.keyBy((x) => x % 5).count().capture();
    const obs = g.observe();
    const exec = g.run();
    expect(obs.snapshot().nodes).toHaveLength(10);

    let t = performance.now();
    await graphviz();
    const start = performance.now() - t;
    t = performance.now();
    await renderView(obs.snapshot());
    const first = performance.now() - t;

    // Frames as a live view sees them: items flow and frontiers move between frames.
    const times: number[] = [];
    const before = layoutCounts();
    for (let k = 0; k < 200; k++) {
      await a.send([k, k + 1, k + 2], k);
      a.advanceTo(k + 1);
      await settle(2);
      const snap = obs.snapshot();
      t = performance.now();
      const b = await renderView(snap);
      times.push(performance.now() - t);
      expect(b["text/html"]).toContain(`data-inputs="[${k + 1}]"`);
    }
    const after = layoutCounts();
    times.sort((x, y) => x - y);
    const q = (p: number): number => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
    console.log(
      `10-node graph: Graphviz start ${start.toFixed(1)} ms; first render ${first.toFixed(1)} ms; ` +
        `then ${times.length} frames: median ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms, max ${q(1).toFixed(2)} ms; ` +
        `${after.layouts - before.layouts} new layouts, ${after.reused - before.reused} reused`,
    );
    // What keeps frames cheap: a frame whose drawing did not change shape reuses the layout
    // (the frame cost itself is measured by bench/kernel.mjs, as update latency).
    expect(after.layouts - before.layouts).toBeLessThanOrEqual(10);
    expect(after.reused - before.reused).toBeGreaterThanOrEqual(190);
    a.close();
    await exec.done;
    obs.close();
  });
});
