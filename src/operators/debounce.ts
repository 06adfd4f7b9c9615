/**
 * `debounce(ms)`: processing-time debouncing on the run's clock, like RxJS's `debounceTime`: an
 * item is sent only once `ms` milliseconds of processing time pass without a newer item; it goes
 * out at its own logical time (the operator holds a capability there meanwhile). When the input
 * closes, the item still waiting is sent at once.
 */
import { timeFromPlain, timeToPlain } from "../time/plain-time.js";
import type { KeyedState } from "../state/keyed-state.js";
import type { Capability } from "../runtime/capability.js";
import type { LogicContext, OperatorLogic } from "../runtime/logic.js";
import { checkDuration } from "./checks.js";
import { NodeState } from "./node-state.js";

interface Waiting {
  readonly item: unknown;
  /** Which arrival this is: only the timer set for the latest one sends. */
  readonly seq: number;
}

/** Sends an item once `ms` pass without a newer one. */
export function debounceLogic(ms: number, backend?: KeyedState<unknown>): OperatorLogic {
  const quiet = checkDuration(ms, "debounce(ms): ms");
  const state = new NodeState(backend);
  let cap: Capability | undefined;
  /** When the timer of the item waiting fires. */
  let deadline = 0;
  const send = (ctx: LogicContext): void => {
    const w = state.get<Waiting>("waiting");
    if (w !== undefined && cap !== undefined) ctx.emit(0, cap.time, [w.item]);
    state.delete("waiting");
    cap?.drop();
    cap = undefined;
  };
  return {
    state: state.store,
    snapshot: () => (cap === undefined ? null : { time: timeToPlain(cap.time), at: state.get<Waiting>("waiting") === undefined ? null : deadline }),
    restore(ctx, data) {
      state.resume();
      const d = data as { time: unknown; at: number | null } | null;
      if (d === null) return;
      cap = ctx.mint(timeFromPlain(d.time));
      const w = state.get<Waiting>("waiting");
      if (w !== undefined && d.at !== null) {
        deadline = d.at;
        ctx.setTimer(d.at, w.seq);
      }
    },
    onData(ctx, _port, time, items) {
      if (items.length === 0) return;
      cap?.drop();
      cap = ctx.retain(time);
      const seq = (state.get<number>("seq") ?? 0) + 1;
      state.set("seq", seq);
      state.set("waiting", { item: items[items.length - 1], seq });
      deadline = ctx.clock.now() + quiet;
      ctx.setTimer(deadline, seq);
    },
    onTimer(ctx, tag) {
      if (state.get<Waiting>("waiting")?.seq === tag) send(ctx);
    },
    onFrontier(ctx, _port, frontier) {
      if (frontier.isEmpty) send(ctx);
    },
  };
}
