// The keyed event-time job of the crash harness and the checkpoint benchmark: a replayable source of
// generated events (40 keys, 10 ms apart in event time, up to 45 ms out of order), tumbling windows
// with allowed lateness, sessions, a keyed scan, a count per epoch and distinct keys, each written
// through an exactly-once file sink in `dir`. Given a SqliteStore, the tumbling windows, the scan,
// the count and distinct keep their keyed state in it (durable in place; the scan's, the count's
// and distinct's with only the recently used keys in memory).
import { join } from "node:path";
import { fileSink, generatorSource, session, tumbling } from "../../dist/index.js";

/** Events read per epoch. */
export const CHUNK = 500;

/** Event number `i`. */
export function event(i) {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return { k: `k${x % 40}`, ts: i * 10 + ((x >>> 8) % 46), v: (x >>> 16) % 100 };
}

/** Adds the job to graph `g`: `events` events, sinks writing into folder `dir`; `store`: where the tumbling windows', the scan's, the count's and distinct's state lives (default: memory). */
export function buildKeyedJob(g, dir, events, store) {
  const src = g.source("events", generatorSource((p) => (p >= events ? undefined : Array.from({ length: Math.min(CHUNK, events - p) }, (_, j) => event(p + j))), "generated events"), { batch: CHUNK });
  const timed = src.eventTime({ timestamp: (e) => e.ts, maxOutOfOrderness: 30, name: "timed" });
  const byKey = timed.keyBy((e) => e.k);
  byKey
    .window(tumbling(1000), { allowedLateness: 100, name: "minutes", state: store?.state("minutes") })
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
    .scan((acc, e) => acc + e.v, 0, { name: "totals", state: store?.state("totals") })
    .sink(fileSink(join(dir, "scan.jsonl")), { name: "scan-sink" });
  src.count({ name: "per-epoch", state: store?.state("per-epoch") }).sink(fileSink(join(dir, "count.jsonl")), { name: "count-sink" });
  src
    .map((e) => e.k, { name: "keys" })
    .distinct(undefined, { name: "distinct", state: store?.state("distinct") })
    .sink(fileSink(join(dir, "distinct.jsonl")), { name: "distinct-sink" });
  return g;
}

/** The nodes of the job that keep state (what the crash harness compares at the end). */
export const STATEFUL = ["totals", "per-epoch", "distinct", "minutes", "sessions"];
