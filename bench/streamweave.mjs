// The StreamWeave cases: batched (concurrent, logical-time, deterministic), a fan-in, per item
// (send / push), and epoch-round latency.
import { performance } from "node:perf_hooks";
import * as built from "../dist/index.js";
import { BATCH } from "./workload.mjs";

/** Fills `buf` with the next batch of 0..n-1, from `i`. */
function fillBatch(buf, i, n) {
  const m = Math.min(BATCH, n - i);
  if (buf.length !== m) buf.length = m;
  for (let j = 0; j < m; j++) buf[j] = i + j;
}

/** An operator adding up every item it gets into `total.v`. */
function sumInto(total) {
  return {
    onData(_ctx, _port, _time, items) {
      let a = 0;
      for (let i = 0; i < items.length; i++) a += items[i];
      total.v += a;
    },
  };
}

const { Graph } = built;

/** input → map(x * 2) → filter(x % 3 === 0) → sum operator; `total.v` collects the sum (`lib`: which build of the library). */
function sumGraph(lib = built) {
  const total = { v: 0 };
  const sumLogic = sumInto(total);
  const g = new lib.Graph("bench");
  const inp = g.input("in");
  inp.map((x) => x * 2).filter((x) => x % 3 === 0).via("sum", sumLogic);
  return { g, inp, total };
}

async function finish(exec, total) {
  const r = await exec.done;
  if (r.status !== "completed" || r.failures.length > 0) {
    throw new Error(`run ended ${r.status} with ${r.failures.length} failure(s): ${r.failures[0]?.message ?? ""}`);
  }
  return total.v;
}

/**
 * Feeds 0..n-1 in arrays of BATCH items with `await inp.send(array)` (one reused array: the
 * runtime copies it). `tick` (optional) is called every 64 batches, for memory sampling. With
 * `observed`, a live view watches the run as a notebook view does: an observer whose change
 * notices take a full snapshot at most 20 times a second (counted in `liveViews`). `lib` is the
 * build of the library to use (default: dist/index.js).
 */
export async function batched(n, mode = "concurrent", tick, { observed = false, lib = built } = {}) {
  const { g, inp, total } = sumGraph(lib);
  const view = observed ? liveView(g) : undefined;
  const exec = g.run({ mode });
  const buf = new Array(BATCH);
  for (let i = 0, b = 0; i < n; i += BATCH, b++) {
    fillBatch(buf, i, n);
    await inp.send(buf);
    if (tick !== undefined && (b & 63) === 0) tick();
  }
  inp.close();
  try {
    return await finish(exec, total);
  } finally {
    view?.close();
  }
}

/**
 * A fan-in: inputs `a` and `b` each get every other batch of 0..n-1, at time = batch number, and
 * advance past it; `a.concat(b)` → map → filter → sum. In logical-time mode the merge takes each
 * time's batches in order once both inputs have passed it (per-time stash), so this measures what
 * that ordering costs against concurrent and deterministic modes.
 */
export async function fanIn(n, mode = "concurrent") {
  const total = { v: 0 };
  const sumLogic = sumInto(total);
  const g = new Graph("fan-in");
  const a = g.input("a");
  const b = g.input("b");
  a.concat(b).map((x) => x * 2).filter((x) => x % 3 === 0).via("sum", sumLogic);
  const exec = g.run({ mode });
  const buf = new Array(BATCH);
  for (let i = 0, t = 0; i < n; i += BATCH, t++) {
    fillBatch(buf, i, n);
    await (t % 2 === 0 ? a : b).send(buf, t);
    a.advanceTo(t + 1);
    b.advanceTo(t + 1);
  }
  a.close();
  b.close();
  return finish(exec, total);
}

/** What the live views of `batched` did, over all runs: runs, change notices, snapshots, events seen. */
export const liveViews = { runs: 0, notices: 0, snapshots: 0, events: 0 };

/**
 * An observer that snapshots the whole picture on change notices, at most 20 times a second, as a
 * notebook view does; it takes a last snapshot when closed (the view's final frame).
 */
function liveView(g) {
  const obs = g.observe();
  let last = 0;
  const frame = (o) => {
    const s = o.snapshot();
    if (s.nodes.length !== 4 || s.edges.length !== 3) throw new Error(`live view: expected 4 nodes and 3 edges, saw ${s.nodes.length} and ${s.edges.length}`);
    liveViews.snapshots++;
    liveViews.events = s.events.length;
  };
  obs.subscribe((o) => {
    liveViews.notices++;
    const now = performance.now();
    if (now - last < 50) return;
    last = now;
    frame(o);
  });
  liveViews.runs++;
  return { close: () => { frame(obs); obs.close(); } };
}

/** One item per call: `await inp.send(i)`. */
export async function perItemSend(n, tick) {
  const { g, inp, total } = sumGraph();
  const exec = g.run();
  for (let i = 0; i < n; i++) {
    await inp.send(i);
    if (tick !== undefined && (i & 0xffff) === 0) tick();
  }
  inp.close();
  return finish(exec, total);
}

/** One item per call, waiting only when told to: `if (!inp.push(i)) await inp.ready()`. */
export async function perItemPush(n, tick) {
  const { g, inp, total } = sumGraph();
  const exec = g.run();
  for (let i = 0; i < n; i++) {
    if (!inp.push(i)) await inp.ready();
    if (tick !== undefined && (i & 0xffff) === 0) tick();
  }
  inp.close();
  return finish(exec, total);
}

/**
 * Epoch rounds through input → 9 × map(x => x) → probe. Per round: (optionally) `inp.send(r)`,
 * `inp.advanceTo(r + 1)`, `await probe.until(r + 1)`. Returns per-round latencies in µs of the
 * `rounds` measured rounds (after `warmup` unmeasured ones). With data, checks in every round
 * that the item of round r has passed the last map before the probe released the round.
 */
export async function epochRounds({ rounds, warmup, withData, mode = "concurrent" }) {
  const g = new Graph("epochs");
  const inp = g.input("in");
  let seen = 0;
  let s = inp;
  for (let k = 0; k < 8; k++) s = s.map((x) => x);
  s = s.map((x) => (seen++, x)); // the 9th map(x => x), counting what reached it
  const probe = s.probe();
  const exec = g.run({ mode });
  const lat = new Float64Array(rounds);
  const total = warmup + rounds;
  for (let r = 0; r < total; r++) {
    const t0 = performance.now();
    if (withData) inp.send(r);
    inp.advanceTo(r + 1);
    await probe.until(r + 1);
    const us = (performance.now() - t0) * 1000;
    if (r >= warmup) lat[r - warmup] = us;
    if (withData && seen !== r + 1) {
      throw new Error(`epoch round ${r}: probe.until(${r + 1}) resolved but only ${seen} of ${r + 1} items had reached the last map`);
    }
  }
  inp.close();
  const res = await exec.done;
  if (res.status !== "completed") throw new Error(`epoch run ended ${res.status}`);
  if (!probe.done) throw new Error("epoch run completed but the probe is not done");
  if (seen !== (withData ? total : 0)) throw new Error(`epoch run: ${seen} items reached the last map, expected ${withData ? total : 0}`);
  return Array.from(lat);
}
