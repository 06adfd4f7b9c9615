// StreamWeave core benchmark (`npm run bench`).
//
// 1. Throughput of map(x => x * 2) → filter(x => x % 3 === 0) → sum over N integers: a plain
//    loop (the limit), StreamWeave (batched in concurrent, logical-time and deterministic modes,
//    a two-input fan-in in each mode, per item) and peer libraries; the modes' ratios to
//    concurrent are printed.
// 2. + 3. Peak RSS growth and event-loop delay during instrumented StreamWeave runs.
// 4. Epoch round latency through a 10-node pipeline with a probe.
// 5. What observing costs (bench/observe.mjs), from runs interleaved in back-to-back pairs: a live
//    view attached against detached, and no one observing: copies of the runtime as built against
//    copies with their monitor hooks compiled out; median ratios.
// 6. Markdown tables on stdout and in bench/results.md.
//
// Every case verifies its sum and throws if it is wrong. Each case: WARMUPS warm-up runs, then RUNS
// timed runs; the median items/s is reported. Timed regions include building the pipeline.
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { N, BATCH, expectedSum, plainLoop, verify } from "./workload.mjs";
import { GC_POLICY, RunMonitor, eldControls, timeCase, median, percentile, fmtRate } from "./measure.mjs";
import * as sw from "./streamweave.mjs";
import { machineFacts, throughputTable, monitorTable, latencyTable, observeTable, writeResults, verdict } from "./report.mjs";
import { liveViewRounds, noOneObserving } from "./observe.mjs";

const RUNS = 5;
const WARMUPS = 3;
const EPOCH_ROUNDS = 2000;
const EPOCH_WARMUP = 200;
const OBSERVE = { rounds: 20, warmups: 3, copies: 8, copyRuns: 3, copyWarmups: 2 };
const TARGETS = { batched: 100e6, perItem: 20e6, rssMB: 50, eldMs: 10, deterministicRatio: 0.8, liveView: 0.9, quiet: 0.98 };

const log = (s = "") => console.log(s);
const started = performance.now();
const facts = machineFacts();
const expected = expectedSum(N);
verify("plain loop (sanity)", plainLoop(N), expected);

const setup = [
  `N = ${N.toLocaleString("en-US")} integers per case; expected sum ${expected}, checked for every run of every case`,
  `each case: ${WARMUPS} warm-up runs (so the JIT has compiled the hot code) + ${RUNS} timed runs, median reported; timed region includes building the pipeline`,
  GC_POLICY,
  `StreamWeave batched cases feed arrays of ${BATCH} (one reused array; the runtime copies it) with \`await inp.send(array)\`; default graph options (channel capacity 16384, batchSize 1024)`,
];
log(`StreamWeave core benchmark — Node ${facts.node}, ${facts.cpu}, ${facts.cores} cores, load ${facts.loadavg}`);
for (const s of setup) log(`- ${s}`);

// ---- 2 + 3: memory and event-loop delay. Instrumented runs come first, before the peer libraries
// are loaded, so RSS growth is not hidden by memory that other code already made the process hold.
log("\nInstrumented runs (RSS sampled every 5 ms and from the feed loop; monitorEventLoopDelay resolution 1 ms):");
const monitored = [
  { name: "StreamWeave batched (concurrent)", fn: (n, tick) => sw.batched(n, "concurrent", tick) },
  { name: "StreamWeave batched (deterministic)", fn: (n, tick) => sw.batched(n, "deterministic", tick) },
  { name: "StreamWeave per item, await send(i)", fn: (n, tick) => sw.perItemSend(n, tick) },
  { name: "StreamWeave per item, push / ready()", fn: (n, tick) => sw.perItemPush(n, tick) },
];
const monitors = [];
async function instrument(c, label) {
  const name = `${c.name}, ${label}`;
  const mon = new RunMonitor(); // gc() first, then the RSS baseline
  mon.start();
  const got = await c.fn(N, () => mon.sample());
  const m = mon.stop();
  verify(`${name} (instrumented)`, got, expected);
  monitors.push({ name, rate: (N / m.ms) * 1000, ...m });
  log(`  ${name.padEnd(46)} ${fmtRate((N / m.ms) * 1000).padStart(8)} items/s  RSS +${m.growthMB.toFixed(1)} MB (${m.baselineMB.toFixed(0)} → ${m.peakMB.toFixed(0)} MB, ${m.samples} samples)  event-loop delay max ${m.eldMaxMs.toFixed(1)} ms, p99 ${m.eldP99Ms.toFixed(1)} ms  5 ms timer fired ${m.timerFires}/~${m.timerExpected}`);
}
for (const c of monitored) await instrument(c, "cold");
for (const m of await eldControls()) {
  monitors.push(m);
  log(`  ${m.name.padEnd(40)} event-loop delay max ${m.eldMaxMs.toFixed(1)} ms, p99 ${m.eldP99Ms.toFixed(1)} ms, mean ${m.eldMeanMs.toFixed(2)} ms`);
}
const peers = await import("./peers.mjs");

// ---- 1: throughput ------------------------------------------------------------------------------
log(`\nThroughput (${RUNS} timed runs each; ${GC_POLICY}):`);
const cases = [
  { name: "plain for loop", fn: plainLoop, notes: "the limit" },
  { name: "StreamWeave batched (concurrent)", fn: (n) => sw.batched(n, "concurrent"), target: TARGETS.batched, notes: "progress tracking on" },
  { name: "StreamWeave batched (logical-time)", fn: (n) => sw.batched(n, "logical-time"), notes: "g.run({ mode: \"logical-time\" }); one edge per node, so nothing to order" },
  { name: "StreamWeave batched (deterministic)", fn: (n) => sw.batched(n, "deterministic"), notes: "g.run({ mode: \"deterministic\" })" },
  { name: "StreamWeave per item, push / ready()", fn: sw.perItemPush, target: TARGETS.perItem, notes: "`if (!inp.push(i)) await inp.ready()`" },
  { name: "StreamWeave per item, await send(i)", fn: sw.perItemSend, target: TARGETS.perItem, notes: "`await inp.send(i)`" },
  { name: "hand-written async channels, batches of 1024 (reference)", fn: peers.handChannels, notes: "3 async tasks joined by bounded queues of { time, items } batches; no progress tracking" },
  { name: "bare await loop (reference)", fn: peers.bareAwait, notes: "`await step(i)` per item, no library: the cost of awaiting per item" },
  { name: "RxJS 7", fn: peers.rxjs, notes: "range → map → filter → reduce, lastValueFrom" },
  { name: "@most/core", fn: peers.most, notes: "custom asap range source → map → filter → tap, runEffects" },
  { name: "Effect Stream", fn: peers.effect, notes: "Stream.range (4096-item chunks) → map → filter → runFold" },
  { name: "Node object-mode streams", fn: peers.nodeStreams, notes: "Readable.from → Transform → Transform → Writable, pipeline" },
  { name: "async generators chained", fn: peers.asyncGenerators, notes: "source → map → filter, for await" },
];
// Timed last, after the warm instrumented runs: running this workload makes the compiled code of
// the runtime slower for the linear pipeline run after it in the same process (main shows the same).
const lateCases = [
  { name: "StreamWeave fan-in (concurrent)", fn: (n) => sw.fanIn(n, "concurrent"), notes: "two inputs, a time per batch → concat → map → filter → sum; timed last" },
  { name: "StreamWeave fan-in (logical-time)", fn: (n) => sw.fanIn(n, "logical-time"), notes: "the merge takes each time in order once both inputs passed it; timed last" },
  { name: "StreamWeave fan-in (deterministic)", fn: (n) => sw.fanIn(n, "deterministic"), notes: "the same fan-in, one task; timed last" },
];
const results = [];
for (const c of cases) results.push(await timeCase(c, { n: N, runs: RUNS, warmups: WARMUPS, expected, log }));
const loopRate = results[0].median;

// ---- 5: observing ---------------------------------------------------------------------------------
log(`\nObserving: live view attached against detached (${OBSERVE.warmups} warm-up + ${OBSERVE.rounds} pairs, back to back, order alternating):`);
const liveObs = await liveViewRounds({ n: N, rounds: OBSERVE.rounds, warmups: OBSERVE.warmups, expected });
const ratioText = (x) => `${x.median.toFixed(2)}× (95% interval ${x.ci[0].toFixed(2)}–${x.ci[1].toFixed(2)}; all ${x.min.toFixed(2)}–${x.max.toFixed(2)})`;
log(`  detached ${fmtRate(liveObs.rates.detached.median)}, live view ${fmtRate(liveObs.rates.live.median)} items/s (medians); live / detached per pair: ${liveObs.ratio.all.map((x) => x.toFixed(2)).join(" ")}`);
log(`  the live view per run: ${liveObs.view.notices.toFixed(0)} change notices, ${liveObs.view.snapshots.toFixed(1)} snapshots; the last one held ${liveObs.view.events} events`);

// ---- 4: epoch round latency ---------------------------------------------------------------------
log(`\nEpoch rounds (input → 9 × map(x => x) → probe; ${EPOCH_WARMUP} warm-up + ${EPOCH_ROUNDS} measured rounds):`);
const variants = [
  { name: "send(r) + advanceTo(r+1) + until(r+1)", withData: true },
  { name: "advanceTo(r+1) + until(r+1), no data", withData: false },
  { name: "send + advance + until, deterministic", withData: true, mode: "deterministic" },
  { name: "advance + until, deterministic", withData: false, mode: "deterministic" },
];
const latencies = [];
for (const v of variants) {
  const lat = await sw.epochRounds({ rounds: EPOCH_ROUNDS, warmup: EPOCH_WARMUP, withData: v.withData, mode: v.mode });
  const l = { name: v.name, median: median(lat), p99: percentile(lat, 99), max: Math.max(...lat), rounds: lat.length };
  latencies.push(l);
  log(`  ${v.name.padEnd(40)} median ${l.median.toFixed(1)} µs  p99 ${l.p99.toFixed(1)} µs  max ${l.max.toFixed(0)} µs`);
}

log("\nInstrumented runs again, warm (after everything timed; RSS growth here is understated, as the heap has already grown):");
for (const c of monitored) await instrument(c, "warm");

log(`\nFan-in throughput (${RUNS} timed runs each):`);
const late = [];
for (const c of lateCases) late.push(await timeCase(c, { n: N, runs: RUNS, warmups: WARMUPS, expected, log }));
results.splice(4, 0, ...late);

// ---- 5 (continued): no one observing. Timed last: it loads more copies of the library, and the
// bench's pipeline code, shared by all of them, would carry their variety into cases timed after it.
log(`\nObserving: no one observing, ${OBSERVE.copies} copies as built against ${OBSERVE.copies} copies without monitor hooks (each pair ${OBSERVE.copyWarmups} warm-up + ${OBSERVE.copyRuns} runs, back to back):`);
const quiet = await noOneObserving({ n: N, copies: OBSERVE.copies, runs: OBSERVE.copyRuns, warmups: OBSERVE.copyWarmups, expected });
log(`  as built ${fmtRate(quiet.rates.shipped.median)}, without hooks ${fmtRate(quiet.rates.hookless.median)} items/s (medians); as built / without hooks per pair of copies: ${quiet.ratio.all.map((x) => x.toFixed(2)).join(" ")}`);
const observeNote = [
  `Runs interleaved in pairs, each pair's two runs back to back (so that load from elsewhere and the JIT's state hit both alike) in an order alternating from pair to pair; each figure is the median of the pairs' ratios, with a 95% confidence interval from order statistics.`,
  `"Live view attached": the batched pipeline (concurrent mode, N items) with \`g.observe()\` and a subscriber that takes a full \`snapshot()\` on a change notice at most every 50 ms (≤ 20/s) and once more at the end, as a notebook view does (per run on average: ${liveObs.view.notices.toFixed(0)} notices, ${liveObs.view.snapshots.toFixed(1)} snapshots, the last holding ${liveObs.view.events} events), against the same pipeline with no observer; ${OBSERVE.rounds} pairs after ${OBSERVE.warmups} warm-up pairs.`,
  `"No one observing": copies of dist/index.js loaded as modules of their own (bench/hookless.mjs), ${OBSERVE.copies} as built and ${OBSERVE.copies} with their ${quiet.removed.calls} monitor hook calls and ${quiet.removed.reads} monitor reads removed (the runtime as it would be without observation support), none observed. How well the JIT compiles one copy moves its speed by several per cent either way, so each copy as built is paired with one without hooks (${OBSERVE.copyWarmups} warm-up + ${OBSERVE.copyRuns} timed runs of each, back to back) and the figure is the median over the ${OBSERVE.copies} pairs of copies of the ratio of their median runs. Their rates compare with each other only: they run last, through pipeline code that all the copies share.`,
].join(" ");
// The live view's row: after the modes and the fan-in rows, before the per-item cases (the copies'
// runs are in the observing table only: their pipeline code is shared by many copies, so their
// rates compare with each other, not with the rows here).
const lv = liveObs.rates.live;
results.splice(7, 0, {
  name: "StreamWeave batched, live view attached",
  notes: `an observer snapshotting the whole picture ≤ 20 times/s, as a notebook view does; ${ratioText(liveObs.ratio)} of detached, run in pairs with it`,
  rates: lv.all,
  median: lv.median,
  min: lv.min,
  max: lv.max,
});

// ---- 6: tables ------------------------------------------------------------------------------------
const tables = {
  throughput: throughputTable(results, loopRate),
  monitors: monitorTable(monitors, TARGETS),
  observing: observeTable(liveObs, quiet),
  latency: latencyTable(latencies),
};
const rate = (name) => results.find((r) => r.name === name).median;
const mon = (name) => monitors.find((m) => m.name === name);
const bc = rate("StreamWeave batched (concurrent)");
const modeRatios = ["batched", "fan-in"].map((w) => {
  const c = rate(`StreamWeave ${w} (concurrent)`);
  return `${w}: logical-time ${(rate(`StreamWeave ${w} (logical-time)`) / c).toFixed(2)}×, deterministic ${(rate(`StreamWeave ${w} (deterministic)`) / c).toFixed(2)}× concurrent`;
});
const detRatio = rate("StreamWeave batched (deterministic)") / bc;
const push = rate("StreamWeave per item, push / ready()");
const send = rate("StreamWeave per item, await send(i)");
const eld = (label, names) => {
  const ms = names.map((n) => mon(`${n}, ${label}`));
  return `${ms.map((m) => `${m.eldMaxMs.toFixed(1)} ms`).join(" / ")} (${label}) — ${verdict(ms.every((m) => m.eldMaxMs <= TARGETS.eldMs))}`;
};
const B = "StreamWeave batched (concurrent)";
const ITEM = ["StreamWeave per item, await send(i)", "StreamWeave per item, push / ready()"];
const idle = monitors.find((m) => m.name.startsWith("control: idle"));
const targets = [
  `batched ≥ ${fmtRate(TARGETS.batched)} items/s with progress tracking on: ${fmtRate(bc)} (median) — ${verdict(bc >= TARGETS.batched)}`,
  `deterministic mode ≥ ${TARGETS.deterministicRatio}× concurrent on the linear pipeline: ${fmtRate(rate("StreamWeave batched (deterministic)"))} vs ${fmtRate(bc)}, ${detRatio.toFixed(2)}× — ${verdict(detRatio >= TARGETS.deterministicRatio)} (modes against concurrent: ${modeRatios.join("; ")})`,
  `per item ≥ ${fmtRate(TARGETS.perItem)} items/s: push/ready() ${fmtRate(push)} — ${verdict(push >= TARGETS.perItem)}; await send(i) ${fmtRate(send)} — ${verdict(send >= TARGETS.perItem)} (a bare await loop does ${fmtRate(rate("bare await loop (reference)"))})`,
  `observing with a live view attached ≥ ${TARGETS.liveView}× detached (costs ≤ 10%): ${ratioText(liveObs.ratio)}, median of ${OBSERVE.rounds} back-to-back pairs (${fmtRate(liveObs.rates.live.median)} vs ${fmtRate(liveObs.rates.detached.median)} items/s) — ${verdict(liveObs.ratio.median >= TARGETS.liveView)}`,
  `observing costs nothing measurable when no one listens (the runtime as built against copies with their monitor hooks compiled out, none observed: a median ratio ≥ ${TARGETS.quiet}×, or a 95% interval reaching 1.00×): ${ratioText(quiet.ratio)}, median over ${OBSERVE.copies} pairs of copies (${fmtRate(quiet.rates.shipped.median)} vs ${fmtRate(quiet.rates.hookless.median)} items/s) — ${verdict(quiet.ratio.median >= TARGETS.quiet || quiet.ratio.ci[1] >= 1)}`,
  `peak RSS growth ≤ ${TARGETS.rssMB} MB (batched run, cold): ${mon(`${B}, cold`).growthMB.toFixed(1)} MB — ${verdict(mon(`${B}, cold`).growthMB <= TARGETS.rssMB)}`,
  `max event-loop delay ≤ ${TARGETS.eldMs} ms: batched ${eld("cold", [B])}, ${eld("warm", [B])}; per item (send / push) ${eld("cold", ITEM)}, ${eld("warm", ITEM)}; an idle event loop showed ${idle.eldMaxMs.toFixed(1)} ms on this machine`,
];
const latencyNote = `One graph per variant, input → 9 × map(x => x) → probe; ${EPOCH_WARMUP} warm-up rounds, then ${EPOCH_ROUNDS} measured rounds, each \`inp.send(r)\` (not awaited), \`inp.advanceTo(r + 1)\`, \`await probe.until(r + 1)\`, timed with performance.now(). The 9th map also counts the items reaching it, and every round checks that its item got there before \`until\` resolved.`;
const elapsedS = (performance.now() - started) / 1000;
log(`\nModes against concurrent (median items/s): ${modeRatios.join("; ")}`);
log(`\nTargets:\n${targets.map((t) => `- ${t}`).join("\n")}`);
log(`\n${tables.throughput}\n\n${tables.observing}\n\n${tables.monitors}\n\n${tables.latency}\n`);
const out = fileURLToPath(new URL("./results.md", import.meta.url));
writeResults(out, { facts, setup, targets, ...tables, latencyNote, observeNote, elapsedS });
log(`Wrote ${out} (${elapsedS.toFixed(0)} s in all).`);
