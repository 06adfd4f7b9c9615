// The crash harness: runs test/crash/job.mjs once cleanly, then again while killing it with
// SIGKILL at random instants (restarting it each time, so it goes on from its latest checkpoint)
// until it has been killed `--kills` times and then completes. The outputs of both (every sink
// file, and the state in the final checkpoint) must be byte-identical: nothing lost, nothing doubled.
//
//   node test/crash/harness.mjs [--kills 20] [--events 200000] [--every 100] [--seed 1]
// Prints one line per life and a summary; exits 1 when the outputs differ.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SqliteStore } from "../../dist/index.js";
import { CHUNK, STATEFUL } from "../../bench/jobs/keyed-events.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(args[i + 1]);
};
const kills = opt("kills", 20);
const events = opt("events", 200000);
const every = opt("every", 100);
let seed = opt("seed", Date.now() % 100000);
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};
const job = join(dirname(fileURLToPath(import.meta.url)), "job.mjs");
const root = mkdtempSync(join(tmpdir(), "sw-crash-"));

/**
 * Runs the job in `dir`; kills it `pick(line)` ms after it started (`fromStart`, line "") or after
 * it said it runs (its first line: started, or restored from where), if `pick` is given. Resolves with how it ended, what it printed and when it said it runs.
 */
function life(dir, pick, fromStart = false) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [job, dir, String(events), String(every)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const started = Date.now();
    let running;
    let timer;
    let killAfter;
    const arm = () => {
      if (pick === undefined || timer !== undefined) return;
      killAfter = pick(out.split("\n")[0]);
      timer = setTimeout(() => child.kill("SIGKILL"), killAfter);
    };
    child.stdout.on("data", (b) => {
      out += b;
      running ??= Date.now() - started;
      arm();
    });
    child.stderr.on("data", (b) => (err += b));
    if (fromStart) arm();
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, out: out.trim(), err: err.trim(), ms: Date.now() - started, running, killAfter });
    });
  });
}

/** The bytes of every sink file and the final checkpoint's state of `dir`, by name. */
function outputs(dir) {
  const files = {};
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort()) files[f] = readFileSync(join(dir, f));
  const store = SqliteStore.open(join(dir, "state.db"));
  try {
    store.restore("latest");
    const state = {};
    for (const ns of STATEFUL) state[ns] = JSON.stringify(store.state(ns).snapshot().entries.map((e) => [e.key, e.value]));
    files["final state"] = Buffer.from(JSON.stringify(state));
  } finally {
    store.close();
  }
  return files;
}

try {
  const { mkdirSync } = await import("node:fs");
  const cleanDir = join(root, "clean");
  mkdirSync(cleanDir);
  const clean = await life(cleanDir);
  if (clean.code !== 0) throw new Error(`the clean run failed (exit ${clean.code}): ${clean.err || clean.out}`);
  const work = clean.ms - (clean.running ?? 0);
  console.log(`clean run: ${clean.ms} ms (${work} ms after it started running)`);
  const expected = outputs(cleanDir);
  // Kill instants: uniform over the working time left (judged from the epoch the job restored
  // at) shared by the kills left, plus the time a first checkpoint takes, counted from when the job
  // says it runs; one kill in five is counted from the moment it is spawned, to crash recoveries too.
  // A job that completes before it has been killed often enough is compared, and a new crashed run
  // starts in a new folder with the kills left.
  const epochs = Math.ceil(events / CHUNK);
  const firstCheckpoint = 2 * every + 200;
  let killed = 0;
  let lives = 0;
  let rounds = 0;
  const diffs = [];
  while (killed < kills || rounds === 0) {
    const crashDir = join(root, `crashed-${++rounds}`);
    mkdirSync(crashDir);
    for (;;) {
      const pick = (line) => {
        const at = /at \[(\d+)\]/.exec(line ?? "");
        const left = at === null ? 1 : Math.max(0.05, 1 - Number(at[1]) / epochs);
        return Math.round(random() * ((work * left) / (kills - killed) + firstCheckpoint));
      };
      const fromStart = random() < 0.2;
      const r = await life(crashDir, killed < kills ? pick : undefined, fromStart);
      lives++;
      const said = r.out.split("\n")[0] ?? "";
      if (r.signal === "SIGKILL") {
        killed++;
        console.log(`life ${lives}: killed ${r.killAfter} ms after it ${fromStart ? "was spawned" : "ran"} (${said || "before it said anything"})`);
        continue;
      }
      if (r.code !== 0) throw new Error(`life ${lives} failed (exit ${r.code}): ${r.err || r.out}`);
      console.log(`life ${lives}: completed (${said})`);
      break;
    }
    const got = outputs(crashDir);
    for (const name of new Set([...Object.keys(expected), ...Object.keys(got)])) {
      if (expected[name] === undefined || got[name] === undefined || !expected[name].equals(got[name])) diffs.push(`${name} (round ${rounds})`);
    }
    rmSync(crashDir, { recursive: true, force: true });
  }
  const lines = Object.entries(expected).filter(([n]) => n.endsWith(".jsonl")).map(([n, buf]) => `${n} ${buf.toString().split("\n").length - 1}`).join(", ");
  console.log(`${events} events, ${killed} kills in ${lives} lives (${rounds} crashed run${rounds === 1 ? "" : "s"}); lines: ${lines}`);
  if (diffs.length > 0) {
    console.log(`DIFFERENT from the clean run: ${diffs.join(", ")}`);
    process.exitCode = 1;
  } else {
    console.log("identical to the clean run: 0 lost, 0 doubled");
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
