// The crash harness's job: a keyed event-time job over a replayable source, checkpointing into a
// SQLite store and writing through exactly-once file sinks. Run it again with the same folder after
// a crash and it goes on from its latest checkpoint.
//
//   node test/crash/job.mjs <folder> [events] [checkpoint ms]
import { join } from "node:path";
import { Graph, generatorSource, fileSink, tumbling, session } from "../../dist/index.js";

const [dir, eventsArg = "200000", everyArg = "100"] = process.argv.slice(2);
if (dir === undefined) {
  console.error("usage: node test/crash/job.mjs <folder> [events] [checkpoint ms]");
  process.exit(2);
}
const events = Number(eventsArg);
const CHUNK = 500;

/** Event number `i`: 40 keys, 10 ms apart in event time, up to 45 ms out of order. */
function event(i) {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return { k: `k${x % 40}`, ts: i * 10 + ((x >>> 8) % 46), v: (x >>> 16) % 100 };
}

const g = new Graph("crash-job");
const src = g.source("events", generatorSource((p) => (p >= events ? undefined : Array.from({ length: Math.min(CHUNK, events - p) }, (_, j) => event(p + j))), "generated events"), { batch: CHUNK });
const timed = src.eventTime({ timestamp: (e) => e.ts, maxOutOfOrderness: 30, name: "timed" });
const byKey = timed.keyBy((e) => e.k);
byKey
  .window(tumbling(1000), { allowedLateness: 100, name: "minutes" })
  .count()
  .map((r) => [r.key, r.start, r.value, r.pane.timing, r.pane.index], { name: "minutes-out" })
  .sink(fileSink(join(dir, "tumbling.jsonl")), { name: "tumbling-sink" });
byKey
  .window(session(500), { allowedLateness: 50, name: "sessions" })
  .count()
  .map((r) => [r.key, r.start, r.end, r.value, r.pane.timing], { name: "sessions-out" })
  .sink(fileSink(join(dir, "sessions.jsonl")), { name: "sessions-sink" });
src
  .keyBy((e) => e.k)
  .scan((acc, e) => acc + e.v, 0, { name: "totals" })
  .sink(fileSink(join(dir, "scan.jsonl")), { name: "scan-sink" });
src.count({ name: "per-epoch" }).sink(fileSink(join(dir, "count.jsonl")), { name: "count-sink" });
src
  .map((e) => e.k, { name: "keys" })
  .distinct(undefined, { name: "distinct" })
  .sink(fileSink(join(dir, "distinct.jsonl")), { name: "distinct-sink" });

const exec = everyArg === "none" ? g.run() : g.run({ checkpoints: { store: join(dir, "state.db"), every: Number(everyArg) }, restore: "latest" });
const from = exec.restoredFrom;
console.log(from === undefined ? "started" : `restored from checkpoint ${from.id} at ${from.frontier}${from.skipped.length > 0 ? ` (skipped ${from.skipped.map((p) => p.id).join(", ")})` : ""}`);
await exec.done;
console.log(`completed after ${exec.checkpoints.length} checkpoints`);
if (process.env.CRASH_JOB_VERBOSE) for (const c of exec.checkpoints) console.log(JSON.stringify(c));
