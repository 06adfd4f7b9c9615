/** `concat`: merges several streams; every edge into its one input port is read (fan-in). */
import type { OperatorLogic } from "../runtime/logic.js";

/** Forwards every batch unchanged (late batches keep their event time). */
export function concatLogic(): OperatorLogic {
  return {
    stateless: true,
    onData(ctx, _port, time, items) {
      ctx.emit(0, time, items, ctx.eventTime);
    },
  };
}
