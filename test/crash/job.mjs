// The crash harness's job (bench/jobs/keyed-events.mjs), checkpointing into a SQLite store in
// <folder> and writing through exactly-once file sinks there. Run it again with the same folder
// after a crash and it goes on from its latest checkpoint. The tumbling windows, the scan, the count and distinct keep
// their state in the store itself, with room for only 8 keys in memory (the job has 40) and 16 changed keys before they are written ahead.
//
//   node test/crash/job.mjs <folder> [events] [checkpoint ms | none]
import { join } from "node:path";
import { Graph, SqliteStore } from "../../dist/index.js";
import { buildKeyedJob } from "../../bench/jobs/keyed-events.mjs";

const [dir, eventsArg = "200000", everyArg = "100"] = process.argv.slice(2);
if (dir === undefined) {
  console.error("usage: node test/crash/job.mjs <folder> [events] [checkpoint ms | none]");
  process.exit(2);
}
const store = everyArg === "none" ? undefined : SqliteStore.open(join(dir, "state.db"), { cacheEntries: 8, spillEntries: 16 });
const g = buildKeyedJob(new Graph("crash-job"), dir, Number(eventsArg), store);
const exec = store === undefined ? g.run() : g.run({ checkpoints: { store, every: Number(everyArg) }, restore: "latest" });
const from = exec.restoredFrom;
console.log(from === undefined ? "started" : `restored from checkpoint ${from.id} at ${from.frontier}${from.skipped.length > 0 ? ` (skipped ${from.skipped.map((p) => p.id).join(", ")})` : ""}`);
await exec.done;
store?.close();
console.log(`completed after ${exec.checkpoints.length} checkpoints`);
if (process.env.CRASH_JOB_VERBOSE) for (const c of exec.checkpoints) console.log(JSON.stringify(c));
