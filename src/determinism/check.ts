/**
 * The determinism checker: does a graph give the same results however its tasks are scheduled?
 *
 * `checkDeterminism(build, script, { runs, seed })` builds the graph afresh for every run (with
 * `build(env)`), drives it with the same script of input calls, and runs it under a seeded
 * randomized scheduler (`run({ chaos: seed + run })`: random pauses and activation order, random
 * channel capacities, direct hand-off at random) in concurrent mode, or in logical-time mode. It
 * records what every node sends, per port and time, every failure, and at the end each stateful
 * node's keyed state and the frontier of every port, then compares each run with the first:
 * per time (earliest first) and node (in topological order), the items every port sent as a
 * multiset, and, where the data leaves the graph (ports feeding only sinks — captures, probes,
 * channels — or nothing), their order too (an unordered merge whose order nothing downstream depends
 * on is fine; one whose order matters shows up downstream); then state, frontiers and how the run
 * ended. The report says the graph is deterministic,
 * or where two runs first differ, with both values and the chaos seeds that reproduce each run.
 *
 * Differences are found by comparing outputs, never by reading code: an unordered merge read in
 * arrival order, state shared between nodes, `Math.random()` or `Date.now()` in node code all show
 * up as runs that disagree. `env.random` (seeded, the same in every run) and `env.clock` (the run's
 * `ManualClock`, moved only by the script's `clock` lines) are the deterministic replacements.
 */
import type { Antichain } from "../time/antichain.js";
import { compareTimes, timeKey, type Time } from "../time/order.js";
import { seededRandom } from "../runtime/scheduling/chaos.js";
import { ManualClock } from "../runtime/scheduling/clock.js";
import type { Dataflow } from "../runtime/dataflow.js";
import { GraphError, type Failure } from "../runtime/failure.js";
import type { ScriptCall } from "../runtime/drivers/input-driver.js";
import { addMonitor, removeMonitor, type Monitor } from "../runtime/monitor.js";
import { whenQuiet } from "../runtime/scheduling/quiet.js";
import type { Graph } from "../graph/graph.js";
import type { TimeView } from "../time/views.js";
import { timeView } from "../time/views.js";
import { scriptCalls } from "../script/parse.js";
import { runScript } from "../graph/play.js";
import { canonical } from "./canonical.js";

/** What `build` gets for each run. */
export interface CheckEnv {
  /** Which run this is (from 0). */
  readonly run: number;
  /** The run's processing-time clock (a `ManualClock` at 0, moved by the script's `clock` lines): read it, not `Date.now()`. */
  readonly clock: ManualClock;
  /** A seeded random generator giving the same sequence in every run: use it, not `Math.random()`. */
  readonly random: () => number;
}

/** How `checkDeterminism` runs. */
export interface CheckOptions {
  /** How many runs to compare (at least 2; default 5). */
  readonly runs?: number;
  /** The chaos seed of the first run (run i uses seed + i), also the seed of `env.random` (default 1). */
  readonly seed?: number;
  /** `concurrent` (default) or `logical-time`. */
  readonly mode?: "concurrent" | "logical-time";
  /** How long one run may take, in ms (default 10000). */
  readonly timeoutMs?: number;
}

/** Where two runs first differ. */
export interface Difference {
  /**
   * `output`: the items a port sent at a time differ as a multiset; `order`: same items, another
   * order (at a port whose data leaves the graph); `failures`: the failures of a node at a time differ; `state`: a key of a node's keyed
   * state ends with another value; `frontier`: a port's final frontier differs; `end`: the runs
   * ended differently (completed, stopped).
   */
  readonly what: "output" | "order" | "failures" | "state" | "frontier" | "end";
  /** The node. */
  readonly node: string;
  /** The port (outputs, frontiers). */
  readonly port?: string;
  /** The time (outputs, failures). */
  readonly time?: TimeView;
  /** The state key (state). */
  readonly key?: unknown;
  /** The two runs (from 0). */
  readonly runs: readonly [number, number];
  /** The chaos seeds that reproduce each of them. */
  readonly seeds: readonly [number, number];
  /** What each run had: the items in the order sent, the failures, the state value, the frontier or the end. */
  readonly values: readonly [unknown, unknown];
}

/** What `checkDeterminism` found. */
export interface DeterminismReport {
  /** True when every run agreed with the first. */
  readonly deterministic: boolean;
  /** The mode the runs used. */
  readonly mode: "concurrent" | "logical-time";
  /** The chaos seed of each run. */
  readonly seeds: readonly number[];
  /** Where two runs first differ (absent when deterministic). */
  readonly difference?: Difference;
  /** The report as text. */
  readonly text: string;
}

/** Items a port sent at one time, in order: canonical texts and the values. */
interface Sent {
  readonly time: Time;
  readonly texts: string[];
  readonly values: unknown[];
}

/** What one run did. */
interface Outcome {
  /** Port → time key → what it sent then (failures under `node.error`). */
  readonly sent: Map<string, Map<number | string, Sent>>;
  /** Node → state key text → [key, value text, value]. */
  readonly state: Map<string, Map<string, [unknown, string, unknown]>>;
  /** Port → final frontier. */
  readonly frontiers: Map<string, string>;
  /** Nodes in topological order, with their output ports. */
  readonly nodes: Array<{ name: string; outputs: string[]; ports: string[] }>;
  /** Output ports whose data leaves the graph (into sinks or nowhere): their order within a time counts. */
  readonly leaving: Set<string>;
  /** How the run ended. */
  readonly end: string;
}

/** Records everything the nodes send, and failures, while one run goes. */
class Recorder implements Monitor {
  readonly byPort = new Map<string, Map<number | string, Sent>>();

  add(port: string, time: Time, values: readonly unknown[], texts: readonly string[]): void {
    let byTime = this.byPort.get(port);
    if (byTime === undefined) this.byPort.set(port, (byTime = new Map()));
    const k = timeKey(time);
    let s = byTime.get(k);
    if (s === undefined) byTime.set(k, (s = { time, texts: [], values: [] }));
    s.texts.push(...texts);
    s.values.push(...values);
  }

  emitted(port: string, time: Time, items: readonly unknown[]): void {
    if (port.endsWith(".error")) return;
    this.add(port, time, items.slice(), items.map(canonical));
  }

  failure(node: string, f: Failure): void {
    const shown = { port: f.port, item: "item" in f ? f.item : undefined, message: f.message };
    this.add(`${node}.error`, f.time ?? -1, [shown], [canonical(shown)]);
  }

  sent(): void {}
  frontiers(): void {}
  capability(): void {}
  changed(): void {}
}

/**
 * Runs the graph `build` makes `runs` times under chaos seeds `seed`, `seed + 1`, ..., drives each
 * with `script` (text or an array of calls), and compares what they did. Rejects for `runs < 2`, a
 * script that is neither text nor an array of calls, a bad script (with its line, or `call N`; checked
 * before any graph is built), a `build` that does not return a new Graph, or a run that does not
 * finish in time.
 */
export async function checkDeterminism(build: (env: CheckEnv) => Graph | Promise<Graph>, script: string | readonly ScriptCall[], options: CheckOptions = {}): Promise<DeterminismReport> {
  const runs = options.runs ?? 5;
  if (!Number.isSafeInteger(runs) || runs < 2) throw new GraphError(`checkDeterminism: runs must be an integer of at least 2 (comparing needs two runs), got ${String(runs)}`);
  if (typeof build !== "function") throw new GraphError(`checkDeterminism(build, script): build must be a function (env) => Graph, got ${typeof build}`);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new GraphError(`checkDeterminism: seed must be an integer, got ${String(seed)}`);
  const mode = options.mode ?? "concurrent";
  if (mode !== "concurrent" && mode !== "logical-time") throw new GraphError(`checkDeterminism: mode must be "concurrent" or "logical-time" (the modes that run tasks concurrently), got ${JSON.stringify(mode)}`);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const calls = scriptCalls(script, "checkDeterminism(build, script)");
  const seeds = Array.from({ length: runs }, (_, i) => seed + i);
  const outcomes: Outcome[] = [];
  const graphs = new Set<Graph>();
  for (let i = 0; i < runs; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 2)); // runs happen at different wall-clock times, as they would in practice
    const clock = new ManualClock(0);
    const g = await build({ run: i, clock, random: seededRandom(seed) });
    if (g === null || typeof g !== "object" || typeof (g as Graph).run !== "function" || !("df" in g)) throw new GraphError(`checkDeterminism: build must return a Graph, got ${String(g)}`);
    if (graphs.has(g) || g.df.status !== "idle") throw new GraphError("checkDeterminism: build must return a new Graph for every run (one that has not run yet)");
    graphs.add(g);
    outcomes.push(await runOnce(g, calls, { mode, clock, chaos: seeds[i]!, timeoutMs, index: i }));
  }
  for (let i = 1; i < runs; i++) {
    const d = firstDifference(outcomes[0]!, outcomes[i]!, [0, i], [seeds[0]!, seeds[i]!]);
    if (d !== undefined) return { deterministic: false, mode, seeds, difference: d, text: reportText(mode, seeds, outcomes[0]!, d) };
  }
  return { deterministic: true, mode, seeds, text: reportText(mode, seeds, outcomes[0]!, undefined) };
}

async function runOnce(g: Graph, calls: readonly ScriptCall[], o: { mode: CheckOptions["mode"]; clock: ManualClock; chaos: number; timeoutMs: number; index: number }): Promise<Outcome> {
  const df = g.df;
  const rec = new Recorder();
  addMonitor(df, rec);
  const exec = g.run({ mode: o.mode!, clock: o.clock, chaos: o.chaos, onError: "continue" });
  const what = `checkDeterminism: run ${o.index} (chaos seed ${o.chaos})`;
  try {
    await within(runScript(exec, calls), o.timeoutMs, what, () => exec.stop());
    const allClosed = [...df.inputs.values()].every((d) => d.closed);
    await within(allClosed ? exec.done.then(() => undefined) : whenQuiet(df), o.timeoutMs, what, () => exec.stop());
    return outcomeOf(df, rec, exec.status);
  } finally {
    removeMonitor(df, rec);
    if (exec.status === "running") exec.stop();
  }
}

function outcomeOf(df: Dataflow, rec: Recorder, end: string): Outcome {
  df.flush();
  const state = new Map<string, Map<string, [unknown, string, unknown]>>();
  const frontiers = new Map<string, string>();
  const nodes: Outcome["nodes"] = [];
  const leaving = new Set<string>();
  for (const n of df.order()) {
    const outputs = n.spec.kind === "input" ? [] : n.outputs.map((p) => p.id);
    for (const p of n.outputs) if (p.edges.every((e) => e.to.node.spec.outputs.length === 0)) leaving.add(p.id);
    nodes.push({ name: n.name, outputs, ports: [...n.inputs.map((p) => p.id), ...n.outputs.map((p) => p.id)] });
    for (const p of [...n.inputs, ...n.outputs]) frontiers.set(p.id, String(df.tracker.frontier(p.loc) as Antichain));
    const s = n.spec.body.type === "logic" ? n.spec.body.logic.state : undefined;
    if (s === undefined) continue;
    const m = new Map<string, [unknown, string, unknown]>();
    for (const e of s.entries()) m.set(canonical(e.key), [e.key, canonical(e.value), e.value]);
    state.set(n.name, m);
  }
  return { sent: rec.byPort, state, frontiers, nodes, leaving, end };
}

/** The first place where run `b` differs from run `a`. */
function firstDifference(a: Outcome, b: Outcome, runs: [number, number], seeds: [number, number]): Difference | undefined {
  const base = { runs, seeds } as const;
  const times = new Map<number | string, Time>();
  for (const o of [a, b]) for (const byTime of o.sent.values()) for (const [k, s] of byTime) times.set(k, s.time);
  const ordered = [...times.entries()].sort((x, y) => compareTimes(x[1], y[1]));
  const empty: Sent = { time: 0, texts: [], values: [] };
  for (const [k, t] of ordered) {
    for (const n of a.nodes) {
      for (const port of [...n.outputs.filter((p) => !p.endsWith(".error")), `${n.name}.error`]) {
        const x = a.sent.get(port)?.get(k) ?? empty;
        const y = b.sent.get(port)?.get(k) ?? empty;
        const failures = port.endsWith(".error");
        const time = typeof t === "number" && t < 0 ? undefined : timeView(t);
        const where = { ...base, node: n.name, port, ...(time !== undefined ? { time } : {}) };
        if (sortedText(x.texts) !== sortedText(y.texts)) return { ...where, what: failures ? "failures" : "output", values: [x.values, y.values] };
        if ((failures || a.leaving.has(port)) && x.texts.join("\n") !== y.texts.join("\n")) return { ...where, what: failures ? "failures" : "order", values: [x.values, y.values] };
      }
    }
  }
  for (const n of a.nodes) {
    const x = a.state.get(n.name);
    const y = b.state.get(n.name);
    if (x === undefined && y === undefined) continue;
    const keys = [...new Set([...(x?.keys() ?? []), ...(y?.keys() ?? [])])].sort();
    for (const key of keys) {
      const ex = x?.get(key);
      const ey = y?.get(key);
      if (ex?.[1] !== ey?.[1]) return { ...base, what: "state", node: n.name, key: (ex ?? ey)![0], values: [ex?.[2], ey?.[2]] };
    }
  }
  for (const n of a.nodes) {
    for (const port of n.ports) {
      const x = a.frontiers.get(port);
      const y = b.frontiers.get(port);
      if (x !== y) return { ...base, what: "frontier", node: n.name, port, values: [x, y] };
    }
  }
  if (a.end !== b.end) return { ...base, what: "end", node: a.nodes[0]?.name ?? "", values: [a.end, b.end] };
  return undefined;
}

function sortedText(texts: readonly string[]): string {
  return [...texts].sort().join("\n");
}

function show(v: unknown): string {
  const t = Array.isArray(v) ? `[${v.map(canonical).join(", ")}]` : canonical(v);
  return t.length > 300 ? `${t.slice(0, 300)}…` : t;
}

function reportText(mode: string, seeds: readonly number[], first: Outcome, d: Difference | undefined): string {
  const runs = `${seeds.length} runs in ${mode} mode under chaos seeds ${seeds[0]}–${seeds[seeds.length - 1]}`;
  if (d === undefined) {
    const ports = first.nodes.reduce((n, x) => n + x.ports.length, 0);
    return `deterministic: ${runs} agree on what every node sent per time (as multisets, and in order where it leaves the graph), on failures, on the final state of ${first.state.size} stateful node${first.state.size === 1 ? "" : "s"} and on the final frontiers of ${ports} ports.`;
  }
  const at = d.time !== undefined ? ` at time ${d.time}` : "";
  const head: Record<Difference["what"], string> = {
    output: `${d.port} sent different items${at}`,
    order: `${d.port} sent the same items${at} in a different order`,
    failures: `node ${d.node} failed differently${at}`,
    state: `node ${d.node} ended with a different value for state key ${canonical(d.key)}`,
    frontier: `the final frontier of ${d.port} differs`,
    end: `the runs ended differently`,
  };
  const [ra, rb] = d.runs;
  const [sa, sb] = d.seeds;
  return [
    `NOT deterministic: ${runs}; runs ${ra} and ${rb} first differ here: ${head[d.what]}.`,
    `  run ${ra} (chaos seed ${sa}): ${show(d.values[0])}`,
    `  run ${rb} (chaos seed ${sb}): ${show(d.values[1])}`,
    `Replay either with g.run({ mode: "${mode}", chaos: <seed>, clock: new ManualClock() }) and the same script.`,
  ].join("\n");
}

/** `p`, or a rejection after `ms` (calling `onTimeout` first). */
function within<T>(p: Promise<T>, ms: number, what: string, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`${what} did not finish within ${ms} ms (a script that leaves inputs open is checked once the graph is quiet)`));
    }, ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
