/**
 * The live dataflow: nodes, edges, progress tracking and the run's lifecycle, in one place.
 *
 * A graph owns one dataflow from the moment it is created, so frontiers exist before `run()`
 * (inputs hold their capabilities at time 0) and the graph can grow while it runs. Invariants:
 * - The tracker's topology always matches the nodes and edges (rebuilt lazily at the next flush).
 * - A change to a running graph never moves back a frontier a node has already seen: a new edge
 *   that would is refused with both frontiers in the message.
 * - The run completes when nothing is held or in flight and every node task has ended.
 */
import type { CheckpointStatus } from "./checkpoint-status.js";
import type { Antichain } from "../time/antichain.js";
import type { Time } from "../time/order.js";
import { checkSummary } from "../time/summary.js";
import { ProgressTracker } from "../progress/tracker.js";
import { findStallingCycle } from "../progress/reachability.js";
import { WILDCARD, type Step } from "../progress/topology.js";
import { EdgeQueue } from "./topology/edge-queue.js";
import { Chaos, ChaosYielder, chaosOptions } from "./scheduling/chaos.js";
import { RealClock, type Clock } from "./scheduling/clock.js";
import type { Monitor } from "./monitor.js";
import { driveLogic } from "./drivers/concurrent.js";
import { Scheduler, type Schedulable } from "./drivers/deterministic.js";
import { GraphError, NodeFailureError, type Failure } from "./failure.js";
import { InputCalls, type CallsOwner } from "./drivers/input-calls.js";
import { InputDriver, type InputCall } from "./drivers/input-driver.js";
import { checkName, listNames, splitPortId, suggestion } from "./topology/names.js";
import { NodeRuntime, type Host } from "./node.js";
import { isSequential, type Mode, type NodeSpec } from "./node-spec.js";
import { Stepper } from "./drivers/stepper.js";
import { checkRunOptions, type RunOptions, type RunResult, type RunStatus } from "./run-options.js";
import { checkNoRegression, describeCycle } from "./dataflow-build.js";
import { InPort, OutPort, type Edge } from "./topology/ports.js";
import { StreamDriver } from "./drivers/stream-driver.js";
import { Yielder } from "./scheduling/yielder.js";
import { buildTopology, topologicalOrder } from "./topology/wiring.js";
import { rejoins } from "./topology/rejoins.js";

const MAX_FAILURES = 1000;

/** The live structure behind a graph. */
export class Dataflow implements Host, Schedulable, CallsOwner {
  /** Pointstamps and frontiers. */
  readonly tracker = new ProgressTracker();
  /** Event-loop turns for long runs. */
  yielder = new Yielder();
  /** A chaotic run's random decisions (a testing aid). */
  chaos: Chaos | undefined;
  /** Deterministic mode: an input is handing a batch on directly (see `handOff`). */
  directWindow = false;
  /** Nodes by name, in creation order. */
  readonly nodes = new Map<string, NodeRuntime>();
  /** External port names (subgraph mappings) to internal ones. */
  readonly aliases = new Map<string, string>();
  /** Input drivers by node. */
  readonly inputs = new Map<NodeRuntime, InputDriver>();
  /** The run's mode (undefined before `run()`). */
  mode: Mode | undefined;
  /** True while one scheduler task runs every node (deterministic and step modes). */
  sequential = false;
  /** Step mode: performs and records steps. */
  stepper: Stepper | undefined;
  /** Where the run is. */
  status: RunStatus = "idle";
  /** The failure policy. */
  onError: "fail" | "continue" = "fail";
  /** Recent failures. */
  readonly failures: Failure[] = [];
  /** Failures in all. */
  failureCount = 0;
  /** Why the run failed. */
  error: Error | undefined;
  /** Input calls, in the order they were made. */
  readonly calls: InputCalls = new InputCalls(this);
  /** While a checkpoint is being taken: resolves once input senders may go on (set by the checkpoint coordinator). */
  paused: Promise<void> | undefined;
  /** The run's checkpoints, as views show them (set by the checkpoint coordinator of a run with a store). */
  checkpointing: CheckpointStatus | undefined;
  /** Settles when the run ends. */
  readonly done: Promise<RunResult>;
  /** Processing time for the run (the real clock until `run()` is given another). */
  clock: Clock = new RealClock();
  /** The attached observer (see `src/observe`), if any. */
  monitor: Monitor | undefined;

  private readonly locations: Array<InPort<NodeRuntime> | OutPort<NodeRuntime> | NodeRuntime | undefined> = [undefined];
  private nextLoc = 1;
  private edgeCount = 0;
  private readonly drivers = new Map<NodeRuntime, StreamDriver>();
  private scheduler: Scheduler | undefined;
  private flushTimer: ReturnType<typeof setImmediate> | undefined;
  private topo: NodeRuntime[] | undefined;
  private readonly rejoinCache = new Map<NodeRuntime, boolean>();
  private settle!: { resolve: (r: RunResult) => void; reject: (e: Error) => void };

  /**
   * A dataflow for graph `name` with edge queues of `capacity` items, input batches of `batchSize`,
   * and `minimum` as the earliest time (where inputs and sources start).
   */
  constructor(readonly name: string, readonly capacity = 16384, readonly batchSize = 1024, readonly minimum: Time = 0) {
    this.done = new Promise<RunResult>((resolve, reject) => (this.settle = { resolve, reject }));
    this.done.catch(() => undefined);
    this.tracker.onDirty = () => this.changed();
  }

  /** True once the run stopped or failed. */
  get stopped(): boolean {
    return this.status === "stopped" || this.status === "failed";
  }

  // ---- building --------------------------------------------------------------------------------

  /** Adds a node; it starts at once when the graph is running. */
  addNode(spec: NodeSpec): NodeRuntime {
    checkName(spec.name, "a node name");
    this.checkGrowing(`add node "${spec.name}"`);
    if (this.nodes.has(spec.name)) {
      throw new GraphError(`graph "${this.name}" already has a node named "${spec.name}" (a ${this.nodes.get(spec.name)!.spec.kind}); pick another name or remove it first`);
    }
    const ports = [...spec.inputs, ...spec.outputs];
    ports.forEach((p) => checkName(p, `a port name of node "${spec.name}"`));
    if (new Set(ports).size !== ports.length || ports.includes("error")) {
      throw new GraphError(`node "${spec.name}": port names must be distinct and "error" is reserved (every node has an error output); got inputs [${spec.inputs.join(", ")}], outputs [${spec.outputs.join(", ")}]`);
    }
    if (spec.summary !== null) checkSummary(spec.summary, `the summary of node "${spec.name}"`);
    const alloc = (): number => this.nextLoc++;
    const node = new NodeRuntime(this, spec, {
      inputs: spec.inputs.map(alloc),
      outputs: [...spec.outputs, "error"].map(alloc),
      cap: alloc(),
    });
    for (const p of node.inputs) this.locations[p.loc] = p;
    for (const p of node.outputs) this.locations[p.loc] = p;
    this.locations[node.capabilityLocation] = node;
    this.nodes.set(spec.name, node);
    if (spec.inputs.length === 0 && spec.body.type === "stream") node.mint(this.startTime());
    this.topologyChanged();
    if (this.status === "running") this.start(node);
    return node;
  }

  /** Adds an input node and its driver. */
  addInput(name: string, meta?: Readonly<Record<string, unknown>>): InputDriver {
    const node = this.addNode({ name, kind: "input", inputs: [], outputs: ["out"], summary: 0, body: { type: "source" }, meta });
    const drv = new InputDriver(node, this.calls, this.startTime(), this.batchSize);
    this.inputs.set(node, drv);
    return drv;
  }

  /** Connects an output port to an input port (`"a.out"`, `"b.in"`). */
  connect(fromId: string, toId: string): Edge<NodeRuntime> {
    const from = this.outPort(fromId, "connect(from, to): from");
    const to = this.inPort(toId, "connect(from, to): to");
    this.checkGrowing(`connect ${from.id} → ${to.id}`);
    if (to.node.state === "finished") throw new GraphError(`cannot connect ${from.id} → ${to.id}: node "${to.node.name}" has finished`);
    if (from.edges.some((e) => e.to === to)) throw new GraphError(`${from.id} is already connected to ${to.id}`);
    const step: Step = { to: to.loc, summary: 0 };
    const cycle = findStallingCycle(buildTopology(this.nodes.values()).steps, [from.loc, step]);
    if (cycle !== null) {
      throw new GraphError(`connecting ${from.id} → ${to.id} would close a cycle that does not advance time: ${describeCycle(cycle, (l) => this.locationOf(l))}; every cycle needs a node whose summary moves time forward (for example { summary: 1 })`);
    }
    if (this.status === "running") {
      this.flush();
      checkNoRegression(this.tracker, [...this.nodes.values()], from, to);
    }
    const edge: Edge<NodeRuntime> = { from, to, queue: new EdgeQueue(this.chaos?.capacity(this.capacity) ?? this.capacity), order: this.edgeCount++ };
    from.edges.push(edge);
    to.edges.push(edge);
    to.everConnected = true;
    this.topologyChanged();
    return edge;
  }

  /** Removes a node: its capabilities and the batches waiting for it are released. */
  removeNode(name: string): void {
    const node = this.node(name);
    node.finish("removed");
    const input = this.inputs.get(node);
    if (input !== undefined) this.calls.forget(input);
    this.inputs.delete(node);
    this.drivers.delete(node);
    for (const p of node.inputs) {
      for (const e of p.edges) {
        const i = e.from.edges.indexOf(e);
        if (i >= 0) e.from.edges.splice(i, 1);
      }
      this.locations[p.loc] = undefined;
    }
    for (const o of node.outputs) this.locations[o.loc] = undefined;
    this.locations[node.capabilityLocation] = undefined;
    this.nodes.delete(name);
    for (const [k, v] of this.aliases) if (k.startsWith(`${name}.`) || v.startsWith(`${name}.`)) this.aliases.delete(k);
    this.topologyChanged();
  }

  /** The node called `name`, or a GraphError listing the nodes. */
  node(name: string): NodeRuntime {
    const n = this.nodes.get(name);
    if (n !== undefined) return n;
    throw new GraphError(`graph "${this.name}" has no node "${name}"${suggestion(name, this.nodes.keys())}; its nodes are: ${listNames([...this.nodes.keys()])}`);
  }

  /** Follows subgraph port mappings to the inner port an outer name stands for. */
  resolve(id: string): string {
    for (let i = 0; i < 1000; i++) {
      const next = this.aliases.get(id);
      if (next === undefined) return id;
      id = next;
    }
    throw new GraphError(`port mappings loop at "${id}"`);
  }

  private nodeFor(name: string, what: string): NodeRuntime {
    try {
      return this.node(name);
    } catch (e) {
      throw new GraphError(`${what}: ${(e as Error).message}`);
    }
  }

  /** The output port `node.port`, or a GraphError listing the outputs. */
  outPort(id: string, what = "an output port"): OutPort<NodeRuntime> {
    return this.findPort(id, what, "output") as OutPort<NodeRuntime>;
  }

  /** The input port `node.port`, or a GraphError listing the inputs. */
  inPort(id: string, what = "an input port"): InPort<NodeRuntime> {
    return this.findPort(id, what, "input") as InPort<NodeRuntime>;
  }

  private findPort(id: string, what: string, side: "input" | "output"): InPort<NodeRuntime> | OutPort<NodeRuntime> {
    const [n, p] = splitPortId(this.resolve(id), what);
    const node = this.nodeFor(n, what);
    const [want, other]: Array<ReadonlyArray<InPort<NodeRuntime> | OutPort<NodeRuntime>>> = side === "input" ? [node.inputs, node.outputs] : [node.outputs, node.inputs];
    const port = want!.find((x) => x.name === p);
    if (port !== undefined) return port;
    const names = want!.map((x) => x.name);
    const why = other!.some((x) => x.name === p)
      ? `"${n}.${p}" is an ${side === "input" ? "output" : "input"} port; an ${side} port is needed`
      : `node "${n}" has no ${side} port "${p}"${suggestion(p, names)}`;
    throw new GraphError(`${what}: ${why}; its ${side}s are: ${listNames(names)}`);
  }

  /** The frontier at any port `node.port` (input or output). */
  frontierOf(id: string): Antichain {
    this.flush();
    const resolved = this.resolve(id);
    const [n, p] = splitPortId(resolved, "a port");
    const node = this.node(n);
    const port = node.inputs.find((i) => i.name === p) ?? node.outputs.find((o) => o.name === p);
    if (port === undefined) {
      const names = [...node.inputs, ...node.outputs].map((x) => x.name);
      throw new GraphError(`node "${n}" has no port "${p}"${suggestion(p, names)}; its ports are: ${listNames(names)}`);
    }
    return this.tracker.frontier(port.loc);
  }

  /** The frontier of the roots (inputs and nodes without inputs). */
  rootFrontier(): Antichain {
    this.flush();
    return this.tracker.frontier(WILDCARD);
  }

  private startTime(): Time {
    if (this.status !== "running") return this.minimum;
    const f = this.rootFrontier().elements;
    return f.length > 0 ? f[0]! : this.minimum;
  }

  private checkGrowing(what: string): void {
    if (this.status === "idle" || this.status === "running") return;
    throw new GraphError(`cannot ${what}: graph "${this.name}" has ${this.status === "completed" ? "completed its run" : this.status}; build a new Graph`);
  }

  // ---- topology ---------------------------------------------------------------------------------

  /** True when data from `node` can reach some node over two input edges (cached until the topology changes). */
  rejoins(node: NodeRuntime): boolean {
    let r = this.rejoinCache.get(node);
    if (r === undefined) this.rejoinCache.set(node, (r = rejoins(node)));
    return r;
  }

  private topologyChanged(): void {
    this.topo = undefined;
    this.rejoinCache.clear();
    if (this.mode === "logical-time" && this.status === "running") for (const n of this.nodes.values()) n.orderInputs();
    this.monitor?.changed("graph");
    this.tracker.setTopology(buildTopology(this.nodes.values()));
  }

  /** Nodes in topological order (creation order breaks ties and cycles); each node's `rank` is its place. */
  order(): readonly NodeRuntime[] {
    if (this.topo === undefined) {
      this.topo = topologicalOrder([...this.nodes.values()]);
      this.topo.forEach((n, i) => (n.rank = i));
    }
    return this.topo;
  }

  // ---- running ---------------------------------------------------------------------------------

  /**
   * Starts every node; calls made before now are applied. `prepare` runs once the mode and clock
   * are set and before any node starts (a restore from a checkpoint happens there).
   */
  run(options: RunOptions = {}, prepare?: () => void): void {
    if (this.status !== "idle") {
      throw new GraphError(`graph "${this.name}" ${this.status === "running" ? "is already running" : `has already run (it ${this.status})`}; build a new Graph to run again`);
    }
    const { mode, onError, clock } = checkRunOptions(options);
    if (clock !== undefined) this.clock = clock;
    if (options.chaos !== undefined) {
      if (isSequential(mode)) throw new GraphError(`run({ chaos }) shakes concurrent and logical-time runs; a ${mode} run has one fixed order`);
      this.chaos = new Chaos(chaosOptions(options.chaos));
      this.yielder = new ChaosYielder(this.chaos);
      for (const n of this.nodes.values()) for (const o of n.outputs) for (const e of o.edges) e.queue.capacity = this.chaos.capacity(this.capacity);
    }
    if (isSequential(mode) && this.clock instanceof RealClock) {
      // A node whose results depend on processing time (meta.processingTime) would make a fixed-order run depend on timing.
      for (const n of this.nodes.values()) {
        if (n.spec.meta?.processingTime !== true) continue;
        throw new GraphError(
          `${n.spec.kind} "${n.name}": its trigger ${String(n.spec.meta.trigger)} acts on processing time, and a ${mode} run moves processing time only by call: run it with { clock: new ManualClock() } and move processing time with exec.advanceClock(ms) (or a test stream's advanceProcessingTime(ms))`,
        );
      }
    }
    this.mode = mode;
    this.sequential = isSequential(mode);
    this.onError = onError;
    prepare?.();
    this.status = "running";
    if (this.sequential) {
      this.scheduler = new Scheduler(this, mode === "deterministic");
      if (mode === "step") this.stepper = new Stepper(this, this.scheduler);
    }
    if (mode === "logical-time") for (const n of this.nodes.values()) n.orderInputs();
    for (const node of this.nodes.values()) this.start(node);
    this.monitor?.changed("running");
    if (!this.sequential) {
      this.calls.applyAll();
      this.scheduleFlush();
    } else {
      // Frontiers as the run starts (nodes are told them in their first activations).
      this.propagate();
      if (this.calls.open !== undefined) this.calls.sealSoon();
      this.scheduler!.wake();
    }
  }

  private start(node: NodeRuntime): void {
    const body = node.spec.body;
    if (body.type === "logic") {
      if (!this.sequential) void driveLogic(node);
      else node.state = "running";
    } else if (body.type === "stream") {
      const d = new StreamDriver(node, body.fn);
      this.drivers.set(node, d);
      d.start();
    } else if (node.state === "idle") {
      node.state = "running";
    }
    this.poke(node);
  }

  /** Ends the run now: tasks end, timers are cleared, `done` resolves with status `stopped`. */
  stop(): void {
    if (this.status === "idle" || this.status === "running") {
      this.status = "stopped";
      this.cleanup();
      this.monitor?.changed("stopped");
      this.settle.resolve({ status: "stopped", failures: this.failures.slice() });
    }
  }

  private cleanup(): void {
    this.yielder.cancel();
    if (this.flushTimer !== undefined) clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    this.calls.clear();
    for (const node of this.nodes.values()) {
      node.cancelTimers();
      node.signal.notify();
      for (const p of node.inputs) p.signal.notify();
      for (const o of node.outputs) for (const e of o.edges) e.queue.release();
    }
    for (const d of this.drivers.values()) d.wakeAll();
  }

  private checkDone(): void {
    if (this.status !== "running" || this.tracker.outstanding !== 0 || this.tracker.pending) return;
    if (!this.calls.idle) return;
    for (const node of this.nodes.values()) {
      const t = node.spec.body.type;
      if ((t === "logic" || t === "stream") && node.state === "running") return;
    }
    this.status = "completed";
    this.cleanup();
    this.monitor?.changed("completed");
    this.settle.resolve({ status: "completed", failures: this.failures.slice() });
  }

  private changed(): void {
    if (this.sequential && this.status === "running") this.scheduler!.wake();
    else this.scheduleFlush();
  }

  /**
   * Frontiers are recomputed on the next event-loop turn rather than after every hop: while tasks
   * hand batches along, most count changes cancel out before anyone needs the frontier, and a
   * frontier that lags is still safe (see the tracker). Anyone who reads a frontier flushes first.
   */
  private scheduleFlush(): void {
    this.flushTimer ??= setImmediate(() => {
      this.flushTimer = undefined;
      this.flush();
    });
  }

  /**
   * Brings frontiers up to date for a reader. While a deterministic or step run is going, the
   * scheduler alone propagates progress (between node activations), so what nodes see never
   * depends on when someone looked; readers then get the frontiers as of the scheduler's last
   * propagation (after a graph change, they are recomputed at once).
   */
  flush(): void {
    if (this.sequential && this.status === "running" && !this.tracker.rebuilding) return;
    this.propagate();
  }

  /** Recomputes frontiers and tells the ports whose frontier changed; returns how many moved. */
  propagate(): number {
    const m = this.monitor;
    const before: Antichain[] | undefined = m !== undefined ? [] : undefined;
    const changed = this.tracker.flush(before);
    for (const loc of changed) {
      const x = this.locations[loc];
      if (x instanceof InPort) x.frontierChanged();
    }
    if (changed.length > 0) this.monitor?.frontiers(changed, before ?? []);
    this.checkDone();
    return changed.length;
  }

  /** True when pointstamp changes wait to be propagated. */
  get progressPending(): boolean {
    return this.tracker.pending;
  }

  /** The port (or, for a capability location, the node) tracked at `loc`. */
  locationOf(loc: number): InPort<NodeRuntime> | OutPort<NodeRuntime> | NodeRuntime | undefined {
    return this.locations[loc];
  }

  /** The frontier at `loc`, recomputed first if the graph changed since the last flush. */
  frontierAt(loc: number): Antichain {
    if (this.tracker.rebuilding) this.flush();
    return this.tracker.frontier(loc);
  }

  /** The driver of a stream-style node. */
  driver(node: NodeRuntime): StreamDriver | undefined {
    return this.drivers.get(node);
  }

  /** A stream-style node's driver whose node is busy outside the graph (neither parked nor done), if any. */
  busy(): StreamDriver | undefined {
    for (const [node, drv] of this.drivers) if (node.state === "running" && !drv.settled && node.parked?.() !== true) return drv;
    return undefined;
  }

  // ---- Host --------------------------------------------------------------------------------------

  /** A node has work: wake the deterministic scheduler. */
  poke(_node: NodeRuntime): void {
    this.wake();
  }

  /** Wakes the deterministic scheduler (input calls or node work are waiting). */
  wake(): void {
    if (this.scheduler !== undefined && this.status === "running") this.scheduler.wake();
  }

  /** True when the deterministic scheduler is idle (not running and not about to). */
  get schedulerIdle(): boolean {
    return this.scheduler?.idle ?? false;
  }

  /**
   * Deterministic mode: runs `fn` (an input sending a batch on at once, while the graph is
   * quiescent and no call waits) with direct hand-off allowed (see `NodeRuntime.acceptsDirect`): the
   * units the scheduler would perform next, done in the sender's call; whatever they leave queued
   * wakes the scheduler as usual.
   */
  handOff(fn: () => void): void {
    this.directWindow = true;
    try {
      fn();
    } finally {
      this.directWindow = false;
    }
  }

  /** Deterministic and step modes: applies the next queued input call and returns it. */
  applyNextCall(): InputCall | undefined {
    return this.calls.applyNext();
  }

  /**
   * Moves the run's `ManualClock` forward by `ms`, as an input call: in deterministic and step
   * modes it is queued and applied in call order (after everything sent before it was handled);
   * otherwise it is applied once the graph is quiet.
   */
  advanceClock(ms: number, whenQuiet: () => Promise<void>): Promise<void> {
    const clock = this.clock as Partial<{ advance(ms: number): void }>;
    if (typeof clock.advance !== "function") {
      throw new GraphError(`advanceClock(${String(ms)}): the run's clock is ${String(this.clock)}; processing time only moves by call with g.run({ clock: new ManualClock() })`);
    }
    if (!Number.isFinite(ms) || ms < 0) throw new GraphError(`advanceClock(ms): ms must be a non-negative number, got ${String(ms)}`);
    const why = this.calls.refusal();
    if (why !== undefined) throw new GraphError(`cannot advance the clock: ${why}`);
    if (this.calls.recording) this.calls.record({ kind: "clock", ms });
    const c: InputCall = { kind: "clock", ms, clock: clock as { advance(ms: number): void } };
    if (this.status !== "running" || this.sequential) {
      this.calls.call(c);
      return Promise.resolve();
    }
    return whenQuiet().then(() => {
      if (this.status === "running") c.clock.advance(ms);
    });
  }

  /** Records a failure and applies the policy when it was not handled. */
  failed(node: NodeRuntime, f: Failure, handled: boolean): void {
    this.monitor?.failure(node.name, f);
    this.failureCount++;
    this.failures.push(f);
    if (this.failures.length > MAX_FAILURES) this.failures.shift();
    if (handled || this.onError !== "fail" || this.status !== "running") return;
    this.abort(new NodeFailureError(f));
  }

  /** Fails the whole run with `error` (a failure outside any node, such as a checkpoint that could not be written). */
  abort(error: Error): void {
    if (this.status !== "running") return;
    this.status = "failed";
    this.error = error;
    this.cleanup();
    this.monitor?.changed("failed");
    this.settle.reject(this.error);
  }

  /** A node ended. */
  finished(_node: NodeRuntime): void {
    this.checkDone();
  }
}
