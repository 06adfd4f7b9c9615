// Windows benchmark (`npm run bench:windows`): a keyed tumbling-window count over N events with
// K keys, through StreamWeave (input → eventTime → keyBy → window(tumbling).count() → sink) and
// through a plain loop doing the same computation (bounded out-of-orderness watermark, a Map of
// counts per open window, every window emitted as one { key, start, end, value } per key once the
// watermark passes its end), in the same run. Prints items/s of both and the ratio.
//
// Events are ids 0..N-1; the key and the event time are functions of the id (the same functions
// for both), so neither side pays for making event objects: ts = floor(id / PER_MS), with every
// 7th event 40 ms behind (within the 100 ms out-of-orderness, so nothing is late); key = a spread
// of the id over K keys. Every run checks its panes: their number and the total of their counts.
import { performance } from "node:perf_hooks";
import { Graph, tumbling } from "../dist/index.js";
import { feedIds, tumblingCountLoop } from "./window-workload.mjs";

const N = Number(process.argv[2] ?? 10_000_000);
const K = Number(process.argv[3] ?? 100_000);
const SIZE = 1000; // window size (ms of event time)
const PER_MS = 1000; // events per ms of event time
const B = 100; // max out-of-orderness (ms)
const BATCH = 1024;
const RUNS = 5;
const WARMUPS = 2;
const TARGET = 0.25;

const tsOf = (id) => Math.floor(id / PER_MS) - (id % 7 === 3 ? 40 : 0) + 40;
const keyOf = (id) => (id * 7919) % K;

/** The plain loop: same watermark rule, same windows, one result object per pane. */
function plainLoop(n) {
  let panes = 0;
  let total = 0;
  const emit = (r) => {
    panes++;
    total += r.value;
  };
  tumblingCountLoop(n, { tsOf, keyOf, size: SIZE, bound: B, pane: (key, start, value) => emit({ key, start, end: start + SIZE, value }) });
  return { panes, total };
}

/** StreamWeave: batches of ids through event time, keyBy and a tumbling window count. */
async function streamweave(n, mode = "concurrent") {
  const g = new Graph("windows-bench");
  const input = g.input("events");
  const result = { panes: 0, total: 0 };
  input
    .eventTime({ timestamp: tsOf, maxOutOfOrderness: B })
    .keyBy(keyOf)
    .window(tumbling(SIZE))
    .count()
    .via("sink", {
      onData(_ctx, _port, _time, panes) {
        result.panes += panes.length;
        for (let i = 0; i < panes.length; i++) result.total += panes[i].value;
      },
    });
  const exec = g.run({ mode });
  await feedIds(input, exec, n, BATCH);
  return result;
}

function check(name, got, want) {
  if (got.panes !== want.panes || got.total !== want.total) throw new Error(`WRONG RESULT in ${name}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`);

/**
 * Times the cases in turns (loop, StreamWeave, ..., then again), so that a change in the load of
 * this shared machine during the run hits every case alike; median items/s per case.
 */
async function timeAll(cases, want) {
  for (const c of cases) for (let w = 0; w < WARMUPS; w++) check(c.name, await c.fn(N), want);
  const rates = cases.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < cases.length; i++) {
      const t0 = performance.now();
      const got = await cases[i].fn(N);
      const ms = performance.now() - t0;
      check(cases[i].name, got, want);
      rates[i].push((N / ms) * 1000);
    }
  }
  return cases.map((c, i) => {
    console.log(`  ${c.name.padEnd(34)} ${fmt(median(rates[i])).padStart(9)} items/s   (runs: ${rates[i].map(fmt).join(", ")})`);
    return median(rates[i]);
  });
}

const want = plainLoop(N);
console.log(`Windows benchmark — Node ${process.version}: ${N.toLocaleString("en-US")} events, ${K.toLocaleString("en-US")} keys, tumbling ${SIZE} ms windows, out-of-orderness ${B} ms`);
console.log(`  expected ${want.panes.toLocaleString("en-US")} panes counting ${want.total.toLocaleString("en-US")} events; ${WARMUPS} warm-up + ${RUNS} timed runs each, taken in turns, median reported`);
const [loop, sw, det] = await timeAll(
  [
    { name: "plain loop", fn: plainLoop },
    { name: "StreamWeave (concurrent)", fn: (n) => streamweave(n, "concurrent") },
    { name: "StreamWeave (deterministic)", fn: (n) => streamweave(n, "deterministic") },
  ],
  want,
);
const ratio = sw / loop;
console.log(`\nratio StreamWeave / plain loop: ${ratio.toFixed(2)} (concurrent), ${(det / loop).toFixed(2)} (deterministic); target ≥ ${TARGET}: ${ratio >= TARGET ? "met" : "NOT met"}`);
