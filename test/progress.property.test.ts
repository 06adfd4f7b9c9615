/**
 * Property-based tests (fast-check) of the progress guarantees.
 *
 * Dataflow properties (concurrent and deterministic mode): random small DAGs (at most 8 nodes) of
 * inputs, map / filter / concat, and stream-style nodes written with g.node: forwarding (one port,
 * or two ports read with ctx.events() or with one ctx.input(port) loop each), stashing (retains a
 * capability per time, emits once the frontier passed), delay (summary 1, sends at t + 1), slow
 * (awaits a macrotask before sending) and source nodes (no inputs, ctx.capability). Fan-in (several
 * edges into one port) and fan-out; a second port may stay unconnected; channel capacity and input
 * batch size are sometimes tiny (backpressure, split batches). Scripts (at most 30 actions) send /
 * push at the input's time or later, advanceTo (monotone), close, wait macrotasks, or sync (await
 * every probe until the open inputs' minimum time); some calls are made before run(). Every node
 * output is watched by a stream-style observer, a capture and a probe. Checked:
 * - safety: no port receives data at a time its last frontier event had already passed; the
 *   frontier while a batch is handled still allows its time; frontiers never move backwards
 *   (node frontier events, probes, and g.frontier of every port polled after every step);
 * - completeness: once a port's frontier passes `t`, every item the model says reaches it at `t`
 *   has arrived (what stateful operators rely on);
 * - liveness: probes pass every time below the open inputs' times; after all inputs close the run
 *   completes, every probe is done, every port frontier is empty, every node function returned;
 * - conservation: captures, observers and stream nodes' ports hold exactly the model's multiset
 *   per time;
 * - determinism (deterministic mode): two runs of the same case capture the same items in the same
 *   order, the same byTime, and every stream node sees the same event sequence;
 * - step mode (driven by exec.step() / stepToQuiescence() between the script's actions): the same
 *   checks, and the very same captures and node event sequences as deterministic mode;
 * - concurrent mode under chaos (run({ chaos: seed }): random pauses, activation order, direct
 *   hand-off and channel capacities): the same safety, completeness, liveness and conservation;
 * - logical-time mode (under chaos): the same, with frontiers as nodes see them, and two runs under
 *   different chaos seeds capture the same items per time in the same order.
 *
 * Tracker properties: random location graphs (acyclic forward edges, sometimes a few back edges
 * closing cycles that strictly advance time; integer summaries, and product summaries with
 * product times), wildcard steps and roots, topology swaps, random pointstamp updates obeying
 * "increment before decrement" with non-negative counts. Right after every flush() each
 * location's frontier equals a brute-force recomputation (minimal t + path sum over all positive
 * pointstamps and all paths), flush() returns exactly the locations whose frontier changed, and
 * `outstanding` is the sum of the counts.
 *
 * Failures print the shrunk case as a readable graph + script (and fast-check's seed/path).
 * `PROP_SCALE=n` multiplies the number of cases.
 */
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  Antichain,
  Graph,
  Product,
  ProductSummary,
  ProgressTracker,
  WILDCARD,
  formatTime,
  type Capability,
  type Capture,
  type Execution,
  type InputEvent,
  type NodeContext,
  type Probe,
  type Step,
  type Stream,
  type Summary,
  type Time,
  type Topology,
} from "../src/internals.js";

// ================================================================================================
// Shared helpers
// ================================================================================================

/** Cases per property; `PROP_SCALE=10 npx vitest run test/progress.property.test.ts` runs ten times as many. */
const SCALE = Math.max(1, Number(process.env.PROP_SCALE ?? 1) || 1);
const RUNS = {
  concurrent: 400 * SCALE,
  chaos: 150 * SCALE,
  deterministic: 250 * SCALE, // each case runs twice
  step: 150 * SCALE, // each case runs in step and in deterministic mode
  logicalTime: 150 * SCALE, // each case runs twice, under two chaos seeds
  trackerInt: 300 * SCALE,
  trackerProduct: 150 * SCALE,
};

const DONE_TIMEOUT_MS = 1500;
const SYNC_TIMEOUT_MS = 1500;
/** Per-test limit: generous, so that shrinking a liveness failure (each try waits for a timeout) can finish. */
const TEST_TIMEOUT_MS = 180_000;

function macrotask(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Rejects when `p` has not settled within `ms`. */
function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const byNum = (a: number, b: number): number => a - b;

// ================================================================================================
// Dataflow cases: graph + script, normalized to a plan
// ================================================================================================

type OpKind = "map" | "filter" | "concat" | "fwd" | "fwd2" | "fwd2p" | "stash" | "stash2" | "delay" | "slow" | "source";
const OP_KINDS: readonly OpKind[] = ["map", "filter", "concat", "fwd", "fwd2", "fwd2p", "stash", "stash2", "delay", "slow", "source"];
/** Stream-style kinds (written with g.node). */
const STREAM_KINDS: ReadonlySet<string> = new Set(["fwd", "fwd2", "fwd2p", "stash", "stash2", "delay", "slow", "source"]);
/** Kinds with two input ports `a`, `b` (port `b` may be left unconnected). */
const TWO_PORTS: ReadonlySet<string> = new Set(["fwd2", "fwd2p", "stash2"]);

/** Raw (shrinkable) generated operator: sources are taken modulo the number of earlier nodes. */
interface RawOp {
  kind: OpKind;
  srcs: number[];
  srcs2: number[];
  /** For `source` nodes: what to emit. */
  sched: SourceStep[];
}
/** A source node's step: wait `wait` macrotasks, send `n` items at capability time + `dt`, then downgrade by `adv`. */
interface SourceStep {
  wait: number;
  dt: number;
  n: number;
  adv: number;
}
interface RawGraph {
  inputs: number;
  ops: RawOp[];
  /** Channel capacity (0: the default, 16384); small values exercise backpressure. */
  capacity: number;
  /** Input batch size (0: the default, 1024); small values split sends into several batches. */
  batchSize: number;
  /** How many leading input calls (send/advance/close) are made before `run()`. */
  prerun: number;
}
type RawAction =
  | { op: "send"; input: number; dt: number; n: number; push: boolean }
  | { op: "advance"; input: number; dt: number }
  | { op: "close"; input: number }
  | { op: "wait"; turns: number }
  | { op: "sync" };

/** A node of the normalized graph: inputs are nodes 0..inputs-1, operators follow. */
interface NodeSpecN {
  name: string;
  kind: OpKind | "input";
  /** Input ports and their source node indices (distinct per port). */
  ports: Array<{ port: string; srcs: number[] }>;
  /** For `source` nodes: the concrete emissions, and the capability's time after each. */
  emits?: Array<{ wait: number; time: number; values: number[]; capAfter: number }>;
}
type PlanStep =
  | { kind: "send"; input: number; time: number; values: number[]; push: boolean }
  | { kind: "advance"; input: number; to: number }
  | { kind: "close"; input: number }
  | { kind: "wait"; turns: number }
  | { kind: "sync" };
interface Case {
  nodes: NodeSpecN[];
  inputs: number;
  plan: PlanStep[];
  /** The first `prerun` plan steps are input calls made before `run()`. */
  prerun: number;
  options: { capacity?: number; batchSize?: number };
}

function dedupe(xs: number[]): number[] {
  return [...new Set(xs)];
}

function normalize(g: RawGraph, script: RawAction[]): Case {
  const nodes: NodeSpecN[] = [];
  for (let i = 0; i < g.inputs; i++) nodes.push({ name: `i${i}`, kind: "input", ports: [] });
  g.ops.forEach((op, k) => {
    const j = g.inputs + k;
    const s1 = dedupe(op.srcs.map((s) => s % j));
    const s2 = dedupe(op.srcs2.map((s) => s % j));
    if (op.kind === "source") {
      let cap = 0;
      const emits = op.sched.map((st, q) => {
        const time = cap + st.dt;
        cap += st.adv;
        return { wait: st.wait, time, values: Array.from({ length: st.n }, (_, r) => 10000 * j + 10 * q + r), capAfter: cap };
      });
      nodes.push({ name: `n${j}`, kind: "source", ports: [], emits });
      return;
    }
    const ports = TWO_PORTS.has(op.kind) ? [{ port: "a", srcs: s1 }, { port: "b", srcs: s2 }] : [{ port: "in", srcs: s1 }];
    nodes.push({ name: `n${j}`, kind: op.kind, ports });
  });
  // Simulate the inputs to turn relative actions into concrete, always-valid calls.
  const time = Array.from({ length: g.inputs }, () => 0);
  const closed = Array.from({ length: g.inputs }, () => false);
  const plan: PlanStep[] = [];
  script.forEach((a, idx) => {
    switch (a.op) {
      case "send": {
        const i = a.input % g.inputs;
        if (closed[i]) return;
        const values = Array.from({ length: a.n }, (_, q) => 100 * idx + q);
        plan.push({ kind: "send", input: i, time: time[i]! + a.dt, values, push: a.push });
        return;
      }
      case "advance": {
        const i = a.input % g.inputs;
        if (closed[i]) return;
        time[i] = time[i]! + a.dt;
        plan.push({ kind: "advance", input: i, to: time[i]! });
        return;
      }
      case "close": {
        const i = a.input % g.inputs;
        if (closed[i]) return;
        closed[i] = true;
        plan.push({ kind: "close", input: i });
        return;
      }
      case "wait":
        plan.push({ kind: "wait", turns: a.turns });
        return;
      case "sync":
        plan.push({ kind: "sync" });
        return;
    }
  });
  for (let i = 0; i < g.inputs; i++) if (!closed[i]) plan.push({ kind: "close", input: i });
  const options: Case["options"] = {};
  if (g.capacity > 0) options.capacity = g.capacity;
  if (g.batchSize > 0) options.batchSize = g.batchSize;
  let prerun = 0;
  while (prerun < g.prerun && prerun < plan.length && ["send", "advance", "close"].includes(plan[prerun]!.kind)) prerun++;
  return { nodes, inputs: g.inputs, plan, prerun, options };
}

/** Readable rendering of a case, for failure messages. */
function describeCase(c: Case): string {
  const name = (j: number): string => c.nodes[j]!.name;
  const lines: string[] = [`graph: new Graph("prop", ${JSON.stringify(c.options)})`];
  for (const [j, n] of c.nodes.entries()) {
    if (n.kind === "input") lines.push(`  ${n.name} = input`);
    else if (n.kind === "source") {
      const steps = n.emits!.map((e) => `${e.wait > 0 ? `wait ${e.wait}; ` : ""}send [${e.values.join(", ")}] @${e.time}; cap -> ${e.capAfter}`);
      lines.push(`  ${n.name} = source node (no inputs, ctx.capability @0): ${steps.join("; ") || "nothing"}; drop`);
    } else {
      const ports = n.ports.map((p) => (n.ports.length > 1 ? `${p.port}: ` : "") + (p.srcs.map(name).join(" + ") || "(unconnected)")).join(", ");
      lines.push(`  ${n.name} = ${n.kind}(${ports})    // ${TRANSFORM_DOC[n.kind]}`.replace("{j}", String(j)));
    }
  }
  lines.push("script:");
  for (const [k, s] of c.plan.entries()) {
    if (k === c.prerun) lines.push("  g.run()");
    switch (s.kind) {
      case "send": lines.push(`  ${s.push ? "push (no await)" : "await send"} ${name(s.input)} [${s.values.join(", ")}] @${s.time}`); break;
      case "advance": lines.push(`  advanceTo ${name(s.input)} -> ${s.to}`); break;
      case "close": lines.push(`  close ${name(s.input)}`); break;
      case "wait": lines.push(`  wait ${s.turns} macrotask(s)`); break;
      case "sync": lines.push(`  sync (await every probe until min open input time)`); break;
    }
  }
  if (c.prerun === c.plan.length) lines.push("  g.run()");
  return lines.join("\n");
}

const TRANSFORM_DOC: Record<OpKind | "input", string> = {
  input: "",
  map: "x => 2x + {j}",
  filter: "keeps x with (x + {j}) % 3 != 0",
  concat: "identity",
  fwd: "stream node, forwards x + 1000 at the event's time",
  fwd2: "stream node with ports a, b read with ctx.events(), forwards x + 1000",
  fwd2p: "stream node with ports a, b, each read by its own ctx.input(port) loop in parallel, forwards x + 1000",
  stash: "stream node, retains a capability per time, emits x + 3 once the frontier passed",
  stash2: "stash with ports a, b",
  delay: "stream node with summary 1, forwards x + 7 at time t + 1",
  slow: "stream node, awaits a macrotask before forwarding x + 1000 at the event's time",
  source: "",
};

const mapFn = (j: number) => (x: number): number => 2 * x + j;
const filterFn = (j: number) => (x: number): boolean => (x + j) % 3 !== 0;
const fwdFn = (x: number): number => x + 1000;
const stashFn = (x: number): number => x + 3;
const delayFn = (x: number): number => x + 7;

// ------------------------------------------------------------------------------------------------
// The model: the multiset of items per time at every node output, computed directly.
// ------------------------------------------------------------------------------------------------

type Bag = Map<number, number[]>;

function addAll(bag: Bag, t: number, xs: readonly number[]): void {
  let l = bag.get(t);
  if (l === undefined) bag.set(t, (l = []));
  l.push(...xs);
}

function modelOutputs(c: Case): Bag[] {
  const out: Bag[] = c.nodes.map(() => new Map());
  for (const s of c.plan) if (s.kind === "send") addAll(out[s.input]!, s.time, s.values);
  for (let j = c.inputs; j < c.nodes.length; j++) {
    const n = c.nodes[j]!;
    if (n.kind === "source") {
      for (const e of n.emits!) addAll(out[j]!, e.time, e.values);
      continue;
    }
    const into = modelPortInputs(c, out, j);
    const all: Bag = new Map();
    for (const bag of into) for (const [t, xs] of bag) addAll(all, t, xs);
    const res = out[j]!;
    for (const [t, xs] of all) {
      let ys: number[];
      let t2 = t;
      switch (n.kind) {
        case "map": ys = xs.map(mapFn(j)); break;
        case "filter": ys = xs.filter(filterFn(j)); break;
        case "concat": ys = xs.slice(); break;
        case "fwd": case "fwd2": case "fwd2p": case "slow": ys = xs.map(fwdFn); break;
        case "stash": case "stash2": ys = xs.map(stashFn); break;
        case "delay": ys = xs.map(delayFn); t2 = t + 1; break;
        default: throw new Error("unreachable");
      }
      if (ys.length > 0) addAll(res, t2, ys);
    }
  }
  return out;
}

/** What reaches each input port of node j (one bag per port). */
function modelPortInputs(c: Case, outputs: Bag[], j: number): Bag[] {
  return c.nodes[j]!.ports.map((p) => {
    const bag: Bag = new Map();
    for (const s of p.srcs) for (const [t, xs] of outputs[s]!) addAll(bag, t, xs);
    return bag;
  });
}

function bagString(bag: Bag): string {
  return [...bag.entries()]
    .filter(([, xs]) => xs.length > 0)
    .sort((a, b) => a[0] - b[0])
    .map(([t, xs]) => `${t}: [${[...xs].sort(byNum).join(", ")}]`)
    .join("; ");
}

// ------------------------------------------------------------------------------------------------
// Watching ports from inside stream-style nodes
// ------------------------------------------------------------------------------------------------

/** What one stream-style node saw on one input port. */
class PortWatch {
  last: Antichain | undefined;
  readonly received: Bag = new Map();
  readonly log: string[] = [];
  private readonly verified = new Set<number>();

  constructor(readonly id: string, readonly expected: Bag, private readonly violations: string[]) {}

  frontier(f: Antichain): void {
    this.log.push(`f${f}`);
    if (this.last !== undefined && !f.dominatedBy(this.last)) {
      this.violations.push(`${this.id}: frontier event moved backwards from ${this.last} to ${f}`);
    }
    this.last = f;
    // Completeness: every time the frontier has passed must have received everything.
    for (const [t, xs] of this.expected) {
      if (this.verified.has(t) || f.lessEqual(t)) continue;
      this.verified.add(t);
      const got = [...(this.received.get(t) ?? [])].sort(byNum);
      const want = [...xs].sort(byNum);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        this.violations.push(`${this.id}: frontier ${f} passed time ${t} but only [${got.join(", ")}] of [${want.join(", ")}] had arrived there`);
      }
    }
  }

  data(t: Time, items: readonly number[], live: Antichain): void {
    for (const x of items) this.log.push(`d${formatTime(t)}:${x}`);
    if (typeof t !== "number") {
      this.violations.push(`${this.id}: data at non-integer time ${formatTime(t)}`);
      return;
    }
    if (this.last !== undefined && !this.last.lessEqual(t)) {
      this.violations.push(`${this.id}: SAFETY data [${items.join(", ")}] at time ${t} arrived after the port's frontier event ${this.last} had passed it`);
    }
    if (!live.lessEqual(t)) {
      this.violations.push(`${this.id}: SAFETY while handling data at time ${t}, the port's frontier is ${live}, which no longer allows it`);
    }
    if (this.verified.has(t)) {
      this.violations.push(`${this.id}: data [${items.join(", ")}] at time ${t} arrived after completeness at ${t} was checked`);
    }
    addAll(this.received, t, items);
  }
}

// ------------------------------------------------------------------------------------------------
// Building and running a case
// ------------------------------------------------------------------------------------------------

interface Built {
  g: Graph;
  inputs: ReturnType<Graph["input"]>[];
  captures: Array<Capture<number>>;
  probes: Probe[];
  /** Watches inside every stream-style node (operators and observers), by port id. */
  watches: PortWatch[];
  /** Observer watch per node output. */
  observers: PortWatch[];
  /** Stream-style functions that returned (by node name). */
  ended: Set<string>;
  /** Every problem noticed so far (inside nodes and by the driver of the case). */
  violations: string[];
  /** Every port id whose frontier is polled. */
  ports: string[];
}

function build(c: Case, expectedOut: Bag[]): Built {
  const violations: string[] = [];
  const g = new Graph("prop", c.options);
  const streams: Array<Stream<number>> = [];
  const inputs: Built["inputs"] = [];
  const watches: PortWatch[] = [];
  const observers: PortWatch[] = [];
  const ended = new Set<string>();
  const ports: string[] = [];

  for (let j = 0; j < c.nodes.length; j++) {
    const n = c.nodes[j]!;
    const src = (k: number): Stream<number> => streams[k]!;
    switch (n.kind) {
      case "input": {
        const h = g.input<number>(n.name);
        inputs.push(h);
        streams.push(h);
        break;
      }
      case "source": {
        g.node(n.name, { outputs: ["out"] }, async (ctx: NodeContext) => {
          const cap = ctx.capability;
          if (cap === undefined) {
            violations.push(`${n.name}: a node without inputs has no ctx.capability`);
            return;
          }
          if (cap.time !== 0) violations.push(`${n.name}: starts with a capability at ${formatTime(cap.time)}, expected 0`);
          const out = ctx.output<number>("out");
          for (const e of n.emits!) {
            for (let q = 0; q < e.wait; q++) await macrotask();
            await out.send(e.time, e.values);
            cap.downgrade(e.capAfter);
          }
          cap.drop();
          ended.add(n.name);
        });
        streams.push(g.stream<number>(`${n.name}.out`));
        break;
      }
      case "map":
      case "filter":
      case "concat": {
        const [first, ...rest] = n.ports[0]!.srcs;
        let s: Stream<number>;
        if (n.kind === "map") s = src(first!).map(mapFn(j), { name: n.name });
        else if (n.kind === "filter") s = src(first!).filter(filterFn(j), { name: n.name });
        else s = src(first!).concat(...rest.map(src), { name: n.name });
        if (n.kind !== "concat") for (const r of rest) g.connect(src(r), `${n.name}.in`);
        streams.push(s);
        ports.push(`${n.name}.in`);
        break;
      }
      default: {
        const stash = n.kind === "stash" || n.kind === "stash2";
        const portNames = n.ports.map((p) => p.port);
        const portBags = modelPortInputs(c, expectedOut, j);
        const ws = new Map<string, PortWatch>();
        n.ports.forEach((p, q) => {
          const w = new PortWatch(`${n.name}.${p.port}`, portBags[q]!, violations);
          ws.set(p.port, w);
          watches.push(w);
        });
        const summary = n.kind === "delay" ? 1 : 0;
        g.node(n.name, { inputs: portNames, outputs: ["out"], summary }, async (ctx: NodeContext) => {
          const out = ctx.output<number>("out");
          const held = new Map<number, { cap: Capability; items: number[] }>();
          const handle = async (ev: InputEvent<number>): Promise<void> => {
            const w = ws.get(ev.port)!;
            if (ev.kind === "frontier") w.frontier(ev.frontier);
            else {
              w.data(ev.time, ev.items, ctx.frontier(ev.port));
              const t = ev.time as number;
              if (n.kind === "delay") await out.send(t + 1, ev.items.map(delayFn));
              else if (n.kind === "slow") {
                await macrotask();
                await out.send(t, ev.items.map(fwdFn));
              } else if (!stash) await out.send(t, ev.items.map(fwdFn));
              else {
                let h = held.get(t);
                if (h === undefined) held.set(t, (h = { cap: ev.retain(), items: [] }));
                h.items.push(...ev.items.map(stashFn));
              }
            }
            if (stash) {
              const ready = [...held.keys()].filter((t) => portNames.every((p) => !ctx.frontier(p).lessEqual(t))).sort(byNum);
              for (const t of ready) {
                const h = held.get(t)!;
                held.delete(t);
                await out.send(t, h.items);
                h.cap.drop();
              }
            }
          };
          if (n.kind === "fwd2p") {
            await Promise.all(portNames.map(async (p) => {
              for await (const ev of ctx.input<number>(p)) await handle(ev);
            }));
          } else {
            for await (const ev of ctx.events<number>()) await handle(ev);
          }
          if (held.size > 0) violations.push(`${n.name}: input ended while still holding times [${[...held.keys()].join(", ")}] (the frontier never passed them)`);
          ended.add(n.name);
        });
        for (const p of n.ports) for (const s of p.srcs) g.connect(src(s), `${n.name}.${p.port}`);
        streams.push(g.stream<number>(`${n.name}.out`));
        for (const p of portNames) ports.push(`${n.name}.${p}`);
        break;
      }
    }
    ports.push(`${n.name}.out`, `${n.name}.error`);
  }

  // Instrument every node output: an observer (stream-style), a capture and a probe.
  const captures: Array<Capture<number>> = [];
  const probes: Probe[] = [];
  for (let j = 0; j < c.nodes.length; j++) {
    const s = streams[j]!;
    const obs = `obs${j}`;
    const w = new PortWatch(`${obs}.in (watching ${c.nodes[j]!.name}.out)`, expectedOut[j]!, violations);
    observers.push(w);
    watches.push(w);
    g.node(obs, { inputs: ["in"] }, async (ctx: NodeContext) => {
      for await (const ev of ctx.input<number>("in")) {
        if (ev.kind === "frontier") w.frontier(ev.frontier);
        else w.data(ev.time, ev.items, ctx.frontier("in"));
      }
      ended.add(obs);
    });
    g.connect(s, `${obs}.in`);
    captures.push(s.capture({ name: `cap${j}` }));
    probes.push(s.probe({ name: `probe${j}` }));
    ports.push(`${obs}.in`, `cap${j}.in`, `probe${j}.in`);
  }
  return { g, inputs, captures, probes, watches, observers, ended, violations, ports };
}

interface RunOutcome {
  violations: string[];
  /** Per capture: [time, item] in arrival order. */
  captured: Array<Array<[number, number]>>;
  /** Per capture: byTime entries, in the capture's order. */
  byTime: Array<Array<[number, number[]]>>;
  /** Per watch: event log. */
  logs: string[][];
}

type PropMode = "concurrent" | "deterministic" | "step" | "logical-time";

async function runCase(c: Case, mode: PropMode, chaos?: number): Promise<RunOutcome> {
  const expected = modelOutputs(c);
  const b = build(c, expected);
  const { g, inputs, probes, violations } = b;
  let exec: Execution | undefined;
  const time = Array.from({ length: c.inputs }, () => 0);
  const closed = Array.from({ length: c.inputs }, () => false);
  const lastProbe = new Map<number, Antichain>();
  const lastPort = new Map<string, Antichain>();

  const poll = (where: string): void => {
    probes.forEach((p, j) => {
      const f = p.frontier;
      const before = lastProbe.get(j);
      if (before !== undefined && !f.dominatedBy(before)) violations.push(`probe${j} (${where}): frontier moved backwards from ${before} to ${f}`);
      lastProbe.set(j, f);
    });
    for (const id of b.ports) {
      const f = g.frontier(id);
      const before = lastPort.get(id);
      if (before !== undefined && !f.dominatedBy(before)) violations.push(`frontier("${id}") (${where}): moved backwards from ${before} to ${f}`);
      lastPort.set(id, f);
    }
    for (let i = 0; i < c.inputs; i++) {
      if (closed[i]) continue;
      const f = g.frontier(`i${i}.out`);
      if (!f.lessEqual(time[i]!)) violations.push(`i${i}.out (${where}): frontier ${f} has passed the open input's current time ${time[i]}`);
      if (exec !== undefined && (mode === "concurrent" || mode === "logical-time") && !f.equals(Antichain.from([time[i]!]))) {
        violations.push(`i${i}.out (${where}): frontier ${f}, expected [${time[i]}] (concurrent mode applies calls at once)`);
      }
    }
  };

  try {
    poll("start");
    for (const [k, s] of c.plan.entries()) {
      if (k === c.prerun) {
        exec = g.run({ mode, ...(chaos !== undefined ? { chaos } : {}) });
        poll("after run()");
      }
      const where = `after step ${k}${k < c.prerun ? " (before run)" : ""}`;
      switch (s.kind) {
        case "send":
          if (s.push) inputs[s.input]!.push(s.values, s.time);
          else await inputs[s.input]!.send(s.values, s.time);
          break;
        case "advance":
          inputs[s.input]!.advanceTo(s.to);
          time[s.input] = s.to;
          break;
        case "close":
          inputs[s.input]!.close();
          closed[s.input] = true;
          break;
        case "wait":
          if (mode === "step") for (let q = 0; q < s.turns && exec?.status === "running"; q++) await exec.step();
          else for (let q = 0; q < s.turns; q++) await macrotask();
          break;
        case "sync": {
          // Both sequential modes sync the same way: everything the calls so far started is handled
          // (step mode steps there, deterministic mode waits for it), so a later send at the same
          // time is a batch of its own in both rather than joining the open one in one mode only.
          if (mode === "step" && exec?.status === "running") await exec.stepToQuiescence();
          if (mode === "deterministic" && exec?.status === "running") await exec.quiet();
          const open = time.filter((_, i) => !closed[i]);
          if (open.length === 0) break;
          const m = Math.min(...open);
          for (const [j, p] of probes.entries()) {
            try {
              await within(p.until(m), SYNC_TIMEOUT_MS, `probe${j}.until(${m})`);
            } catch (e) {
              violations.push(`LIVENESS ${where}: ${(e as Error).message}; its frontier is ${p.frontier}`);
              throw new Stop();
            }
            if (p.lessThan(m)) violations.push(`probe${j} ${where}: until(${m}) resolved but the frontier is ${p.frontier}`);
          }
          break;
        }
      }
      poll(where);
    }

    if (exec === undefined) {
      exec = g.run({ mode, ...(chaos !== undefined ? { chaos } : {}) });
      poll("after run()");
    }
    if (mode === "step" && exec.status === "running") {
      const r = await exec.stepToQuiescence();
      if (!r.reached) violations.push(`stepToQuiescence did not reach quiescence: ${r.message}`);
    }
    let status: string;
    try {
      status = (await within(exec.done, DONE_TIMEOUT_MS, "exec.done")).status;
    } catch (e) {
      const fronts = b.ports.map((id) => `${id}=${g.frontier(id)}`).filter((x) => !x.endsWith("=[]"));
      const streamNodes = [...c.nodes.filter((x) => STREAM_KINDS.has(x.kind)).map((x) => x.name), ...c.nodes.map((_, j) => `obs${j}`)];
      const running = streamNodes.filter((n) => !b.ended.has(n));
      violations.push(
        `LIVENESS: all inputs closed but ${(e as Error).message} (status ${exec.status}); non-empty frontiers: ${fronts.join(" ") || "(none)"}; ` +
          `stream-style functions still running: ${running.join(", ") || "(none)"}`,
      );
      throw new Stop();
    }
    if (status !== "completed") violations.push(`exec.done resolved with status ${status}`);
    poll("after done");
    probes.forEach((p, j) => {
      if (!p.done) violations.push(`probe${j}: not done after completion (frontier ${p.frontier})`);
    });
    for (const id of b.ports) {
      const f = exec.frontier(id);
      if (!f.isEmpty) violations.push(`exec.frontier("${id}") is ${f} after completion, expected []`);
    }
    for (const w of b.watches) {
      if (w.last !== undefined && !w.last.isEmpty) violations.push(`${w.id}: last frontier event was ${w.last}, never []`);
    }
    for (const n of [...c.nodes.filter((x) => STREAM_KINDS.has(x.kind)).map((x) => x.name), ...c.nodes.map((_, j) => `obs${j}`)]) {
      if (!b.ended.has(n)) violations.push(`${n}: its function never returned`);
    }
    // Conservation: captures and observers against the model.
    b.captures.forEach((cap, j) => {
      const got: Bag = new Map();
      for (const batch of cap.batches()) addAll(got, batch.time as number, batch.items);
      const want = bagString(expected[j]!);
      if (bagString(got) !== want) violations.push(`cap${j} (${c.nodes[j]!.name}.out): CONSERVATION captured {${bagString(got)}}, model says {${want}}`);
      const seen = bagString(b.observers[j]!.received);
      if (seen !== want) violations.push(`obs${j} (${c.nodes[j]!.name}.out): CONSERVATION observed {${seen}}, model says {${want}}`);
    });
    for (const w of b.watches) {
      const got = bagString(w.received);
      const want = bagString(w.expected);
      if (got !== want && !b.observers.includes(w)) violations.push(`${w.id}: CONSERVATION received {${got}}, model says {${want}}`);
    }
  } catch (e) {
    if (!(e instanceof Stop)) violations.push(`unexpected error: ${(e as Error).stack ?? String(e)}`);
  } finally {
    if (exec?.status === "running") exec.stop();
    if (exec?.status === "failed") violations.push(`run failed: ${exec.error?.message}`);
  }
  return {
    violations,
    captured: b.captures.map((cap) => cap.batches().flatMap((bt) => bt.items.map((x): [number, number] => [bt.time as number, x]))),
    byTime: b.captures.map((cap) => [...cap.byTime().entries()].map(([t, xs]): [number, number[]] => [t as number, xs])),
    logs: b.watches.map((w) => w.log),
  };
}

class Stop extends Error {}

/**
 * Runs case `c` in two modes (each `[mode, label]`), checks each run, and fails with `what` when
 * their captures in order (and byTime, when asked) or any watch's event sequence differ. A source
 * node sends on its own, outside the sequence of input calls, so where its batches fall relative to
 * the inputs' is not part of the determinism contract: cases with one are only checked run by run.
 */
async function sameRuns(c: Case, [m1, l1]: [PropMode, string], [m2, l2]: [PropMode, string], what: string, withByTime = false): Promise<void> {
  const r1 = await runCase(c, m1);
  if (r1.violations.length > 0) fail(c, l1, r1.violations);
  const r2 = await runCase(c, m2);
  if (r2.violations.length > 0) fail(c, l2, r2.violations);
  if (c.nodes.some((n) => n.kind === "source")) return;
  const diffs = differences(r1, r2, m1 === m2 ? ["run 1", "run 2"] : [m1, m2], withByTime);
  if (diffs.length > 0) fail(c, what, diffs);
}

/** Where two outcomes differ: captures in order, byTime (when asked), and every watch's event sequence. */
function differences(r1: RunOutcome, r2: RunOutcome, [a, b]: [string, string], withByTime = false): string[] {
  const diffs: string[] = [];
  r1.captured.forEach((x, j) => {
    if (JSON.stringify(x) !== JSON.stringify(r2.captured[j])) diffs.push(`cap${j}: items in order differ:\n      ${a} ${JSON.stringify(x)}\n      ${b} ${JSON.stringify(r2.captured[j])}`);
  });
  if (withByTime) {
    r1.byTime.forEach((x, j) => {
      if (JSON.stringify(x) !== JSON.stringify(r2.byTime[j])) diffs.push(`cap${j}: byTime differs:\n      ${a} ${JSON.stringify(x)}\n      ${b} ${JSON.stringify(r2.byTime[j])}`);
    });
  }
  r1.logs.forEach((x, j) => {
    if (JSON.stringify(x) !== JSON.stringify(r2.logs[j])) diffs.push(`watch #${j}: event sequences differ:\n      ${a} ${x.join(" ")}\n      ${b} ${r2.logs[j]!.join(" ")}`);
  });
  return diffs;
}

function fail(c: Case, mode: string, problems: string[]): never {
  const shown = problems.slice(0, 12);
  if (problems.length > shown.length) shown.push(`... and ${problems.length - shown.length} more`);
  throw new Error(`[${mode}] ${problems.length} problem(s):\n  - ${shown.join("\n  - ")}\n--- case ---\n${describeCase(c)}`);
}

// ------------------------------------------------------------------------------------------------
// Arbitraries
// ------------------------------------------------------------------------------------------------

const rawOpArb: fc.Arbitrary<RawOp> = fc.record({
  kind: fc.constantFrom(...OP_KINDS),
  srcs: fc.array(fc.nat({ max: 7 }), { minLength: 1, maxLength: 3 }),
  srcs2: fc.array(fc.nat({ max: 7 }), { minLength: 0, maxLength: 2 }),
  sched: fc.array(
    fc.record({ wait: fc.nat({ max: 2 }), dt: fc.nat({ max: 2 }), n: fc.integer({ min: 1, max: 2 }), adv: fc.nat({ max: 2 }) }),
    { maxLength: 3 },
  ),
});

const rawGraphArb: fc.Arbitrary<RawGraph> = fc.record({
  inputs: fc.integer({ min: 1, max: 3 }),
  ops: fc.array(rawOpArb, { minLength: 1, maxLength: 5 }),
  capacity: fc.constantFrom(0, 1, 2, 4),
  batchSize: fc.constantFrom(0, 1, 2),
  prerun: fc.constantFrom(0, 0, 1, 3, 6),
});

const rawActionArb: fc.Arbitrary<RawAction> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("send" as const), input: fc.nat({ max: 2 }), dt: fc.nat({ max: 3 }), n: fc.integer({ min: 1, max: 3 }), push: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("advance" as const), input: fc.nat({ max: 2 }), dt: fc.nat({ max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("close" as const), input: fc.nat({ max: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("wait" as const), turns: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("sync" as const) }) },
);

const caseArb = fc
  .tuple(rawGraphArb, fc.array(rawActionArb, { maxLength: 30 }))
  .map(([g, s]) => normalize(g, s));

// ================================================================================================
// Tracker property: brute-force frontiers
// ================================================================================================

interface TEdge {
  from: number;
  to: number;
  s: number[]; // integer summary [k] or product summary [outer, inner]
}
interface TTopo {
  n: number;
  /** Forward edges (lower to higher location): acyclic. */
  edges: TEdge[];
  /** Back edges (higher to lower location) with a summary that strictly advances time: cycles. */
  back: TEdge[];
  wild: TEdge[]; // from WILDCARD
  roots: number[];
}
type TTime = number[]; // [t] or [outer, inner]
type TAction =
  | { op: "inc"; loc: number; t: TTime; c: number }
  | { op: "dec"; k: number }
  | { op: "move"; k: number; via: number; dt: TTime }
  | { op: "flush" }
  | { op: "retopo" };

const tLeq = (a: TTime, b: TTime): boolean => a.every((x, i) => x <= b[i]!);
const tAdd = (a: TTime, b: number[]): TTime => a.map((x, i) => x + b[i]!);
const tKey = (a: TTime): string => a.join(",");
function minimal(ts: TTime[]): TTime[] {
  const uniq = [...new Map(ts.map((t) => [tKey(t), t])).values()];
  return uniq.filter((t) => !uniq.some((u) => tKey(u) !== tKey(t) && tLeq(u, t))).sort((a, b) => tKey(a).localeCompare(tKey(b)));
}

function toTime(t: TTime): Time {
  return t.length === 1 ? t[0]! : new Product(t[0]!, t[1]!);
}
function fromTime(t: Time): TTime {
  return typeof t === "number" ? [t] : [(t as Product).outer as number, (t as Product).inner as number];
}
function toSummary(s: number[]): Summary {
  return s.length === 1 ? s[0]! : new ProductSummary(s[0]!, s[1]!);
}

function toTopology(t: TTopo): Topology {
  const steps: Step[][] = [];
  for (let l = 0; l <= t.n; l++) steps[l] = [];
  for (const e of [...t.edges, ...t.back]) steps[e.from]!.push({ to: e.to, summary: toSummary(e.s) });
  for (const e of t.wild) steps[WILDCARD]!.push({ to: e.to, summary: toSummary(e.s) });
  return { steps, roots: new Set(t.roots) };
}

/**
 * Every simple-path sum from `from` to every location (DFS). Forward edges make a DAG; back edges
 * (if any) close cycles whose summary strictly advances time, and since summaries never go
 * backwards, a path through a cycle is never below the same path without it: simple paths give
 * every minimal element.
 */
function allPathSums(t: TTopo, from: number, dims: number): Map<number, number[][]> {
  const out = new Map<number, number[][]>();
  const all = [...t.edges, ...t.back];
  const edgesFrom = (l: number): TEdge[] => (l === WILDCARD ? t.wild : all.filter((e) => e.from === l));
  const onPath = new Set<number>();
  const go = (l: number, sum: number[]): void => {
    let list = out.get(l);
    if (list === undefined) out.set(l, (list = []));
    list.push(sum);
    onPath.add(l);
    for (const e of edgesFrom(l)) if (!onPath.has(e.to)) go(e.to, sum.map((x, i) => x + e.s[i]!));
    onPath.delete(l);
  };
  go(from, Array.from({ length: dims }, () => 0));
  return out;
}

/** The brute-force frontier of every location 0..n. */
function bruteFrontiers(t: TTopo, counts: Map<string, { loc: number; t: TTime; c: number }>, dims: number): TTime[][] {
  const cands: TTime[][] = Array.from({ length: t.n + 1 }, () => []);
  const positive = [...counts.values()].filter((e) => e.c > 0);
  const spread = (from: number, time: TTime): void => {
    for (const [to, sums] of allPathSums(t, from, dims)) for (const s of sums) cands[to]!.push(tAdd(time, s));
  };
  for (const e of positive) spread(e.loc, e.t);
  const rootTimes = minimal(positive.filter((e) => t.roots.includes(e.loc)).map((e) => e.t));
  for (const rt of rootTimes) spread(WILDCARD, rt);
  return cands.map(minimal);
}

function trackerTopoArb(dims: 1 | 2): fc.Arbitrary<TTopo> {
  const sArb: fc.Arbitrary<number[]> = dims === 1 ? fc.tuple(fc.nat({ max: 3 })) : fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 }));
  return fc.integer({ min: 1, max: 8 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      edges: fc
        .array(fc.record({ a: fc.integer({ min: 1, max: n }), b: fc.integer({ min: 1, max: n }), s: sArb }), { maxLength: 14 })
        .map((es) => es.filter((e) => e.a !== e.b).map((e) => ({ from: Math.min(e.a, e.b), to: Math.max(e.a, e.b), s: [...e.s] }))),
      back: fc
        .array(fc.record({ a: fc.integer({ min: 1, max: n }), b: fc.integer({ min: 1, max: n }), s: sArb }), { maxLength: 2 })
        .map((es) => es.filter((e) => e.a !== e.b).map((e) => ({ from: Math.max(e.a, e.b), to: Math.min(e.a, e.b), s: e.s.every((x) => x === 0) ? e.s.map((_, i) => (i === e.s.length - 1 ? 1 : 0)) : [...e.s] }))),
      wild: fc
        .array(fc.record({ to: fc.integer({ min: 1, max: n }), s: dims === 1 ? fc.tuple(fc.nat({ max: 1 })) : fc.tuple(fc.nat({ max: 1 }), fc.nat({ max: 1 })) }), { maxLength: 3 })
        .map((ws) => ws.map((w) => ({ from: WILDCARD, to: w.to, s: [...w.s] }))),
      roots: fc.uniqueArray(fc.integer({ min: 1, max: n }), { maxLength: 3 }),
    }),
  );
}

function trackerActionArb(dims: 1 | 2): fc.Arbitrary<TAction> {
  const timeArb = dims === 1 ? fc.tuple(fc.nat({ max: 6 })) : fc.tuple(fc.nat({ max: 4 }), fc.nat({ max: 4 }));
  const dtArb = dims === 1 ? fc.tuple(fc.nat({ max: 3 })) : fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 }));
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant("inc" as const), loc: fc.nat({ max: 7 }), t: timeArb.map((x) => [...x]), c: fc.integer({ min: 1, max: 2 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("dec" as const), k: fc.nat({ max: 20 }) }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant("move" as const), k: fc.nat({ max: 20 }), via: fc.nat({ max: 20 }), dt: dtArb.map((x) => [...x]) }) },
    { weight: 3, arbitrary: fc.constant({ op: "flush" as const }) },
    { weight: 1, arbitrary: fc.constant({ op: "retopo" as const }) },
  );
}

function checkTracker(dims: 1 | 2, topoA: TTopo, topoBRaw: TTopo, actions: TAction[]): void {
  // The second topology (swapped in by `retopo`) uses the same number of locations.
  const topoB: TTopo = {
    n: topoA.n,
    edges: topoBRaw.edges.filter((e) => e.to <= topoA.n),
    back: topoBRaw.back.filter((e) => e.from <= topoA.n),
    wild: topoBRaw.wild.filter((e) => e.to <= topoA.n),
    roots: topoBRaw.roots.filter((r) => r <= topoA.n),
  };
  const topos = [topoA, topoB];
  let cur = 0;
  const tracker = new ProgressTracker();
  tracker.setTopology(toTopology(topoA));
  const counts = new Map<string, { loc: number; t: TTime; c: number }>();
  const history: string[] = [`setTopology(A)`];
  const fmt = (t: TTime): string => (t.length === 1 ? String(t[0]) : `(${t.join(", ")})`);
  const update = (loc: number, t: TTime, d: number): void => {
    tracker.update(loc, toTime(t), d);
    history.push(`update(${loc}, ${fmt(t)}, ${d > 0 ? "+" : ""}${d})`);
    const k = `${loc}@${tKey(t)}`;
    const e = counts.get(k) ?? { loc, t, c: 0 };
    e.c += d;
    if (e.c === 0) counts.delete(k);
    else counts.set(k, e);
  };
  const positives = (): Array<{ loc: number; t: TTime; c: number }> =>
    [...counts.values()].filter((e) => e.c > 0).sort((a, b) => a.loc - b.loc || tKey(a.t).localeCompare(tKey(b.t)));
  const snapshot = (): string[] => Array.from({ length: topoA.n + 1 }, (_, l) => String(tracker.frontier(l)));
  let before = snapshot();

  const problem = (msg: string): never => {
    const topo = topos[cur]!;
    const desc = (tp: TTopo, name: string): string =>
      `${name}: n=${tp.n}, edges ${[...tp.edges, ...tp.back].map((e) => `${e.from}->${e.to}(+${e.s.join("/")})`).join(" ") || "(none)"}, ` +
      `wildcard->${tp.wild.map((e) => `${e.to}(+${e.s.join("/")})`).join(" ") || "(none)"}, roots {${tp.roots.join(", ")}}`;
    throw new Error(`${msg}\n--- topologies (current: ${cur === 0 ? "A" : "B"}) ---\n${desc(topoA, "A")}\n${desc(topoB, "B")}\n--- calls ---\n${history.join("\n")}\n(current topology n=${topo.n})`);
  };

  const flushAndCompare = (): void => {
    const changed = new Set(tracker.flush());
    history.push("flush()");
    if (tracker.pending) problem("tracker.pending is true right after flush()");
    const want = bruteFrontiers(topos[cur]!, counts, dims);
    const now = snapshot();
    for (let l = 0; l <= topoA.n; l++) {
      const got = tracker.frontier(l).elements.map(fromTime);
      const exp = want[l]!;
      const gs = minimal(got).map(fmt).join(", ");
      const es = exp.map(fmt).join(", ");
      if (got.length !== exp.length || gs !== es) {
        problem(`frontier(${l}) after flush is [${got.map(fmt).join(", ")}], brute force says [${es}]`);
      }
      const didChange = before[l] !== now[l];
      if (didChange && !changed.has(l)) problem(`frontier(${l}) changed from ${before[l]} to ${now[l]} but flush() did not report location ${l} (it reported [${[...changed].join(", ")}])`);
      if (!didChange && changed.has(l)) problem(`flush() reported location ${l} as changed but its frontier stayed ${now[l]}`);
    }
    const total = [...counts.values()].reduce((a, e) => a + e.c, 0);
    if (tracker.outstanding !== total) problem(`tracker.outstanding is ${tracker.outstanding}, the counts sum to ${total}`);
    before = now;
  };

  flushAndCompare();
  for (const a of actions) {
    switch (a.op) {
      case "inc":
        update((a.loc % topoA.n) + 1, a.t, a.c);
        break;
      case "dec": {
        const ps = positives();
        if (ps.length === 0) break;
        const e = ps[a.k % ps.length]!;
        update(e.loc, e.t, -1);
        break;
      }
      case "move": {
        // Work moves downstream to a reachable location at a time no earlier than a path's
        // summary allows: increment there first, then decrement the consumed pointstamp.
        const ps = positives();
        if (ps.length === 0) break;
        const e = ps[a.k % ps.length]!;
        const reach = [...allPathSums(topos[cur]!, e.loc, dims)].flatMap(([to, sums]) => sums.map((s) => ({ to, s })));
        const r = reach[a.via % reach.length]!;
        update(r.to, tAdd(tAdd(e.t, r.s), a.dt), 1);
        update(e.loc, e.t, -1);
        break;
      }
      case "flush":
        flushAndCompare();
        break;
      case "retopo":
        cur = 1 - cur;
        tracker.setTopology(toTopology(topos[cur]!));
        history.push(`setTopology(${cur === 0 ? "A" : "B"})`);
        break;
    }
  }
  flushAndCompare();
}

// ================================================================================================
// The properties
// ================================================================================================

describe("progress properties (fast-check)", () => {
  it(`concurrent mode: safety, completeness, liveness, conservation (${RUNS.concurrent} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const r = await runCase(c, "concurrent");
        if (r.violations.length > 0) fail(c, "concurrent", r.violations);
      }),
      { numRuns: RUNS.concurrent },
    );
  }, TEST_TIMEOUT_MS);

  it(`concurrent mode under chaos: safety, completeness, liveness, conservation (${RUNS.chaos} cases)`, async () => {
    let seed = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const r = await runCase(c, "concurrent", ++seed);
        if (r.violations.length > 0) fail(c, `concurrent, chaos seed ${seed}`, r.violations);
      }),
      { numRuns: RUNS.chaos },
    );
  }, TEST_TIMEOUT_MS);

  it(`logical-time mode under chaos: the same, plus the same items per time in the same order under two seeds (${RUNS.logicalTime} cases x 2 runs)`, async () => {
    let seed = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const s1 = ++seed;
        const s2 = ++seed;
        const r1 = await runCase(c, "logical-time", s1);
        if (r1.violations.length > 0) fail(c, `logical-time, chaos seed ${s1}`, r1.violations);
        const r2 = await runCase(c, "logical-time", s2);
        if (r2.violations.length > 0) fail(c, `logical-time, chaos seed ${s2}`, r2.violations);
        // A node reading its ports with one loop each interleaves its outputs by timing.
        if (c.nodes.some((n) => n.kind === "fwd2p")) return;
        const diffs: string[] = [];
        r1.byTime.forEach((x, j) => {
          const norm = (bt: Array<[number, number[]]>): string => JSON.stringify([...bt].sort((p, q) => p[0] - q[0]));
          if (norm(x) !== norm(r2.byTime[j]!)) diffs.push(`cap${j}: items per time differ:\n      seed ${s1} ${norm(x)}\n      seed ${s2} ${norm(r2.byTime[j]!)}`);
        });
        if (diffs.length > 0) fail(c, "logical-time: two runs differ", diffs);
      }),
      { numRuns: RUNS.logicalTime },
    );
  }, TEST_TIMEOUT_MS);

  it(`step mode: the same checks, and exactly what deterministic mode captures and shows every node (${RUNS.step} cases x 2 modes)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        await sameRuns(c, ["step", "step"], ["deterministic", "deterministic (against step)"], "step and deterministic modes differ");
      }),
      { numRuns: RUNS.step },
    );
  }, TEST_TIMEOUT_MS);

  it(`deterministic mode: the same, plus identical captures and node views across two runs (${RUNS.deterministic} cases x 2 runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        await sameRuns(c, ["deterministic", "deterministic, run 1"], ["deterministic", "deterministic, run 2"], "deterministic: two runs differ", true);
      }),
      { numRuns: RUNS.deterministic },
    );
  }, TEST_TIMEOUT_MS);

  it(`ProgressTracker (integer times): frontiers after flush match brute force (${RUNS.trackerInt} cases)`, () => {
    fc.assert(
      fc.property(trackerTopoArb(1), trackerTopoArb(1), fc.array(trackerActionArb(1), { maxLength: 30 }), (a, b, acts) => {
        checkTracker(1, a, b, acts);
      }),
      { numRuns: RUNS.trackerInt },
    );
  });

  it(`ProgressTracker (product times, partial order): frontiers after flush match brute force (${RUNS.trackerProduct} cases)`, () => {
    fc.assert(
      fc.property(trackerTopoArb(2), trackerTopoArb(2), fc.array(trackerActionArb(2), { maxLength: 30 }), (a, b, acts) => {
        checkTracker(2, a, b, acts);
      }),
      { numRuns: RUNS.trackerProduct },
    );
  });

  it("total generated cases is at least 1,000", () => {
    expect(RUNS.concurrent + RUNS.chaos + RUNS.logicalTime + RUNS.step + RUNS.deterministic + RUNS.trackerInt + RUNS.trackerProduct).toBeGreaterThanOrEqual(1000);
  });
});
