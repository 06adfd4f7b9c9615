/**
 * `throttle(ms)`: processing-time rate limiting on the run's clock, like RxJS's `throttleTime`
 * (leading edge): an item passes, at its own logical time, and every item that arrives in the
 * next `ms` milliseconds of processing time is dropped. Which items pass depends on when they
 * arrive, not on their logical times (use a `ManualClock` for exact tests).
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { checkDuration } from "./checks.js";
import { NodeState } from "./node-state.js";

/** Lets one item through per `ms` of processing time. */
export function throttleLogic(ms: number, backend?: KeyedState<unknown>): OperatorLogic {
  const gap = checkDuration(ms, "throttle(ms): ms");
  const state = new NodeState(backend);
  return {
    state: state.store,
    restore: () => state.resume(),
    onData(ctx, _port, time, items) {
      const now = ctx.clock.now();
      const out: unknown[] = [];
      for (const item of items) {
        const until = state.get<number>("until");
        if (until !== undefined && now < until) continue;
        state.set("until", now + gap);
        out.push(item);
      }
      ctx.emit(0, time, out, ctx.eventTime);
    },
  };
}
