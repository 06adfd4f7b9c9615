// The crash harness's job (bench/jobs/keyed-events.mjs), checkpointing into a SQLite store in
// <folder> and writing through exactly-once file sinks there. Run it again with the same folder
// after a crash and it goes on from its latest checkpoint.
//
//   node test/crash/job.mjs <folder> [events] [checkpoint ms | none]
import { join } from "node:path";
import { Graph } from "../../dist/index.js";
import { buildKeyedJob } from "../../bench/jobs/keyed-events.mjs";

const [dir, eventsArg = "200000", everyArg = "100"] = process.argv.slice(2);
if (dir === undefined) {
  console.error("usage: node test/crash/job.mjs <folder> [events] [checkpoint ms | none]");
  process.exit(2);
}
const g = buildKeyedJob(new Graph("crash-job"), dir, Number(eventsArg));
const exec = everyArg === "none" ? g.run() : g.run({ checkpoints: { store: join(dir, "state.db"), every: Number(everyArg) }, restore: "latest" });
const from = exec.restoredFrom;
console.log(from === undefined ? "started" : `restored from checkpoint ${from.id} at ${from.frontier}${from.skipped.length > 0 ? ` (skipped ${from.skipped.map((p) => p.id).join(", ")})` : ""}`);
await exec.done;
console.log(`completed after ${exec.checkpoints.length} checkpoints`);
if (process.env.CRASH_JOB_VERBOSE) for (const c of exec.checkpoints) console.log(JSON.stringify(c));
