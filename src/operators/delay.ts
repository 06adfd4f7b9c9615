/**
 * `delay(summary)`: re-stamps every batch from time `t` to `summary(t)` (`delay(5)`: `t + 5`;
 * product summaries apply component-wise). The node's path summary is `summary`, so the frontier
 * after it is shifted the same way and it can close a loop. A time that cannot travel the summary
 * (it would overflow) is a failure of that batch.
 */
import { formatTime, type Time } from "../time/order.js";
import { applySummary, formatSummary, type Summary } from "../time/summary.js";
import type { OperatorLogic } from "../runtime/logic.js";

/** Sends each batch at `summary(time)`; `example`, a time of the graph, checks that the summary fits its kind of time. */
export function delayLogic(summary: Summary, example?: Time): OperatorLogic {
  if (example !== undefined) {
    try {
      applySummary(summary, example);
    } catch (e) {
      throw new TypeError(`delay(${formatSummary(summary)}): the summary does not fit this graph's times, such as ${formatTime(example)} (${(e as Error).message}); use a ProductSummary for product times`);
    }
  }
  return {
    stateless: true,
    onData(ctx, _port, time, items) {
      const to = applySummary(summary, time);
      if (to === null) throw new RangeError(`delay(${formatSummary(summary)}): time ${formatTime(time)} cannot be delayed (the result overflows)`);
      ctx.emit(0, to, items, ctx.eventTime);
    },
  };
}
