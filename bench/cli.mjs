// The terminal REPL under load (npm run bench:cli). A saturating graph (1024-item batches pushed
// as fast as it takes them, through map and filter to a counting sink) runs for a few seconds:
//
// - attached: in the REPL on a real pseudo-terminal (node-pty; the screen is read back with
//   @xterm/headless), panels live, while keys are typed one at a time: keystroke echo latency is
//   the time from writing a key to the pty until the prompt on the screen shows it;
// - detached: the same lines through the REPL's line mode (no terminal, no Ink, no frames; the
//   session still observes the graph, which costs little: its notices are coalesced per turn).
//
// It prints render cost per frame (Ink's render, and making a frame: snapshot + React), the UI's
// share of the CPU during the attached run, echo latency p50/p99, and throughput attached vs
// detached. Targets: echo p99 <= 50 ms; throughput attached >= 0.8x detached.
//
// node bench/cli.mjs [seconds=10] [keystrokes=150] [attached runs=2]; SW_PROF=dir profiles the REPL.
import pty from "@lydell/node-pty";
import xterm from "@xterm/headless";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.mjs");
const SECONDS = Number(process.argv[2] ?? 10);
const KEYS = Number(process.argv[3] ?? 150);
const RUNS = Number(process.argv[4] ?? 2);
const dir = mkdtempSync(join(tmpdir(), "sw-bench-cli-"));

// The workload, as REPL lines. `drive` yields to the event loop every ~4 ms (as a well-behaved
// producer does), so a graph that keeps up cannot starve timers and keyboard input.
const script = (seconds) => [
  `const g = new Graph("load")`,
  `const inp = g.input<number>("inp")`,
  `let seen = 0`,
  `inp.map((x: number) => x + 1, { name: "work" }).filter((x: number) => x % 3 !== 1, { name: "keep" }).inspect(() => { seen++ }, { name: "count" })`,
  `const exec = g.run()`,
  `const batch = Array.from({ length: 1024 }, (_, i) => i)`,
  `let pushed = 0, running = true, t0 = 0, t1 = 0`,
  `async function drive() { t0 = performance.now(); let last = t0; while (running) { if (!inp.push(batch)) await inp.ready(); pushed += 1024; const now = performance.now(); if (now - last > 4) { await new Promise((r) => setImmediate(r)); last = now; } } await exec.quiet(); t1 = performance.now(); console.log("RATE " + Math.round(pushed / ((t1 - t0) / 1000)) + " SEEN " + seen) }`,
  `const done = drive(); setTimeout(() => { running = false }, ${seconds * 1000})`,
];

function detached() {
  const file = join(dir, "load.sw");
  writeFileSync(file, [...script(SECONDS), "await done"].join("\n") + "\n");
  const r = spawnSync(process.execPath, [cli, file], { encoding: "utf8", env: { ...process.env, STREAMWEAVE_HISTORY: "" } });
  const m = /RATE (\d+)/.exec(r.stdout);
  if (!m) throw new Error(`detached run printed no rate:\n${r.stdout}\n${r.stderr}`);
  return Number(m[1]);
}

async function attached() {
  const cols = 110;
  const rows = 32;
  const metrics = join(dir, "metrics.json");
  const env = { ...process.env, STREAMWEAVE_HISTORY: "", STREAMWEAVE_METRICS: metrics, TERM: "xterm-256color" };
  delete env.CI; // with CI set, Ink renders only the last frame
  const term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 2000 });
  const profile = process.env.SW_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SW_PROF}`] : []; // to see where the REPL's time goes
  const p = pty.spawn(process.execPath, [...profile, cli], { cols, rows, cwd: dir, env });
  const waiters = new Set();
  p.onData((d) => term.write(d, () => { for (const w of waiters) w(); }));
  const screen = () => {
    const b = term.buffer.active;
    const out = [];
    for (let i = 0; i < b.length; i++) out.push(b.getLine(i)?.translateToString(true) ?? "");
    return out;
  };
  const until = (pred, ms = 30_000) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (pred()) {
          waiters.delete(check);
          clearTimeout(t);
          resolve(performance.now());
        }
      };
      const t = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out; screen:\n${screen().slice(-rows).join("\n")}`));
      }, ms);
      waiters.add(check);
      check();
    });
  const promptLine = () => {
    const b = term.buffer.active;
    for (let i = b.length - 1; i >= 0; i--) {
      const l = b.getLine(i)?.translateToString(true) ?? "";
      if (l.startsWith("› ")) return l.slice(2);
    }
    return "";
  };
  await until(() => screen().some((l) => l.startsWith("› ")));
  for (const line of script(SECONDS)) {
    p.write(`${line}\r`);
    await until(() => screen().some((l) => l.startsWith(`› ${line.slice(0, 40)}`)));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const latencies = [];
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let typed = "";
  for (let i = 0; i < KEYS; i++) {
    const ch = letters[i % letters.length];
    typed += ch;
    const t0 = performance.now();
    p.write(ch);
    const expect = typed;
    const t1 = await until(() => promptLine().startsWith(expect));
    latencies.push(t1 - t0);
    await new Promise((r) => setTimeout(r, 20 + Math.random() * 20));
    if (typed.length >= 60) {
      p.write("\x15"); // Ctrl+U: start the line again
      await until(() => promptLine().trim() === "");
      typed = "";
    }
  }
  await until(() => screen().some((l) => /^RATE \d+/.test(l)), (SECONDS + 30) * 1000);
  const rate = Number(/^RATE (\d+)/.exec(screen().find((l) => /^RATE \d+/.test(l)))[1]);
  p.write("\x15\x04"); // Ctrl+U, Ctrl+D: exit
  await new Promise((resolve) => p.onExit(resolve));
  const m = JSON.parse(readFileSync(metrics, "utf8"));
  return { rate, latencies, m };
}

const q = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};
const f = (x, d = 1) => x.toFixed(d);
const rateText = (r) => `${f(r / 1e6, 1)} M items/s`;

const median = (xs) => q(xs, 0.5);
console.log(`StreamWeave REPL benchmark: ${SECONDS} s saturating graph (input → map → filter → count), ${KEYS} keystrokes per attached run; Node ${process.version}`);
console.log("Runs alternate detached / attached (the machine may be shared and noisy); medians are compared.");
const offs = [];
const ons = [];
for (let i = 0; i < RUNS; i++) {
  offs.push(detached());
  ons.push(await attached());
  process.stdout.write(`  run ${i + 1}: detached ${rateText(offs.at(-1))}, attached ${rateText(ons.at(-1).rate)}\n`);
}
offs.push(detached());
process.stdout.write(`  last detached: ${rateText(offs.at(-1))}\n`);
const offRate = median(offs);
const onRate = median(ons.map((r) => r.rate));
const latencies = ons.flatMap((r) => r.latencies);
const renders = ons.flatMap((r) => r.m.renders);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const frames = sum(ons.map((r) => r.m.frames));
const frameMs = sum(ons.map((r) => r.m.frameMs));
const inputMs = sum(ons.map((r) => r.m.inputMs));
const wallMs = sum(ons.map((r) => r.m.wallMs));
const cpuMs = sum(ons.map((r) => r.m.cpuMs));
const inkMs = sum(renders);
const uiMs = frameMs + inputMs + inkMs;
const p99 = q(latencies, 0.99);
console.log("");
console.log("| measure | value | target |");
console.log("| --- | --- | --- |");
console.log(`| Ink render per frame (mean / p50 / p99) | ${f(inkMs / renders.length, 2)} / ${f(q(renders, 0.5), 2)} / ${f(q(renders, 0.99), 2)} ms (${renders.length} frames) | |`);
console.log(`| making a panel frame (snapshot + React), mean | ${f(frameMs / Math.max(1, frames), 2)} ms (${frames} frames, ${f(frames / (wallMs / 1000))}/s) | ≤ 30 frames/s |`);
console.log(`| UI CPU share while the graph runs | ${f((100 * uiMs) / wallMs)}% of wall time (frames ${f(frameMs, 0)} ms, Ink ${f(inkMs, 0)} ms, keys ${f(inputMs, 0)} ms in ${f(wallMs / 1000)} s; whole process ${f((100 * cpuMs) / wallMs)}% CPU) | |`);
console.log(`| keystroke echo latency p50 / p99 / max | ${f(q(latencies, 0.5))} / ${f(p99)} / ${f(Math.max(...latencies))} ms (${latencies.length} keys) | p99 ≤ 50 ms: ${p99 <= 50 ? "met" : "NOT met"} |`);
console.log(`| the REPL's event-loop delay p99 / max (worst run) | ${f(Math.max(...ons.map((r) => r.m.loopDelayP99)))} / ${f(Math.max(...ons.map((r) => r.m.loopDelayMax)))} ms | |`);
console.log(`| throughput, UI attached (median of ${ons.length}) | ${rateText(onRate)} | |`);
console.log(`| throughput, UI detached (median of ${offs.length}) | ${rateText(offRate)} | |`);
console.log(`| attached / detached | ${f(onRate / offRate, 2)}× | ≥ 0.8×: ${onRate / offRate >= 0.8 ? "met" : "NOT met"} |`);
rmSync(dir, { recursive: true, force: true });
