/**
 * `debounce(ms)`: processing-time debouncing on the run's clock, like RxJS's `debounceTime`: an
 * item is sent only once `ms` milliseconds of processing time pass without a newer item; it goes
 * out at its own logical time (the operator holds a capability there meanwhile). When the input
 * closes, the item still waiting is sent at once.
 */
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
  const send = (ctx: LogicContext): void => {
    const w = state.get<Waiting>("waiting");
    if (w !== undefined && cap !== undefined) ctx.emit(0, cap.time, [w.item]);
    state.delete("waiting");
    cap?.drop();
    cap = undefined;
  };
  return {
    state: state.store,
    onData(ctx, _port, time, items) {
      if (items.length === 0) return;
      cap?.drop();
      cap = ctx.retain(time);
      const seq = (state.get<number>("seq") ?? 0) + 1;
      state.set("seq", seq);
      state.set("waiting", { item: items[items.length - 1], seq });
      ctx.setTimer(ctx.clock.now() + quiet, seq);
    },
    onTimer(ctx, tag) {
      if (state.get<Waiting>("waiting")?.seq === tag) send(ctx);
    },
    onFrontier(ctx, _port, frontier) {
      if (frontier.isEmpty) send(ctx);
    },
  };
}
