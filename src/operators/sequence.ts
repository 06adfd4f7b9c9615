/**
 * Sequence operators (`scan`, `take`, `skip`, `first`, `last`, `buffer`): they look at the whole
 * stream one item at a time in logical-time order, as an Rx user expects.
 *
 * Items are kept per time until the frontier has passed that time; completed times are then
 * handled earliest first, each time's items in arrival order, and whatever a step emits goes out
 * at the time it is handling. A step may `hold` the time it is at (keep a capability
 * there) to emit later, when the input closes (`last`, the rest of a `buffer`), and may `stop`:
 * every pending time is then dropped, and later data is ignored (`take`, `first`). For times that
 * are only partially ordered (products), "in order" means in the order times complete, earliest
 * first among those completing together. All state, the items waiting included, is plain data in
 * the node's keyed state.
 */
import { timeFromPlain, timeToPlain } from "../time/plain-time.js";
import { timeEquals, type Time } from "../time/order.js";
import type { KeyedState } from "../state/keyed-state.js";
import type { Capability } from "../runtime/capability.js";
import type { LogicContext, OperatorLogic } from "../runtime/logic.js";
import { NodeState } from "./node-state.js";
import { collectFold, TimeGroups } from "./time-groups.js";

/** What a sequence step may do while it handles the items of one time. */
export interface SequenceOut {
  /** Emits `item` at the time being handled. */
  emit(item: unknown): void;
  /** Reports that `item` failed (it goes to the `error` port). */
  fail(error: unknown, item: unknown): void;
  /** Keeps the current time to emit at when the input closes (replacing any earlier hold). */
  hold(): void;
  /** Gives up the hold. */
  release(): void;
  /** Ends the operator: nothing more is looked at. */
  stop(): void;
}

/** A sequence operator: a step per completed time, in logical-time order, and what to do when the input closes. */
export interface Sequence {
  /** Handles the items of the next completed time, in arrival order; its state lives in `state`. */
  items(state: NodeState, items: readonly unknown[], out: SequenceOut): void;
  /** The input closed: `emit` sends at the held time (only called while a time is held). */
  close?(state: NodeState, emit: (items: unknown[]) => void): void;
  /** Set when the operator has nothing to do from the start (e.g. `take(0)`). */
  readonly stopped?: boolean;
}

/** Runs `seq` over the stream in logical-time order. */
export function sequenceLogic(seq: Sequence, backend?: KeyedState<unknown>): OperatorLogic {
  const state = new NodeState(backend);
  const pending = new TimeGroups<unknown[][]>(state);
  const collect = collectFold(() => null);
  let held: Capability | undefined;
  let stopped = seq.stopped === true;
  let out: unknown[] = [];
  let cap: Capability | undefined;
  let failed: (error: unknown, item: unknown) => void = () => undefined;
  const release = (): void => {
    held?.drop();
    held = undefined;
  };
  const sink: SequenceOut = {
    emit: (item) => void out.push(item),
    fail: (error, item) => failed(error, item),
    hold: () => {
      if (held !== undefined && timeEquals(held.time, cap!.time)) return;
      release();
      held = cap!.retain();
    },
    release,
    stop: () => void (stopped = true),
  };
  const handle = (ctx: LogicContext, time: Time, items: unknown[]): void => {
    failed = (error, item) => ctx.fail(time, error, item);
    seq.items(state, items, sink);
    const batch = out;
    out = [];
    ctx.emit(0, time, batch);
  };
  return {
    state: state.store,
    onData(ctx, _port, time, items) {
      if (stopped) return;
      pending.fold(ctx, time, items, collect);
    },
    snapshot: () => ({ times: pending.snapshot(), held: held === undefined ? null : timeToPlain(held.time), stopped }),
    restore(ctx, data) {
      const d = data as { times?: unknown; held?: unknown; stopped?: unknown } | null;
      if (d === null || typeof d !== "object" || typeof d.stopped !== "boolean") throw new TypeError(`node "${ctx.name}": a checkpoint of a sequence operator must be { times, held, stopped }, got ${JSON.stringify(data)}`);
      state.resume();
      pending.restore(ctx, d.times);
      held = d.held === null ? undefined : ctx.mint(timeFromPlain(d.held));
      stopped = d.stopped;
    },
    onFrontier(ctx) {
      if (!stopped) {
        pending.ready(ctx, (time, groups, c) => {
          cap = c;
          if (!stopped) handle(ctx, time, groups[0]![1][0]!);
          cap = undefined;
        });
      }
      if (stopped) {
        pending.clear();
        release();
      } else if (held !== undefined && ctx.frontier(0).isEmpty) {
        const at = held.time;
        seq.close?.(state, (items) => ctx.emit(0, at, items));
        release();
      }
    },
  };
}
