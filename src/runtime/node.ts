/**
 * A node at run time: its ports, the activations and capabilities it holds, and its failures.
 *
 * Invariants: a batch a node is handling stays counted at its input port until the handling ends,
 * so the node's outputs cannot pass its time meanwhile (that is the activation's capability). A
 * node sends at `t` only through a capability at or before `t` (activation or retained); anything
 * else is a TimeError naming the node, the port and both times.
 */
import type { Antichain } from "../time/antichain.js";
import { compareTimes, formatTime, lessEqual, type Time } from "../time/order.js";
import { applySummary, type Summary } from "../time/summary.js";
import type { ProgressTracker } from "../progress/tracker.js";
import type { Batch } from "./batch.js";
import { Capability, type CapabilityOwner } from "./capability.js";
import type { NodeContext } from "./context.js";
import { failure, TimeError, type Failure } from "./failure.js";
import type { LogicContext, OperatorLogic } from "./logic.js";
import type { Chaos } from "./scheduling/chaos.js";
import type { Clock, ClockTimer } from "./scheduling/clock.js";
import type { Monitor } from "./monitor.js";
import type { ItemLoop } from "./item-loops.js";
import { directNext, fusedChain, runFused, sequentialNext, type FusedRun, type FusibleNode } from "./fusion.js";
import type { Mode, NodeLocations, NodeSpec, NodeStats } from "./node-spec.js";
import { InPort, OutPort, type Found, type PortOwner } from "./topology/ports.js";
import { Signal } from "./scheduling/signal.js";
import { TimeIntake } from "./drivers/time-intake.js";
import type { Yielder } from "./scheduling/yielder.js";

/** Most events a node handles in one activation of the sequential scheduler. */
const STEPS_PER_ACTIVATION = 4096;

/** The graph-wide services a node relies on. */
export interface Host {
  /** Counts pointstamps and computes frontiers. */
  readonly tracker: ProgressTracker;
  /** The running execution's mode, or undefined before `run()`. */
  readonly mode: Mode | undefined;
  /** True while one scheduler task runs every node (deterministic and step modes). */
  readonly sequential: boolean;
  /** A chaotic run's random decisions (a testing aid; see `chaos.ts`). */
  readonly chaos: Chaos | undefined;
  /** Deterministic mode: an input is handing a batch on directly to per-item operators. */
  readonly directWindow: boolean;
  /** True once the execution stopped or failed. */
  readonly stopped: boolean;
  /** Keeps long runs from starving the event loop. */
  readonly yielder: Yielder;
  /** The run's processing-time clock. */
  readonly clock: Clock;
  /** The attached observer, if any. */
  readonly monitor: Monitor | undefined;
  /** The frontier at `loc`, recomputed first if the graph changed since the last flush. */
  frontierAt(loc: number): Antichain;
  /** A node has new work. */
  poke(node: NodeRuntime): void;
  /** Records a failure; `handled` says whether it went to a connected error port. */
  failed(node: NodeRuntime, f: Failure, handled: boolean): void;
  /** A node finished. */
  finished(node: NodeRuntime): void;
}

/** A batch being handled, and the capability that implies. */
export interface Activation {
  /** Where the batch came from. */
  readonly port: InPort<NodeRuntime>;
  /** The batch's time. */
  readonly time: Time;
  /** The earliest time the node may send at because of it (null: none). */
  readonly capabilityTime: Time | null;
  /** The batch's own event time, when it differs from its time (late items). */
  readonly eventTime?: Time;
  /** The batch came from a logical-time intake: it counts as a capability at `capabilityTime`, not at its port. */
  readonly held?: boolean;
}

/** A send refused because the run has ended (a failure elsewhere, or `stop()`); not a failure of the sender. */
class RunEndedError extends TimeError {}

/** A node at run time. */
export class NodeRuntime implements LogicContext, CapabilityOwner, PortOwner, FusibleNode<NodeRuntime> {
  /** Input ports, in declaration order. */
  readonly inputs: Array<InPort<NodeRuntime>>;
  /** Output ports, in declaration order, `error` last. */
  readonly outputs: Array<OutPort<NodeRuntime>>;
  /** The tracker location of this node's capabilities. */
  readonly capabilityLocation: number;
  /** Capabilities held. */
  readonly caps = new Set<Capability>();
  /** Processing-time timers set and not fired. */
  private readonly timers = new Set<ClockTimer>();
  /** Timers that fired and wait to be handled. */
  private readonly fired: Array<{ readonly tag: unknown; readonly at: number }> = [];
  /** Batches being handled. */
  readonly active: Activation[] = [];
  /** Wakes this node's driver. */
  readonly signal = new Signal();
  /** Counters. */
  readonly stats: NodeStats = { itemsIn: 0, itemsOut: 0, batchesIn: 0, batchesOut: 0, failures: 0, dropped: 0 };
  /** Lifecycle. */
  state: "idle" | "running" | "finished" | "removed" = "idle";
  /** The per-item loop of an operator that has one (map, filter, filterMap, flatMap, inspect). */
  readonly itemLoop: ItemLoop | undefined;
  /** The last fused chain this node started, with its loop. */
  fused: FusedRun<NodeRuntime> | undefined;
  /** The concurrent driver is asleep with nothing queued: a sender may hand it a batch directly. */
  sleeping = false;
  /** True once the node was handed any event (its frontiers may not move back any more). */
  observed = false;
  /** Set by a stream-style driver; tells the scheduler whether the node can take events. */
  parked: (() => boolean) | undefined;
  /** False for per-item operators: they never read a frontier, and frontier events change nothing for them. */
  readonly seesFrontiers: boolean;
  /** The node's place in the sequential scheduler's order (set when the order is computed). */
  rank = 0;
  /** Logical-time mode, several input edges: the per-time stash its inputs go through. */
  intake: TimeIntake | undefined;
  private roundRobin = 0;

  /** Creates node `spec` tracked at `locations`. */
  constructor(readonly host: Host, readonly spec: NodeSpec, locations: NodeLocations) {
    this.inputs = spec.inputs.map((n, i) => new InPort(this, n, i, locations.inputs[i]!));
    this.outputs = [...spec.outputs, "error"].map((n, i) => new OutPort(this, n, i, locations.outputs[i]!));
    this.capabilityLocation = locations.cap;
    const logic = spec.body.type === "logic" ? spec.body.logic : undefined;
    this.itemLoop = logic?.itemLoop;
    this.seesFrontiers = logic === undefined || logic.itemLoop === undefined || logic.onFrontier !== undefined || logic.onTimer !== undefined;
  }

  /** Per-item operators only read a batch's array while they handle it (they emit new arrays). */
  get readsOnly(): boolean {
    return this.itemLoop !== undefined;
  }

  /** The node's name. */
  get name(): string {
    return this.spec.name;
  }

  /** The `error` output port. */
  get error(): OutPort<NodeRuntime> {
    return this.outputs[this.outputs.length - 1]!;
  }

  /** Wakes the node's driver. */
  poke(): void {
    this.signal.notify();
    this.host.poke(this);
  }

  /** True when a timer fired, or some input has a frontier change or a batch waiting (or a stashed time is complete). */
  hasEvent(): boolean {
    if (this.fired.length > 0) return true;
    for (const p of this.inputs) if (p.frontierPending || p.hasData()) return true;
    return this.intake !== undefined && this.intake.ready();
  }

  /**
   * Logical-time mode: gives the node a per-time intake when it reads several input edges (once
   * it has one, it keeps it).
   */
  orderInputs(): void {
    if (this.intake !== undefined || (this.spec.body.type !== "logic" && this.spec.body.type !== "stream")) return;
    let edges = 0;
    for (const p of this.inputs) edges += p.edges.length;
    if (this.inputs.length > 1 || edges > 1) this.intake = new TimeIntake(this);
  }

  /** The frontier of input `p` as this node sees it (logical-time mode holds it back at stashed times). */
  portFrontier(p: InPort<NodeRuntime>): Antichain {
    return this.intake !== undefined ? this.intake.frontier(p) : p.frontier;
  }

  /** Clears `p`'s pending frontier change and returns the frontier to tell the node (undefined: nothing new for it). */
  takeFrontier(p: InPort<NodeRuntime>): Antichain | undefined {
    p.frontierPending = false;
    return this.intake !== undefined ? this.intake.tell(p) : p.frontier;
  }

  /** True when nothing more will ever be handed to the node from `p`. */
  portDone(p: InPort<NodeRuntime>): boolean {
    return p.finished() && (this.intake === undefined || !this.intake.holds(p));
  }

  /** The earliest time the node may send at while handling data at `time` (its summary applied), or null. */
  capabilityTimeFor(time: Time): Time | null {
    const s = this.spec.summary;
    return s === null ? null : applySummary(s, time);
  }

  /** Adds `diff` pointstamps at `time` at tracker location `loc`. */
  countAt(loc: number, time: Time, diff: number): void {
    this.host.tracker.update(loc, time, diff);
  }

  /** The run's processing-time clock. */
  get clock(): Clock {
    return this.host.clock;
  }

  /** Calls the operator's `onTimer` once processing time reaches `at`. */
  setTimer(at: number, tag?: unknown): void {
    const timer = this.host.clock.schedule(at, () => {
      this.timers.delete(timer);
      this.fired.push({ tag, at });
      this.poke();
    });
    this.timers.add(timer);
  }

  /** Calls the operator's `onTimer` soon, at the clock's current time (see `LogicContext.wake`). */
  wake(tag?: unknown): void {
    if (this.state === "finished" || this.state === "removed") return;
    this.fired.push({ tag, at: this.host.clock.now() });
    this.poke();
  }

  /** True when the node may end: no input will yield anything again, and its operator waits on no work outside the run. */
  mayFinish(): boolean {
    if (!this.inputsFinished()) return false;
    const body = this.spec.body;
    return body.type !== "logic" || body.logic.pending?.() !== true || this.host.stopped;
  }

  /** True when no input will ever yield anything again. */
  inputsFinished(): boolean {
    for (const p of this.inputs) if (!this.portDone(p)) return false;
    return true;
  }

  // ---- activations ----------------------------------------------------------------------------

  /** Starts handling `batch` from `port` (`held`: it comes from the logical-time intake). */
  begin(port: InPort<NodeRuntime>, batch: Batch, held = false): Activation {
    this.stats.itemsIn += batch.items.length;
    this.stats.batchesIn++;
    this.host.monitor?.consumed?.(port.id, batch.time, batch.items.length);
    return this.enter(port, batch.time, batch.eventTime, held);
  }

  /** Starts handling something at `time` from `port` (without counting items). */
  /** Starts handling data at `time` from `port` (an activation that keeps the time counted). */
  enter(port: InPort<NodeRuntime>, time: Time, eventTime?: Time, held = false): Activation {
    const capabilityTime = this.capabilityTimeFor(time);
    const act: Activation = eventTime === undefined ? { port, time, capabilityTime } : { port, time, capabilityTime, eventTime };
    if (held) (act as { held?: boolean }).held = true;
    this.active.push(act);
    this.observed = true;
    return act;
  }

  /**
   * Ends an activation: the batch stops counting at its port (unless it was never counted), or,
   * for a batch from the logical-time intake, the capability held for it is released.
   */
  end(act: Activation, counted = true): void {
    const a = this.active;
    const i = a.lastIndexOf(act);
    if (i < 0) return;
    if (i === a.length - 1) a.pop();
    else a.splice(i, 1);
    if (act.held === true) {
      if (act.capabilityTime !== null) this.countCapability(act.capabilityTime, -1);
      this.intake?.handled(act.port, act.time);
    } else if (counted) this.host.tracker.update(act.port.loc, act.time, -1);
  }

  /** Runs the operator on one batch; a throw becomes a failure of that batch. */
  private handle(port: InPort<NodeRuntime>, batch: Batch, held = false): Activation {
    const act = this.begin(port, batch, held);
    try {
      (this.spec.body as { readonly logic: OperatorLogic }).logic.onData(this, port.index, batch.time, batch.items);
    } catch (e) {
      this.fail(batch.time, e);
    }
    return act;
  }

  /**
   * Takes the next batch: in turn over ports, or first in (time, port, arrival) order (`ordered`,
   * when the node reads several edges; one edge's batches come in the order they were sent), or
   * (with a logical-time intake) the next of a complete time; the third element is true for the latter.
   */
  takeData(ordered: boolean, only?: InPort<NodeRuntime>): [InPort<NodeRuntime>, Batch, boolean?] | undefined {
    const intake = this.intake;
    if (intake !== undefined) {
      intake.takeIn();
      const h = intake.next(only);
      return h === undefined ? undefined : [h.port as InPort<NodeRuntime>, h.batch, true];
    }
    if (!ordered || this.singleEdge()) {
      if (only !== undefined) {
        const b = only.takeNext();
        return b === undefined ? undefined : [only, b];
      }
      const ps = this.inputs;
      const n = ps.length;
      const chaos = this.host.chaos;
      if (chaos !== undefined && n > 1) this.roundRobin = chaos.pick(n);
      for (let k = 0; k < n; k++) {
        const i = (this.roundRobin + k) % n;
        const b = ps[i]!.takeNext();
        if (b !== undefined) {
          this.roundRobin = (i + 1) % n;
          return [ps[i]!, b];
        }
      }
      return undefined;
    }
    let best: Found | undefined;
    let bestPort: InPort<NodeRuntime> | undefined;
    for (const p of only !== undefined ? [only] : this.inputs) {
      const f = p.findFirst(undefined);
      if (f !== undefined && (best === undefined || compareTimes(f.batch.time, best.batch.time) < 0)) {
        best = f;
        bestPort = p;
      }
    }
    if (best === undefined) return undefined;
    best.queue.take(best.pos);
    return [bestPort!, best.batch];
  }

  /** True when the node reads one edge: its batches are handed over in the order they were sent (also when several are queued). */
  private singleEdge(): boolean {
    return this.inputs.length === 1 && this.inputs[0]!.edges.length === 1;
  }

  /** Cancels every timer not yet handled. */
  cancelTimers(): void {
    for (const t of this.timers) this.host.clock.cancel(t);
    this.timers.clear();
    this.fired.length = 0;
  }

  /**
   * One step of an operator: a fired timer, else a frontier change, else the next batch. False if
   * idle. With `fuse` (deterministic mode), a batch for a per-item operator runs through the
   * per-item operators after it as one loop when that changes nothing any node sees (see
   * `sequentialNext`).
   */
  step(ordered: boolean, fuse = false): boolean {
    const body = this.spec.body;
    if (body.type !== "logic") return false;
    const timer = this.fired.shift();
    if (timer !== undefined) {
      this.observed = true;
      try {
        body.logic.onTimer?.(this, timer.tag, timer.at);
      } catch (e) {
        this.report(failure(this.name, undefined, undefined, e));
      }
      return true;
    }
    for (const p of this.inputs) {
      if (p.frontierPending) {
        const f = this.takeFrontier(p);
        if (f === undefined) continue;
        this.observed = true;
        this.host.monitor?.noticed?.(p.id, f);
        try {
          body.logic.onFrontier?.(this, p.index, f);
        } catch (e) {
          this.report(failure(this.name, p.name, undefined, e));
        }
        return true;
      }
    }
    const next = this.takeData(ordered);
    if (next === undefined) return false;
    if (fuse && this.itemLoop !== undefined) {
      const chain = fusedChain<NodeRuntime>(this, sequentialNext);
      if (chain.length > 1) {
        runFused(chain, next[0], next[1], true);
        return true;
      }
    }
    this.end(this.handle(next[0], next[1], next[2]));
    return true;
  }

  /** Sequential scheduler: handles this node's events (a bounded number), then ends it if its inputs are done. */
  activate(fuse: boolean): void {
    for (let i = 0; i < STEPS_PER_ACTIVATION && this.step(true, fuse); i++);
    if (this.mayFinish()) this.finish();
  }

  /**
   * True when a batch may be handled right now, inside the sender's call: the node is an operator
   * whose task sleeps with nothing queued or pending, and its outputs have room. Deterministic
   * mode: only while an input hands a batch on at once to a quiescent graph (`Dataflow.handOff`),
   * from the input or a per-item operator (each sends one batch, at the time of the one it got), to
   * an operator reading one edge with nothing queued that comes later in the scheduler's order:
   * the node the scheduler would run next, with exactly that batch, and no frontier changed.
   */
  acceptsDirect(sender?: PortOwner): boolean {
    if (this.host.sequential) {
      const from = sender as NodeRuntime | undefined;
      return this.host.directWindow && this.spec.body.type === "logic" && (from === undefined || from.itemLoop !== undefined || from.spec.kind === "input") && sequentialNext(this, from);
    }
    if (!this.sleeping || this.active.length > 0 || this.spec.body.type !== "logic" || this.intake !== undefined) return false;
    if (this.host.chaos !== undefined && !this.host.chaos.direct()) return false;
    for (const p of this.inputs) if (p.frontierPending || p.hasData()) return false;
    for (const o of this.outputs) if (o.fullQueue() !== undefined) return false;
    return true;
  }

  /**
   * Handles `batch` from `port` inside the sender's call (see `acceptsDirect`). The batch is never
   * counted as a pointstamp: the sender's capability at its time covers everything downstream for
   * as long as this synchronous call lasts. When this node and the ones after it are per-item
   * operators that would each be handed the batch directly too, they run as one loop.
   */
  dispatch(port: InPort<NodeRuntime>, batch: Batch): void {
    const chain = this.itemLoop === undefined ? undefined : fusedChain<NodeRuntime>(this, directNext);
    if (chain !== undefined && chain.length > 1) runFused(chain, port, batch, false);
    else this.end(this.handle(port, batch), false);
  }

  // ---- sending ---------------------------------------------------------------------------------

  /** True when the node holds a capability at or before `time`. */
  canSend(time: Time): boolean {
    for (const a of this.active) if (a.capabilityTime !== null && lessEqual(a.capabilityTime, time)) return true;
    const held = this.host.tracker.pointstamps(this.capabilityLocation);
    return held !== undefined && held.frontier.lessEqual(time);
  }

  /** Sends on output number `output` after checking the capability. */
  emit(output: number, time: Time, items: unknown[], eventTime?: Time): void {
    const port = this.outputs[output];
    if (port === undefined) throw new RangeError(`node "${this.name}" has no output number ${output}`);
    this.sendOn(port, time, items, eventTime);
  }

  /** The event time of the batch being handled, when it differs from its time (late items). */
  get eventTime(): Time | undefined {
    return this.active[this.active.length - 1]?.eventTime;
  }

  /** Sends on `port` after checking the capability. */
  sendOn(port: OutPort<NodeRuntime>, time: Time, items: unknown[], eventTime?: Time): void {
    if (this.state === "removed") throw new TimeError(`node "${this.name}" was removed from the graph and cannot send`);
    if (this.host.stopped) throw new RunEndedError(`node "${this.name}" cannot send: the execution has stopped`);
    if (!this.canSend(time)) throw new TimeError(this.noCapability(port, time));
    port.send(time, items, false, eventTime);
  }

  private noCapability(port: OutPort<NodeRuntime>, time: Time): string {
    const held = [
      ...this.active.filter((a) => a.capabilityTime !== null).map((a) => `handling time ${formatTime(a.time)}`),
      ...[...this.caps].map((c) => `capability at ${formatTime(c.time)}`),
    ];
    const shown = held.length > 10 ? [...held.slice(0, 10), `and ${held.length - 10} more`] : held;
    return `node "${this.name}" cannot send at time ${formatTime(time)} on ${port.id}: it holds no capability at or before ${formatTime(time)} (${held.length > 0 ? shown.join(", ") : "it holds none"}); times never go backwards`;
  }

  // ---- capabilities ----------------------------------------------------------------------------

  /** Keeps a capability at `time` (default: the time being handled). */
  retain(time?: Time): Capability {
    const act = this.active[this.active.length - 1];
    const t = time ?? act?.capabilityTime ?? undefined;
    if (t === undefined) throw new TimeError(`node "${this.name}": retain() needs a time when no batch is being handled`);
    if (!this.canSend(t)) throw new TimeError(`node "${this.name}" cannot retain a capability at ${formatTime(t)}: it holds none at or before it`);
    return this.mint(t);
  }

  /** Counts and records a new capability at `time`. */
  mint(time: Time): Capability {
    this.countCapability(time, 1);
    const cap = new Capability(this, time);
    this.caps.add(cap);
    return cap;
  }

  /** Adds `diff` to the count of capabilities at `time`. */
  countCapability(time: Time, diff: number): void {
    this.host.tracker.update(this.capabilityLocation, time, diff);
    this.host.monitor?.capability(this.name, time, diff);
  }

  /** Forgets a dropped capability. */
  released(cap: Capability): void {
    this.caps.delete(cap);
  }

  /** Drops every capability still held. */
  dropAll(): void {
    for (const c of [...this.caps]) c.drop();
  }

  /** The frontier of input number `port` (as this node sees it). */
  frontier(port: number): Antichain {
    const p = this.inputs[port];
    if (p === undefined) throw new RangeError(`node "${this.name}" has no input number ${port}`);
    return this.portFrontier(p);
  }

  // ---- failures --------------------------------------------------------------------------------

  /** Reports that `item` (or the batch being handled) failed at `time`. */
  fail(time: Time, error: unknown, item?: unknown): void {
    // Once the run has ended, a send that finds it ended only repeats that; the cause is already recorded.
    if (error instanceof RunEndedError && this.host.stopped) return;
    const act = this.active[this.active.length - 1];
    this.report(failure(this.name, act?.port.name, time, error, item, arguments.length >= 3));
  }

  /** Sends a failure to the `error` port, or hands it to the error policy when it cannot go there. */
  report(f: Failure): void {
    this.stats.failures++;
    const ep = this.error;
    const handled = ep.edges.length > 0 && f.time !== undefined && !this.host.stopped && this.canSend(f.time);
    if (handled) ep.send(f.time!, [f]);
    this.host.failed(this, f, handled);
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Ends the node: drops its capabilities and any batch it still holds, and drops later arrivals. */
  finish(state: "finished" | "removed" = "finished"): void {
    if (this.state === "finished" || this.state === "removed") {
      this.state = state;
      return;
    }
    this.state = state;
    this.cancelTimers();
    for (const a of [...this.active]) this.end(a);
    if (this.intake !== undefined) this.stats.dropped += this.intake.drop();
    this.dropAll();
    for (const p of this.inputs) {
      p.discard = true;
      for (const e of p.edges) {
        for (const b of e.queue.drain()) {
          this.stats.dropped += b.items.length;
          this.host.tracker.update(p.loc, b.time, -1);
        }
      }
    }
    this.signal.notify();
    this.host.finished(this);
  }
}
