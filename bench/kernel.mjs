// Kernel benchmark (npm run bench:kernel): the streamweave kernel beside tslab's own kernel, in
// one run, through the same minimal client (bench/jupyter-client.mjs):
//
//   - start: spawning the process → its first kernel_info_reply (the client polls until the shell
//     port accepts, then asks; tslab can lose a request sent while it is still binding);
//   - trivial cell: execute_request "1" → execute_reply and idle (p50, p99);
//   - live view latency (streamweave only): a timer advances a running graph's input every 37 ms;
//     for each advance, the time until an update_display_data showing that frontier (or a later
//     one) arrives, for a probe view and for a run view (p50, p99).
//
// Not a timed test: it prints a table and writes bench/kernel-results.md. Targets: latency p99
// <= 100 ms; cell overhead <= 50 ms over tslab's.
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { KernelClient, now } from "./jupyter-client.mjs";

const ROOT = join(import.meta.dirname, "..");
const CWD = join(ROOT, "notebooks");
const KERNELS = {
  streamweave: [process.execPath, join(ROOT, "dist", "kernel", "bin.cjs"), "kernel", "--connection-file", "{connection_file}"],
  tslab: [process.execPath, join(ROOT, "node_modules", "tslab", "bin", "tslab"), "kernel", "--config-path", "{connection_file}"],
};
const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const CELLS = Number(process.env.BENCH_CELLS ?? 200);
const ADVANCES = Number(process.env.BENCH_ADVANCES ?? 300);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const med = (xs) => pct(xs, 50);
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : "n/a");

/** Asks kernel_info once the shell port accepts (after `delay` ms more), again every 3 s until a reply comes. */
async function firstReply(k, delay = 0) {
  const open = await k.portsOpen();
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  let asked = 0;
  for (;;) {
    asked++;
    const r = await Promise.race([k.request("kernel_info_request", {}, 30_000).then((w) => w.replyAt, () => undefined), new Promise((res) => setTimeout(() => res(undefined), 3000))]);
    if (r !== undefined) return { reply: r - k.started, ports: open - k.started, unanswered: asked - 1 };
  }
}

async function startTimes(name, delay) {
  const starts = [];
  for (let i = 0; i < STARTS; i++) {
    const k = await KernelClient.start(KERNELS[name], CWD);
    try {
      starts.push(await firstReply(k, delay));
    } finally {
      await k.close();
    }
  }
  return starts;
}

async function cellTimes(name) {
  const k = await KernelClient.start(KERNELS[name], CWD);
  try {
    await firstReply(k, 250);
    await new Promise((r) => setTimeout(r, 300)); // let IOPub subscriptions settle
    for (let i = 0; i < 10; i++) await k.execute("1").catch(() => undefined); // warm-up
    const rt = [];
    let lost = 0;
    for (let i = 0; i < CELLS; i++) {
      // A reply or idle that never comes is a lost message (tslab's swallowed EBUSY): count it, go on.
      const w = await k.execute("1", 5000).catch(() => undefined);
      if (w === undefined) {
        lost++;
        continue;
      }
      if (w.reply.content.status !== "ok") throw new Error(`${name}: cell failed: ${JSON.stringify(w.reply.content)}`);
      rt.push(Math.max(w.replyAt, w.idleAt) - w.sentAt);
    }
    rt.lost = lost;
    return rt;
  } finally {
    await k.close();
  }
}

async function viewLatency() {
  const k = await KernelClient.start(KERNELS.streamweave, CWD);
  try {
    await firstReply(k, 250);
    await new Promise((r) => setTimeout(r, 300));
    const seen = { probe: [], run: [] }; // [arrivalMs, frontier]
    const ids = {};
    k.onIopub((m, at) => {
      if (m.msg_type !== "display_data" && m.msg_type !== "update_display_data") return;
      const id = m.content.transient?.display_id;
      const text = m.content.data["text/plain"] ?? "";
      let kind;
      let f;
      const probe = /^Probe\(\S+\) frontier \[(\d*)\]/.exec(text);
      const run = /inputs \[(\d*)\]/.exec(text);
      if (probe) [kind, f] = ["probe", probe[1]];
      else if (run) [kind, f] = ["run", run[1]];
      else return;
      ids[kind] ??= id;
      seen[kind].push([at, f === "" ? Infinity : Number(f)]);
    });
    const setup = await k.execute(`
const bg = new Graph("bench");
const bx = bg.input<number>("x");
const bp = bx.map((v) => v, { name: "m" }).probe({ name: "probe" });
const be = bg.run();
show(bp);
show(be);
const stamps: number[] = [];
let bt = 0;
const btimer = setInterval(() => {
  bt++;
  bx.advanceTo(bt);
  stamps[bt] = performance.timeOrigin + performance.now();
  if (bt === ${ADVANCES}) {
    clearInterval(btimer);
    bx.close();
  }
}, 37);`);
    if (setup.reply.content.status !== "ok") throw new Error(JSON.stringify(setup.reply.content));
    const done = await k.execute("await be.done; JSON.stringify(stamps)", 120_000);
    await new Promise((r) => setTimeout(r, 500));
    const res = done.iopub.find((m) => m.msg_type === "execute_result");
    const stamps = JSON.parse(JSON.parse(res.content.data["text/plain"].replace(/^'|'$/g, '"').replace(/\\'/g, "'")));
    const out = {};
    for (const kind of ["probe", "run"]) {
      const arrivals = seen[kind];
      const lat = [];
      for (let i = 1; i < stamps.length; i++) {
        if (stamps[i] === null || stamps[i] === undefined) continue;
        // The first update (after the advance) showing frontier >= i.
        const hit = arrivals.find(([at, f]) => at >= stamps[i] && f >= i);
        if (hit !== undefined) lat.push(hit[0] - stamps[i]);
      }
      out[kind] = { lat, updates: arrivals.length, advances: stamps.length - 1 };
    }
    return out;
  } finally {
    await k.close();
  }
}

const results = {};
for (const name of Object.keys(KERNELS)) {
  process.stderr.write(`${name}: start ×${STARTS}, ${CELLS} cells...\n`);
  results[name] = { starts: await startTimes(name, 0), startsLater: await startTimes(name, 250), cells: await cellTimes(name) };
}
process.stderr.write(`streamweave: live view latency over ${ADVANCES} advances...\n`);
const latency = await viewLatency();

const sw = results.streamweave;
const tl = results.tslab;
const rows = [
  ["kernel start → first kernel_info_reply, asking as soon as the port accepts (median of " + STARTS + ", ms)", f1(med(sw.starts.map((s) => s.reply))), f1(med(tl.starts.map((s) => s.reply))), `requests left unanswered: streamweave ${sum(sw.starts.map((s) => s.unanswered))}, tslab ${sum(tl.starts.map((s) => s.unanswered))} (re-asked after 3 s)`],
  ["kernel start → first kernel_info_reply, asking 250 ms after the port accepts (ms)", f1(med(sw.startsLater.map((s) => s.reply))), f1(med(tl.startsLater.map((s) => s.reply))), `unanswered: streamweave ${sum(sw.startsLater.map((s) => s.unanswered))}, tslab ${sum(tl.startsLater.map((s) => s.unanswered))}`],
  ["  of which: process start → ports accept (ms)", f1(med(sw.starts.map((s) => s.ports))), f1(med(tl.starts.map((s) => s.ports))), "streamweave binds first, then loads the compiler and the library (requests wait)"],
  [`trivial cell round trip, p50 (ms, ${CELLS} cells)`, f1(med(sw.cells)), f1(med(tl.cells)), `overhead ${f1(med(sw.cells) - med(tl.cells))} ms (target ≤ 50)`],
  ["trivial cell round trip, p99 (ms)", f1(pct(sw.cells, 99)), f1(pct(tl.cells, 99)), ""],
  [`cells whose reply or idle never came (of ${CELLS})`, String(sw.cells.lost), String(tl.cells.lost), "a lost message; 5 s timeout each"],
  [`frontier change → update_display_data, probe view, p50 (ms)`, f1(med(latency.probe.lat)), "n/a (no live views)", `${latency.probe.lat.length} advances, ${latency.probe.updates} messages`],
  ["frontier change → update_display_data, probe view, p99 (ms)", f1(pct(latency.probe.lat, 99)), "n/a", `target ≤ 100: ${pct(latency.probe.lat, 99) <= 100 ? "met" : "**NOT met**"}`],
  ["frontier change → update_display_data, run view (renderView), p50 (ms)", f1(med(latency.run.lat)), "n/a", `${latency.run.lat.length} advances, ${latency.run.updates} messages`],
  ["frontier change → update_display_data, run view (renderView), p99 (ms)", f1(pct(latency.run.lat, 99)), "n/a", `target ≤ 100: ${pct(latency.run.lat, 99) <= 100 ? "met" : "**NOT met**"}`],
];
const table = ["| measure | streamweave | tslab 1.0.22 | notes |", "| --- | --- | --- | --- |", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const env = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${new Date().toISOString().slice(0, 10)}`;
console.log(`${env}\n\n${table}`);
writeFileSync(
  join(ROOT, "bench", "kernel-results.md"),
  `# Kernel benchmark\n\n\`npm run bench:kernel\` (bench/kernel.mjs); ${env}. Updates are paced at ≤ 20 per second per view, so a frontier change waits up to 50 ms for its view's next turn.\n\n${table}\n`,
);
process.exit(0);
