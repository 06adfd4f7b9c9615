/**
 * The sequence of input calls: where `send`, `advanceTo` and `close` go, in the order made.
 *
 * Invariants: at most one batch is being gathered at a time (consecutive sends to one input at one
 * time); any other call seals it first, so calls keep their order. In concurrent and logical-time
 * modes a sealed batch or call applies at once; otherwise (deterministic and step modes, or before
 * `run()`) it waits in a queue that the scheduler applies one call at a time. In deterministic mode
 * items waiting in that queue count against the edge-queue capacity, so senders wait instead of the
 * queue growing without bound; in step mode nothing drains the queue by itself, so senders never
 * wait. Processing-time advances (`exec.advanceClock`) are calls too, so they keep their place.
 */
import type { InputCall, InputDriver, InputHost, OpenBatch, ScriptCall } from "./input-driver.js";
import type { Mode } from "../node-spec.js";
import { Signal } from "../scheduling/signal.js";
import type { Yielder } from "../scheduling/yielder.js";

/** What the call sequence needs from its dataflow. */
export interface CallsOwner {
  /** Where the run is. */
  readonly status: "idle" | "running" | "completed" | "stopped" | "failed";
  /** The run's mode (undefined before `run()`). */
  readonly mode: Mode | undefined;
  /** True while one scheduler task runs every node (deterministic and step modes). */
  readonly sequential: boolean;
  /** True once the run stopped or failed. */
  readonly stopped: boolean;
  /** Why the run failed. */
  readonly error: Error | undefined;
  /** Items an edge queue holds before its sender waits (also the bound of the queue). */
  readonly capacity: number;
  /** Hands the event loop a turn now and then. */
  readonly yielder: Yielder;
  /** While a checkpoint is being taken: resolves once senders may go on (they wait for it). */
  readonly paused: Promise<void> | undefined;
  /** Queued calls are waiting: wake the deterministic scheduler. */
  wake(): void;
  /** True when the deterministic scheduler is idle (not running and not about to). */
  readonly schedulerIdle: boolean;
  /** Deterministic mode: runs `fn` (a batch sent on at once) with direct hand-off allowed. */
  handOff(fn: () => void): void;
  /** True when data from `node` can reach some node over two input edges (see `rejoins`). */
  rejoins(node: InputDriver["node"]): boolean;
}

/** The input calls of one dataflow. */
export class InputCalls implements InputHost {
  /** The batch being gathered. */
  open: OpenBatch | undefined;
  private readonly queue: InputCall[] = [];
  private queuedItems = 0;
  private readonly room = new Signal();
  private sealTimer: ReturnType<typeof setImmediate> | undefined;
  private readonly recorders = new Set<(c: ScriptCall) => void>();
  /** True while someone records the calls made. */
  recording = false;

  /** The calls of `owner`. */
  constructor(private readonly owner: CallsOwner) {}

  /** True when the owner is stopped (inputs then refuse calls). */
  get stopped(): boolean {
    return this.owner.stopped;
  }

  /** True when nothing is gathered or queued. */
  get idle(): boolean {
    return this.open === undefined && this.queue.length === 0;
  }

  /** True when calls apply at once (a concurrent or logical-time run), rather than being queued. */
  get immediate(): boolean {
    return this.owner.status === "running" && !this.owner.sequential;
  }

  /** True when a whole batch from `input` may be sent on at once (see `InputHost.sendsNow`). */
  sendsNow(input: InputDriver): boolean {
    const o = this.owner;
    if (o.status !== "running") return false;
    if (!o.sequential) return true;
    return o.mode === "deterministic" && o.schedulerIdle && this.queue.length === 0 && this.open === undefined && input.node.outputs[0]!.edges.length === 1;
  }

  /** True when each send to `input` must stay a call of its own (see `InputHost.keepsCallsApart`). */
  keepsCallsApart(input: InputDriver): boolean {
    const o = this.owner;
    return o.sequential && o.status === "running" && o.rejoins(input.node);
  }

  /** Runs a send made at once. */
  sendNow(send: () => void): void {
    if (this.owner.sequential) this.owner.handOff(send);
    else send();
  }

  /** Calls `listener` with every input call made from now on; returns a function that stops it. */
  listen(listener: (c: ScriptCall) => void): () => void {
    this.recorders.add(listener);
    this.recording = true;
    return () => {
      this.recorders.delete(listener);
      this.recording = this.recorders.size > 0;
    };
  }

  /** Tells the recorders about a call. */
  record(c: ScriptCall): void {
    for (const r of this.recorders) r(c);
  }

  /** Why inputs refuse calls, or undefined. */
  refusal(): string | undefined {
    switch (this.owner.status) {
      case "stopped": return "the execution was stopped";
      case "failed": return `the execution failed (${this.owner.error?.message.split("\n")[0]})`;
      case "completed": return "the execution has completed";
      default: return undefined;
    }
  }

  /** Seals the open batch: delivered now in concurrent mode, queued otherwise. */
  seal(): void {
    const b = this.open;
    if (b === undefined) return;
    this.open = undefined;
    if (this.immediate) {
      b.input.deliver(b);
    } else {
      this.queue.push({ kind: "data", batch: b });
      this.queuedItems += b.items.length;
      this.owner.wake();
    }
  }

  /** Applies a call now (concurrent) or queues it in call order. */
  call(c: InputCall): void {
    this.seal();
    if (this.immediate) {
      apply(c);
    } else {
      this.queue.push(c);
      this.owner.wake();
    }
  }

  /** Applies every queued call now (when a concurrent run starts). */
  applyAll(): void {
    this.seal();
    for (let c = this.queue.shift(); c !== undefined; c = this.queue.shift()) apply(c);
    this.queuedItems = 0;
  }

  /** Applies the next queued call and returns it; undefined when there is none. */
  applyNext(): InputCall | undefined {
    const c = this.queue.shift();
    if (c === undefined) return undefined;
    if (c.kind === "data") {
      this.queuedItems -= c.batch.items.length;
      if (this.queuedItems < this.owner.capacity) this.room.notify();
    }
    apply(c);
    return c;
  }

  /** Calls queued and not applied yet (a batch being gathered counts as one). */
  get queued(): number {
    return this.queue.length + (this.open !== undefined ? 1 : 0);
  }

  /** Arranges for the open batch to be sealed on the next event-loop turn. */
  sealSoon(): void {
    if (this.owner.status !== "running") return;
    this.sealTimer ??= setImmediate(() => {
      this.sealTimer = undefined;
      this.seal();
    });
  }

  /** Backpressure for inputs: a promise while the input should wait, else undefined. */
  ready(input: InputDriver): Promise<void> | undefined {
    const owner = this.owner;
    if (owner.status !== "running" || owner.mode === "step") return undefined;
    if (owner.paused !== undefined) return owner.paused;
    if (!owner.sequential) {
      if (input.mayBeFull) {
        const out = input.node.outputs[0]!;
        if (out.fullQueue() !== undefined) return out.waitForRoom();
        input.mayBeFull = false;
      }
    } else if (this.queuedItems >= owner.capacity) {
      return this.waitForRoom();
    }
    return owner.yielder.check();
  }

  /** Forgets the gathered batch of a removed input. */
  forget(input: InputDriver): void {
    if (this.open?.input === input) this.open = undefined;
  }

  /** Drops everything and wakes waiting senders (the run ended). */
  clear(): void {
    if (this.sealTimer !== undefined) clearImmediate(this.sealTimer);
    this.sealTimer = undefined;
    this.queue.length = 0;
    this.queuedItems = 0;
    this.open = undefined;
    this.room.notify();
  }

  private async waitForRoom(): Promise<void> {
    while (this.queuedItems >= this.owner.capacity && this.owner.status === "running") await this.room.wait();
  }
}

function apply(c: InputCall): void {
  switch (c.kind) {
    case "data": if (c.batch.input.node.state !== "removed") c.batch.input.deliver(c.batch); break;
    case "advance": c.input.applyAdvance(c.to); break;
    case "close": c.input.applyClose(); break;
    case "clock": c.clock.advance(c.ms); break;
  }
}
