/**
 * The runtime side of an input handle: its current time, its capability, and the calls it makes.
 *
 * Invariants:
 * - The input holds a capability at its current time until `close()`; `advanceTo` only moves it
 *   forward, and sending below the current time is refused with both times in the message.
 * - Items are gathered into one open batch per dataflow (consecutive sends to the same input at
 *   the same time) and counted as held at the input until delivered, so frontiers never pass them.
 *   In deterministic and step runs an input whose paths meet again keeps each send a batch (and a
 *   call) of its own, so what nodes receive never depends on when a gathered batch was sealed.
 * - Every call is applied in call order: at once in concurrent and logical-time modes, one call
 *   at a time to quiescence by the scheduler in deterministic and step modes, and at `run()` for
 *   calls made before it. Recorders (see `Graph.recordCalls`) see each call as it is made.
 */
import { checkTime, formatTime, lessEqual, timeEquals, timeKind, type Time } from "../../time/order.js";
import type { Capability } from "../capability.js";
import { InputClosedError, TimeError } from "../failure.js";
import type { NodeRuntime } from "../node.js";

/** A batch being gathered or waiting to be delivered. */
export interface OpenBatch {
  readonly input: InputDriver;
  readonly time: Time;
  items: unknown[];
}

/** An input call waiting for the deterministic scheduler (or for `run()`). */
export type InputCall =
  | { readonly kind: "data"; readonly batch: OpenBatch }
  | { readonly kind: "advance"; readonly input: InputDriver; readonly to: Time }
  | { readonly kind: "close"; readonly input: InputDriver }
  | { readonly kind: "clock"; readonly ms: number; readonly clock: { advance(ms: number): void } };

/**
 * One input call as a script writes it: the unit of a replayable session. `line` is where a
 * parsed script had it (for messages).
 */
export type ScriptCall =
  | { readonly kind: "send"; readonly input: string; readonly time: Time; readonly items: readonly unknown[]; readonly line?: number }
  | { readonly kind: "advance"; readonly input: string; readonly to: Time; readonly line?: number }
  | { readonly kind: "close"; readonly input: string; readonly line?: number }
  | { readonly kind: "clock"; readonly ms: number; readonly line?: number };

/** What an input needs from its dataflow. */
export interface InputHost {
  /** True once the execution stopped or failed. */
  readonly stopped: boolean;
  /** The batch being gathered, if any. */
  open: OpenBatch | undefined;
  /** True when calls apply at once (a concurrent run), rather than being queued. */
  readonly immediate: boolean;
  /**
   * True when a whole batch from `input` may be sent on right now, without being gathered or
   * queued: in concurrent and logical-time runs always; in a deterministic run when the scheduler
   * is idle with nothing queued (the call would be applied next anyway) and the input has one edge.
   */
  sendsNow(input: InputDriver): boolean;
  /** Runs `send` (a batch sent on at once; in deterministic mode with direct hand-off allowed). */
  sendNow(send: () => void): void;
  /** Seals the open batch: delivers it, or queues it for the scheduler. */
  seal(): void;
  /**
   * True when a send to `input` is sealed as a call of its own instead of being gathered with the
   * next: in deterministic and step runs, for an input whose data can meet again at a node over two
   * edges (there, how sends are grouped would change the order that node receives them in).
   */
  keepsCallsApart(input: InputDriver): boolean;
  /** Applies a call now or queues it, by mode. */
  call(c: InputCall): void;
  /** Arranges for the open batch to be sealed soon. */
  sealSoon(): void;
  /** Resolves when the input may send more (backpressure), or undefined when it may at once. */
  ready(input: InputDriver): Promise<void> | undefined;
  /** Why the input cannot take calls any more, or undefined. */
  refusal(): string | undefined;
  /** True while someone records the calls made (see `record`). */
  readonly recording: boolean;
  /** Tells the recorders about a call, as it is made. */
  record(c: ScriptCall): void;
}

const RESOLVED = Promise.resolve();

/** The runtime side of one input handle. */
export class InputDriver {
  /** The current time (calls below it are refused). */
  time: Time;
  /** True after `close()`. */
  closed = false;
  /** Items sent through the input so far (a durable input counts those replayed at a restore too). */
  sent = 0;
  /** The capability at the input's applied time (moves when calls are applied). */
  cap: Capability | undefined;

  /** An input for `node`, starting at `time`, gathering up to `batchSize` items per batch. */
  constructor(readonly node: NodeRuntime, private readonly host: InputHost, time: Time, readonly batchSize = 1024) {
    this.time = time;
    this.cap = node.mint(time);
  }

  /** The input's name. */
  get name(): string {
    return this.node.name;
  }

  /** True when an edge queue behind the input may be full (rechecked before waiting). */
  mayBeFull = false;

  /** Adds items at `time` (default: the current time) without waiting; false when the input should wait. */
  push(items: unknown, time?: Time): boolean {
    this.add(items, time);
    return this.host.ready(this) === undefined;
  }

  /** Adds items and resolves when the input may send more. */
  send(items: unknown, time?: Time): Promise<void> {
    this.add(items, time);
    return this.host.ready(this) ?? RESOLVED;
  }

  /** Resolves when the input may send more (after `push` returned false). */
  ready(): Promise<void> {
    return this.host.ready(this) ?? RESOLVED;
  }

  private add(items: unknown, time: Time | undefined): void {
    this.check("send to");
    const t = time === undefined ? this.time : this.checkSendTime(time);
    const host = this.host;
    this.sent += Array.isArray(items) ? items.length : 1;
    if (host.recording) host.record({ kind: "send", input: this.name, time: t, items: Array.isArray(items) ? items.slice() : [items] });
    if (Array.isArray(items) && items.length >= this.batchSize) {
      host.seal();
      if (host.sendsNow(this)) {
        // A whole batch at once: send it on now. Receivers that keep it get a copy (it is borrowed).
        const out = this.node.outputs[0]!;
        host.sendNow(() => out.send(t, items, true));
        if (out.fullQueue() !== undefined) this.mayBeFull = true;
        return;
      }
    }
    let open = host.open;
    if (open === undefined || open.input !== this || !timeEquals(open.time, t)) {
      if (open !== undefined) host.seal();
      this.node.countCapability(t, 1);
      host.open = open = { input: this, time: t, items: [] };
      host.sealSoon();
    }
    const buf = open.items;
    if (!Array.isArray(items)) buf.push(items);
    else if (buf.length === 0) open.items = items.slice();
    else for (let i = 0; i < items.length; i++) buf.push(items[i]);
    if (open.items.length >= this.batchSize || host.keepsCallsApart(this)) host.seal();
  }

  /** Moves the current time forward to `time`; earlier times can then complete. */
  advanceTo(time: Time): void {
    const t = checkTime(time, `advanceTo(${String(time)}) on input "${this.name}"`);
    this.check("advance");
    this.checkKind(t, "advance to");
    if (!lessEqual(this.time, t)) {
      throw new TimeError(`input "${this.name}": cannot advance to time ${formatTime(t)}, which is before its current time ${formatTime(this.time)}; time only moves forward`);
    }
    if (lessEqual(t, this.time)) return;
    this.time = t;
    if (this.host.recording) this.host.record({ kind: "advance", input: this.name, to: t });
    this.host.call({ kind: "advance", input: this, to: t });
  }

  /** Ends the input: no more data from it; its frontier can become empty. */
  close(): void {
    if (this.closed) return;
    this.check("close");
    this.closed = true;
    if (this.host.recording) this.host.record({ kind: "close", input: this.name });
    this.host.call({ kind: "close", input: this });
  }

  /** Applies an advance (the capability moves). */
  applyAdvance(to: Time): void {
    this.cap?.downgrade(to);
  }

  /** Applies a close (the capability is dropped and the node ends). */
  applyClose(): void {
    this.cap?.drop();
    this.cap = undefined;
    if (this.node.state !== "removed") this.node.finish();
  }

  /** Delivers a sealed batch downstream and releases the hold it had. */
  deliver(b: OpenBatch): void {
    const out = this.node.outputs[0]!;
    out.send(b.time, b.items);
    this.node.countCapability(b.time, -1);
    if (out.fullQueue() !== undefined) this.mayBeFull = true;
  }

  private checkSendTime(time: Time): Time {
    const t = checkTime(time, `the time of a send to input "${this.name}"`);
    this.checkKind(t, "send at");
    if (!lessEqual(this.time, t)) {
      throw new TimeError(`input "${this.name}": cannot send at time ${formatTime(t)}, which is before its current time ${formatTime(this.time)}; advanceTo() only moves forward`);
    }
    return t;
  }

  /** Throws a TimeError naming the input unless `t` is of the kind of time the input has. */
  private checkKind(t: Time, what: string): void {
    const want = timeKind(this.time);
    const got = timeKind(t);
    if (want !== got) throw new TimeError(`input "${this.name}": cannot ${what} time ${formatTime(t)}, which is ${got}; the input's times are each ${want} (it is at ${formatTime(this.time)})`);
  }

  private check(what: string): void {
    if (this.node.state === "removed") throw new TimeError(`cannot ${what} input "${this.name}": it was removed from the graph`);
    if (this.closed) throw new InputClosedError(this.name, what);
    const why = this.host.refusal();
    if (why !== undefined) throw new TimeError(`cannot ${what} input "${this.name}": ${why}`);
  }
}
