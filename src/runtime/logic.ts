/**
 * The synchronous operator interface the built-in operators are written in.
 *
 * An operator is a plain object with `onData` (and optionally `onFrontier`); the runtime calls it
 * one event at a time, in any execution mode, so the same operator runs concurrently, in one
 * deterministic task, or one step at a time.
 */
import type { Antichain } from "../time/antichain.js";
import type { Time } from "../time/order.js";
import type { Capability } from "./capability.js";
import type { ItemLoop } from "./item-loops.js";
import type { Clock } from "./scheduling/clock.js";
import type { KeyedState } from "../state/keyed-state.js";

/** What an operator may do while it handles an event. */
export interface LogicContext {
  /** The node's name. */
  readonly name: string;
  /**
   * Sends `items` at `time` from output number `output`; needs a capability at or before `time`.
   * `eventTime` marks items whose event time is earlier than `time` (late items).
   */
  emit(output: number, time: Time, items: unknown[], eventTime?: Time): void;
  /** The event time of the batch being handled, when it differs from its time (late items). */
  readonly eventTime: Time | undefined;
  /** Keeps a capability at `time` (default: the time being handled) to send later. */
  retain(time?: Time): Capability;
  /** The frontier of input number `port`. */
  frontier(port: number): Antichain;
  /** Reports that `item` (or the batch, when omitted) failed at `time`, and carries on. */
  fail(time: Time, error: unknown, item?: unknown): void;
  /** The run's processing-time clock. */
  readonly clock: Clock;
  /** Calls the operator's `onTimer(ctx, tag, at)` once processing time reaches `at` (ms). */
  setTimer(at: number, tag?: unknown): void;
  /**
   * Calls the operator's `onTimer(ctx, tag, now)` soon, whatever the clock says: for work that
   * finished outside the run (a settled promise). It may be called after the handler returned,
   * on the context it was given; once the node has finished it does nothing.
   */
  wake(tag?: unknown): void;
}

/** What an operator may do while it is restored from a checkpoint, before the run starts. */
export interface RestoreContext extends LogicContext {
  /** Takes back a capability at `time` that the operator held at the checkpoint. */
  mint(time: Time): Capability;
}

/** Items an operator keeps until the frontier passes their time: how many, and the first few with their keys. */
export interface WaitingItems {
  /** How many items wait. */
  readonly count: number;
  /** The first of them, earliest time first: each with its key (undefined for an unkeyed operator) and the time it waits for. */
  readonly first: ReadonlyArray<{ readonly key: unknown; readonly time: Time; readonly item: unknown }>;
}

/** A synchronous operator: handles batches and frontier changes. */
export interface OperatorLogic {
  /** Set by per-item operators: adjacent ones can then run as one loop (see `item-loops.ts`). */
  readonly itemLoop?: ItemLoop;
  /** Set by stateful operators: the keyed state they keep (what views show and checkpoints save). */
  readonly state?: KeyedState<unknown>;
  /** Set by operators that remember nothing between events: a checkpoint has nothing to keep for them. */
  readonly stateless?: boolean;
  /**
   * Checkpoints: what the operator remembers besides `state`, as plain data (the times of its
   * pending work, flags), taken at a quiet point of the run. `state` is saved by the checkpoint.
   */
  snapshot?(): unknown;
  /**
   * Recovery, once, before the run starts: `state` already holds the checkpoint's contents, and
   * `data` is what `snapshot()` returned then. The operator takes back every capability it held
   * (`ctx.mint`), sets its processing-time timers again and rebuilds what it derives from `state`.
   */
  restore?(ctx: RestoreContext, data: unknown): void;
  /**
   * Set by operators that wait on work outside the run (promises): true while some is unfinished,
   * so the node does not end when its inputs do; the operator calls `ctx.wake` once it is done.
   */
  pending?(): boolean;
  /**
   * Set by operators that keep items until the frontier passes their time: how many wait now, and
   * the first `limit` of them with their keys (what views show beside the state).
   */
  waitingItems?(limit: number): WaitingItems;
  /** Handles a batch that arrived at input number `port`. */
  onData(ctx: LogicContext, port: number, time: Time, items: unknown[]): void;
  /** Handles a change of input number `port`'s frontier. */
  onFrontier?(ctx: LogicContext, port: number, frontier: Antichain): void;
  /** Handles a processing-time timer set with `ctx.setTimer(at, tag)`. */
  onTimer?(ctx: LogicContext, tag: unknown, at: number): void;
}
