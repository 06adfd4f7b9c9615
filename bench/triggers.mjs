// Triggers benchmark (`npm run bench:triggers [N] [dist]`): what triggers cost, in one run, against
// the plain loop of `bench/windows.mjs`'s tumbling count as the common yardstick.
//
// Cases, each over the same N events (ids; the event time and the key are functions of the id):
// - tumbling count, default trigger (elements wait for the frontier: the stash path);
// - tumbling count, `onTime({ early: never() })`: the same panes, but elements are added as they
//   arrive (the path every trigger that acts before the end of the window takes);
// - keyed sessions, default trigger: 1000 keys, each with an event every 1 ms of event time, gap
//   100 ms, so each key's session grows for the whole run and fires once, at the end;
// - the same sessions with early firings every 1 s of processing time (the real clock), Beam's
//   `AfterWatermark.pastEndOfWindow().withEarlyFirings(AfterProcessingTime...plusDelayOf(1 s))`:
//   each key's session fires an EARLY pane every second while the run lasts.
// Every run checks its on-time panes: their number and the total of their counts (early panes
// are counted apart). Optional second argument: a `dist/` folder to load the runtime from (to
// compare a build before a change with one after, in the same run).
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { feedIds, tumblingCountLoop } from "./window-workload.mjs";

const N = Number(process.argv[2] ?? 4_000_000);
const DIST = resolve(process.argv[3] ?? new URL("../dist", import.meta.url).pathname);
const sw = await import(pathToFileURL(resolve(DIST, "index.js")).href);
const { Graph, tumbling, session, onTime, repeatedly, afterDelay } = sw;
const never = sw.never;

const K = 100_000;
const SIZE = 1000; // tumbling window size (ms of event time)
const PER_MS = 1000; // events per ms of event time
const B = 100; // max out-of-orderness (ms)
const SESSION_KEYS = 1000;
const GAP = 100; // session gap (ms)
const BATCH = 1024;
const RUNS = 5;
const WARMUPS = 1;

const tsOf = (id) => Math.floor(id / PER_MS) - (id % 7 === 3 ? 40 : 0) + 40;
const keyOf = (id) => (id * 7919) % K;
const sessionKeyOf = (id) => id % SESSION_KEYS;

/** The plain loop: a tumbling count with the same watermark rule (the yardstick). */
function plainLoop(n) {
  const result = { panes: 0, total: 0, early: 0 };
  tumblingCountLoop(n, {
    tsOf,
    keyOf,
    size: SIZE,
    bound: B,
    pane: (_key, _start, value) => {
      result.panes++;
      result.total += value;
    },
  });
  return result;
}

/** StreamWeave: ids through event time, keyBy and a windowed count; on-time panes checked, early ones counted. */
async function streamweave(n, key, assigner, options) {
  const g = new Graph("triggers-bench");
  const input = g.input("events");
  const result = { panes: 0, total: 0, early: 0 };
  input
    .eventTime({ timestamp: tsOf, maxOutOfOrderness: B })
    .keyBy(key)
    .window(assigner, options)
    .count()
    .via("sink", {
      onData(_ctx, _port, _time, panes) {
        for (let i = 0; i < panes.length; i++) {
          const p = panes[i];
          if (p.pane.timing === "EARLY") result.early++;
          else {
            result.panes++;
            result.total += p.value;
          }
        }
      },
    });
  const exec = g.run({ mode: "concurrent" });
  await feedIds(input, exec, n, BATCH);
  return result;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`);

const tumblingWant = plainLoop(N);
const sessionWant = { panes: Math.min(N, SESSION_KEYS), total: N };
const cases = [
  { name: "plain loop (tumbling count)", fn: plainLoop, want: tumblingWant },
  { name: "tumbling, default trigger", fn: (n) => streamweave(n, keyOf, tumbling(SIZE), {}), want: tumblingWant },
  ...(never === undefined ? [] : [{ name: "tumbling, early: never() (arrival)", fn: (n) => streamweave(n, keyOf, tumbling(SIZE), { trigger: onTime({ early: never() }) }), want: tumblingWant }]),
  { name: "sessions, default trigger", fn: (n) => streamweave(n, sessionKeyOf, session(GAP), {}), want: sessionWant },
  { name: "sessions, early firings every 1 s", fn: (n) => streamweave(n, sessionKeyOf, session(GAP), { trigger: onTime({ early: repeatedly(afterDelay(1000)) }) }), want: sessionWant },
];

console.log(`Triggers benchmark — Node ${process.version}: ${N.toLocaleString("en-US")} events; runtime from ${DIST}; ${WARMUPS} warm-up + ${RUNS} timed runs each, taken in turns, median reported`);
const check = (c, got) => {
  if (got.panes !== c.want.panes || got.total !== c.want.total) throw new Error(`WRONG RESULT in ${c.name}: ${JSON.stringify(got)}, expected ${JSON.stringify(c.want)}`);
};
for (const c of cases) for (let w = 0; w < WARMUPS; w++) check(c, await c.fn(N));
const rates = cases.map(() => []);
const early = cases.map(() => []);
for (let r = 0; r < RUNS; r++) {
  for (let i = 0; i < cases.length; i++) {
    const t0 = performance.now();
    const got = await cases[i].fn(N);
    const ms = performance.now() - t0;
    check(cases[i], got);
    rates[i].push((N / ms) * 1000);
    early[i].push(got.early);
  }
}
const loop = median(rates[0]);
for (let i = 0; i < cases.length; i++) {
  const e = median(early[i]);
  console.log(`  ${cases[i].name.padEnd(38)} ${fmt(median(rates[i])).padStart(9)} items/s  ${(median(rates[i]) / loop).toFixed(2)}× loop${e > 0 ? `  (${e} early panes)` : ""}   (runs: ${rates[i].map(fmt).join(", ")})`);
}
const rate = (name) => median(rates[cases.findIndex((c) => c.name === name)]);
console.log(`\nsessions with early firings / without: ${(rate("sessions, early firings every 1 s") / rate("sessions, default trigger")).toFixed(2)}`);
if (never !== undefined) console.log(`tumbling arrival path / stash path: ${(rate("tumbling, early: never() (arrival)") / rate("tumbling, default trigger")).toFixed(2)}`);
