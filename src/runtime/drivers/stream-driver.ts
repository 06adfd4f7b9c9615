/**
 * Runs a stream-style node: an async function reading input ports as async iterables.
 *
 * Invariants: a data event keeps counting at its port until the function asks for the next event
 * (or returns), which is the capability to send at the event's time. In concurrent mode each
 * iterator takes whatever is queued; in deterministic and step modes it takes events only while the scheduler
 * has granted the node a turn, in (time, port, arrival) order, and the turn ends once every
 * iterator of the node waits again (the node is parked) or the function has returned. Sends made
 * outside a turn (a node without inputs, or after awaiting something else) wait for the next
 * turn, and a turn allows a bounded number of sends, so what a node sends is interleaved with
 * everything else by the scheduler's order, never by timing. Late items stay late: a send without
 * an explicit `eventTime` at the time of a data event still being handled carries that event's
 * event time (the most recently taken one at that time), decided when `send` is called.
 */
import type { Antichain } from "../../time/antichain.js";
import { checkTime, formatTime, lessEqual, timeEquals, type Time } from "../../time/order.js";
import type { Capability } from "../capability.js";
import type { Clock } from "../scheduling/clock.js";
import type { DataEvent, FrontierEvent, InputEvent, NodeContext, OutputHandle, SendOptions } from "../context.js";
import { failure, GraphError, TimeError } from "../failure.js";
import type { Activation, NodeRuntime } from "../node.js";
import type { InPort, OutPort } from "../topology/ports.js";
import { Signal } from "../scheduling/signal.js";

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
const RESOLVED = Promise.resolve();
const SENDS_PER_TURN = 64;

/** Drives one stream-style node. */
export class StreamDriver {
  /** Iterators started and not finished. */
  private live = 0;
  /** Iterators waiting for an event, and sends waiting for a turn. */
  private waiting = 0;
  /** Sends left in the current turn (deterministic mode). */
  private budget = 0;
  /** Deterministic mode: a send is waiting for a turn. */
  wantsTurn = false;
  /** Activations whose iterator was left (break or throw), ended when the node reads again or returns. */
  private lingering: Activation[] = [];
  /** The most recent activation, for failure reports. */
  last: Activation | undefined;
  /** Deterministic mode: the scheduler lets the node take events. */
  granted = false;
  /** The function has returned or thrown. */
  settled = false;
  private readonly grant = new Signal(false);
  /** Notified whenever the node parks or settles (the scheduler waits for it during a turn). */
  readonly idle = new Signal(false);

  /** A driver for `node` running `fn`. */
  constructor(readonly node: NodeRuntime, private readonly fn: (ctx: NodeContext) => unknown) {
    node.parked = () => this.settled || (this.waiting > 0 && this.waiting >= this.live);
  }

  /** Starts the function. */
  start(): void {
    const node = this.node;
    node.state = "running";
    const ctx = new StreamContext(this);
    Promise.resolve()
      .then(() => this.fn(ctx))
      .then(
        () => this.settle(),
        (e: unknown) => {
          if (node.state === "running") {
            const at = this.last;
            node.report(failure(node.name, at?.port.name, at?.time, e));
          }
          this.settle();
        },
      );
  }

  /** Deterministic mode: lets waiting iterators take events. */
  open(): void {
    this.granted = true;
    this.wantsTurn = false;
    this.budget = SENDS_PER_TURN;
    this.grant.notify();
  }

  /** Deterministic mode: resolves when the node may send (waiting for a turn if needed). */
  async sendTurn(): Promise<void> {
    while (!this.granted || this.budget <= 0) {
      if (this.node.host.stopped) return;
      this.wantsTurn = true;
      await this.park();
    }
    this.budget--;
  }

  private async park(): Promise<void> {
    this.waiting++;
    if (this.waiting >= this.live) {
      this.idle.notify();
      this.node.host.poke(this.node);
    }
    await this.grant.wait();
    this.waiting--;
  }

  /** Deterministic mode: ends the turn. */
  close(): void {
    this.granted = false;
  }

  /** Wakes every waiting iterator (after a stop). */
  wakeAll(): void {
    this.grant.notify();
    this.node.signal.notify();
    for (const p of this.node.inputs) p.signal.notify();
  }

  private settle(): void {
    this.settled = true;
    this.lingering = [];
    if (this.node.state === "running") this.node.finish();
    this.idle.notify();
  }

  /** Ends activations left behind by a previous iterator. */
  releaseLingering(): void {
    if (this.lingering.length === 0) return;
    for (const a of this.lingering) this.node.end(a);
    this.lingering = [];
  }

  /** Keeps an activation until the node reads again or returns. */
  linger(a: Activation): void {
    this.lingering.push(a);
  }

  /** Waits for something to take (concurrent) or for the next turn (deterministic). */
  async wait(port: InPort<NodeRuntime> | undefined): Promise<void> {
    const node = this.node;
    if (node.host.sequential) return this.park();
    // With a logical-time intake, a port's data is released by changes at any port: wait for the node.
    await (port !== undefined && node.intake === undefined ? port.signal.wait() : node.signal.wait());
    const p = node.host.chaos?.pause();
    if (p !== undefined) await p;
  }

  /** True when an iterator may take an event now. */
  mayTake(): boolean {
    return !this.node.host.sequential || this.granted;
  }

  /** Counts a started iterator. */
  started(): void {
    this.live++;
  }

  /** Counts a finished iterator. */
  ended(): void {
    this.live--;
    if (this.node.host.sequential && this.waiting > 0 && this.waiting >= this.live) this.idle.notify();
  }
}

/** The iterator behind `ctx.input(port)` and `ctx.events()`. */
class EventIterator implements AsyncIterableIterator<InputEvent> {
  private cur: Activation | undefined;
  private state: "new" | "live" | "ended" = "new";

  constructor(private readonly drv: StreamDriver, private readonly port: InPort<NodeRuntime> | undefined) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<InputEvent>> {
    const drv = this.drv;
    const node = drv.node;
    if (this.cur !== undefined) {
      node.end(this.cur);
      this.cur = undefined;
    }
    drv.releaseLingering();
    if (this.state === "new") {
      this.state = "live";
      drv.started();
    }
    for (;;) {
      if (this.state === "ended") return DONE;
      if (node.host.stopped || node.state !== "running") return this.finish();
      if (drv.mayTake()) {
        const ev = this.take();
        if (ev !== undefined) return { done: false, value: ev };
        if (this.scope().every((p) => node.portDone(p))) return this.finish();
        if (!node.host.sequential) {
          const y = node.host.yielder.check();
          if (y !== undefined) {
            await y;
            continue;
          }
        }
      }
      await drv.wait(this.port);
    }
  }

  async return(): Promise<IteratorResult<InputEvent>> {
    if (this.cur !== undefined) {
      this.drv.linger(this.cur);
      this.cur = undefined;
    }
    return this.finish();
  }

  private finish(): IteratorResult<InputEvent> {
    if (this.state === "live") this.drv.ended();
    this.state = "ended";
    return DONE;
  }

  private scope(): readonly InPort<NodeRuntime>[] {
    return this.port !== undefined ? [this.port] : this.drv.node.inputs;
  }

  private take(): InputEvent | undefined {
    const node = this.drv.node;
    for (const p of this.scope()) {
      if (p.frontierPending) {
        const frontier = node.takeFrontier(p);
        if (frontier === undefined) continue;
        node.observed = true;
        const ev: FrontierEvent = { kind: "frontier", port: p.name, frontier };
        node.host.monitor?.noticed?.(p.id, ev.frontier);
        return ev;
      }
    }
    const next = node.takeData(node.host.sequential, this.port);
    if (next === undefined) return undefined;
    const [port, batch, held] = next;
    const act = node.begin(port, batch, held === true);
    this.cur = act;
    this.drv.last = act;
    const ev: DataEvent = {
      kind: "data",
      port: port.name,
      time: batch.time,
      items: batch.items,
      retain: (time?: Time): Capability => node.retain(time ?? act.capabilityTime ?? undefined),
    };
    if (batch.eventTime !== undefined) (ev as { eventTime?: Time }).eventTime = batch.eventTime;
    return ev;
  }
}

/** The `ctx` a stream-style node function receives. */
class StreamContext implements NodeContext {
  private readonly handles = new Map<string, OutputHandle>();

  constructor(private readonly drv: StreamDriver) {}

  get name(): string {
    return this.drv.node.name;
  }

  get capability(): Capability | undefined {
    const node = this.drv.node;
    return node.inputs.length === 0 ? node.caps.values().next().value : undefined;
  }

  get clock(): Clock {
    return this.drv.node.host.clock;
  }

  input<T = unknown>(port: string): AsyncIterable<InputEvent<T>> {
    return new EventIterator(this.drv, this.inPort(port)) as AsyncIterable<InputEvent<T>>;
  }

  events<T = unknown>(): AsyncIterable<InputEvent<T>> {
    return new EventIterator(this.drv, undefined) as AsyncIterable<InputEvent<T>>;
  }

  output<T = unknown>(port: string): OutputHandle<T> {
    let h = this.handles.get(port);
    if (h === undefined) {
      const node = this.drv.node;
      const out = node.outputs.find((p) => p.name === port);
      if (out === undefined) {
        throw new GraphError(`node "${node.name}" has no output port "${port}"; its outputs are: ${node.outputs.map((p) => p.name).join(", ")}`);
      }
      this.handles.set(port, (h = new Output(out, this.drv)));
    }
    return h as OutputHandle<T>;
  }

  frontier(port: string): Antichain {
    return this.drv.node.portFrontier(this.inPort(port));
  }

  private inPort(port: string): InPort<NodeRuntime> {
    const node = this.drv.node;
    const p = node.inputs.find((q) => q.name === port);
    if (p === undefined) {
      const list = node.inputs.length > 0 ? node.inputs.map((q) => q.name).join(", ") : "(none)";
      throw new GraphError(`node "${node.name}" has no input port "${port}"; its inputs are: ${list}`);
    }
    return p;
  }
}

/**
 * The event time items sent at `time` inherit: that of the most recently taken data event at
 * `time` that `node` is still handling (undefined when it is on time, or there is none).
 */
function inherited(node: NodeRuntime, time: Time): Time | undefined {
  const active = node.active;
  for (let i = active.length - 1; i >= 0; i--) {
    const a = active[i]!;
    if (timeEquals(a.time, time)) return a.eventTime;
  }
  return undefined;
}

/** An output handle of a stream-style node. */
class Output implements OutputHandle {
  constructor(private readonly port: OutPort<NodeRuntime>, private readonly drv: StreamDriver) {}

  get name(): string {
    return this.port.id;
  }

  /** An explicit event time for items sent at `time`: checked, and undefined when on time. */
  private explicit(time: Time, eventTime: Time | undefined): Time | undefined {
    if (eventTime === undefined) return undefined;
    checkTime(eventTime, `${this.port.id}: send(time, items, { eventTime })`);
    if (timeEquals(eventTime, time)) return undefined;
    if (!lessEqual(eventTime, time)) {
      throw new TimeError(`node "${this.port.node.name}" cannot send at time ${formatTime(time)} on ${this.port.id} with event time ${formatTime(eventTime)}: an item's event time is never later than the time it travels at`);
    }
    return eventTime;
  }

  send(time: Time, items: unknown, options?: SendOptions): Promise<void> {
    const port = this.port;
    const node = port.node;
    const batch = Array.isArray(items) ? items : [items];
    const host = node.host;
    // Decided at the call (not after waiting for a turn), while the event being handled is current.
    const eventTime = options !== undefined && "eventTime" in options ? this.explicit(time, options.eventTime) : inherited(node, time);
    if (host.sequential) {
      if (!node.canSend(time)) node.sendOn(port, time, batch, eventTime);
      return this.drv.sendTurn().then(() => node.sendOn(port, time, batch, eventTime));
    }
    node.sendOn(port, time, batch, eventTime);
    if (host.mode === undefined) return RESOLVED;
    if (port.fullQueue() === undefined) return host.yielder.check() ?? RESOLVED;
    return port.waitForRoom();
  }
}

