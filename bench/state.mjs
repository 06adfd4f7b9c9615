// State benchmark (npm run bench:state): the durable keyed-state backend (SqliteStore) beside the
// in-memory one, in the same run.
//   1. incremental checkpoints: N keys written and committed once, then 1% of them changed and
//      committed again; reports each commit's latency, keys and bytes, and the ratio of the
//      incremental commit to the full one;
//   2. point operations: put and get of random keys, SqliteState vs MemoryState (ratio);
//   3. larger than memory (--big): BIG keys written through one namespace in a child process with
//      --max-old-space-size=512, committed every CHUNK keys, then every key read back and checked.
// Not a timed test: it prints a table and writes bench/state-results.md.
// Usage: node bench/state.mjs [--keys 1000000] [--big 10000000]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { MemoryState, SqliteStore } from "../dist/index.js";

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};

/** Big mode, in a child with a small heap: writes and reads back `n` keys. */
async function big(dir, n) {
  const store = SqliteStore.open(join(dir, "big.db"), { keep: 1 });
  const s = store.state("big");
  const chunk = 200_000;
  const t0 = performance.now();
  let commits = 0;
  for (let i = 0; i < n; i++) {
    s.put(i, { n: i, tag: `k${i}` }, 1);
    if ((i + 1) % chunk === 0) {
      store.commit({ upTo: i });
      commits++;
    }
  }
  store.commit({ upTo: n - 1 });
  const written = performance.now() - t0;
  const t1 = performance.now();
  let bad = 0;
  for (let i = 0; i < n; i += 97) if (s.get(i)?.n !== i) bad++;
  const sampled = Math.ceil(n / 97);
  const read = performance.now() - t1;
  const heap = process.memoryUsage();
  store.close();
  process.stdout.write(JSON.stringify({ n, commits, writtenMs: written, readMs: read, sampled, bad, rssMB: heap.rss / 2 ** 20, heapMB: heap.heapUsed / 2 ** 20, fileMB: statSync(join(dir, "big.db")).size / 2 ** 20 }));
}

if (process.argv[2] === "--child-big") {
  await big(process.argv[3], Number(process.argv[4]));
  process.exit(0);
}

const KEYS = arg("--keys", 1_000_000);
const BIG = arg("--big", 0);
const dir = mkdtempSync(join(tmpdir(), "streamweave-bench-state-"));
const rows = [];
const started = Date.now();
const load0 = loadavg();
try {
  // 1. Incremental checkpoints.
  const store = SqliteStore.open(join(dir, "inc.db"), { keep: 3 });
  const s = store.state("keys");
  let t = performance.now();
  for (let i = 0; i < KEYS; i++) s.put(i, { count: i }, 1);
  const writeAll = performance.now() - t;
  t = performance.now();
  const full = store.commit({ round: 1 });
  const fullMs = performance.now() - t;
  const changed = Math.floor(KEYS / 100);
  const step = Math.floor(KEYS / changed);
  t = performance.now();
  for (let i = 0; i < KEYS; i += step) s.put(i, { count: -i }, 2);
  const writeSome = performance.now() - t;
  t = performance.now();
  const inc = store.commit({ round: 2 });
  const incMs = performance.now() - t;
  const fileMB = statSync(join(dir, "inc.db")).size / 2 ** 20;
  store.close();
  rows.push(["full checkpoint: commit latency", `${fullMs.toFixed(0)} ms`, `${full.keys.toLocaleString("en")} keys, ${(full.bytes / 2 ** 20).toFixed(1)} MB (puts before it: ${writeAll.toFixed(0)} ms)`]);
  rows.push(["incremental checkpoint (1% changed): commit latency", `${incMs.toFixed(1)} ms`, `${inc.keys.toLocaleString("en")} keys, ${(inc.bytes / 2 ** 10).toFixed(0)} KB (puts before it: ${writeSome.toFixed(0)} ms)`]);
  rows.push(["incremental / full: latency", `${(incMs / fullMs).toFixed(3)}×`, `bytes ${(inc.bytes / full.bytes).toFixed(3)}×; store file ${fileMB.toFixed(0)} MB`]);

  // 2. Point operations, durable vs memory.
  const OPS = 200_000;
  const keys = Array.from({ length: OPS }, (_, i) => (i * 7919) % KEYS);
  const timeOps = (state) => {
    let t0 = performance.now();
    for (let i = 0; i < OPS; i++) state.put(keys[i], { v: i }, 3 + i);
    const put = (performance.now() - t0) / OPS;
    t0 = performance.now();
    let sum = 0;
    for (let i = 0; i < OPS; i++) sum += state.get(keys[(i * 31) % OPS])?.v ?? 0;
    const get = (performance.now() - t0) / OPS;
    return { put, get, sum };
  };
  const mem = timeOps(new MemoryState());
  const store2 = SqliteStore.open(join(dir, "ops.db"), { cacheEntries: 10_000 });
  const sq = store2.state("ops");
  for (let i = 0; i < KEYS; i += 10) sq.put(i, { v: 0 }, 1);
  store2.commit({});
  const disk = timeOps(sq);
  store2.close();
  rows.push(["put, MemoryState", `${(mem.put * 1000).toFixed(2)} µs`, ""]);
  rows.push(["put, SqliteState", `${(disk.put * 1000).toFixed(2)} µs`, `${(disk.put / mem.put).toFixed(1)}× memory (a put only marks the key changed; the checkpoint writes it)`]);
  rows.push(["get, MemoryState", `${(mem.get * 1000).toFixed(2)} µs`, ""]);
  rows.push(["get, SqliteState (cache 10,000 entries, 200,000 keys touched)", `${(disk.get * 1000).toFixed(2)} µs`, `${(disk.get / mem.get).toFixed(1)}× memory`]);

  // 3. Larger than memory.
  if (BIG > 0) {
    const out = execFileSync(process.execPath, ["--max-old-space-size=512", new URL(import.meta.url).pathname, "--child-big", dir, String(BIG)], { encoding: "utf8", maxBuffer: 1 << 20 });
    const r = JSON.parse(out);
    rows.push([`${r.n.toLocaleString("en")} keys, heap limit 512 MB: written and committed`, `${(r.writtenMs / 1000).toFixed(0)} s`, `${r.commits} commits; store file ${r.fileMB.toFixed(0)} MB; RSS at the end ${r.rssMB.toFixed(0)} MB, heap ${r.heapMB.toFixed(0)} MB`]);
    rows.push([`read back (every 97th key)`, `${(r.readMs / 1000).toFixed(1)} s`, `${r.sampled.toLocaleString("en")} keys read, ${r.bad} wrong`]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const table = ["| measure | value | notes |", "| --- | --- | --- |", ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
const head = `# StreamWeave state benchmark

Generated by \`npm run bench:state -- --keys ${KEYS}${BIG > 0 ? ` --big ${BIG}` : ""}\` (bench/state.mjs) on ${new Date().toISOString()}.

- Node ${process.version}, ${cpus().length} cores; load average ${load0.map((x) => x.toFixed(2)).join(" ")} at start, ${loadavg().map((x) => x.toFixed(2)).join(" ")} at end (a shared machine: expect noise)
- SqliteStore: better-sqlite3, WAL, synchronous=NORMAL, one transaction per checkpoint; the whole benchmark took ${((Date.now() - started) / 1000).toFixed(0)} s

`;
console.log(table);
writeFileSync(new URL("./state-results.md", import.meta.url), `${head}${table}\n`);
