/**
 * `partition(n, f)`: routes each item to output number `f(item)` (an integer from 0 to n-1), at
 * its own time. `branch` and `exchange` are partitions too. An item whose function throws or
 * returns anything else goes to the `error` port.
 */
import type { OperatorLogic } from "../runtime/logic.js";
import { checkCount, describe } from "./checks.js";

/** Sends each item to output `route(item)` of `n`; `what` names the operator in messages (e.g. `partition(3, f)`). */
export function partitionLogic(n: number, route: (item: unknown) => unknown, what = `partition(${String(n)}, f)`): OperatorLogic {
  checkCount(n, `${what}: the number of outputs`, 1);
  return {
    stateless: true,
    onData(ctx, _port, time, items) {
      const outs: unknown[][] = Array.from({ length: n }, () => []);
      for (const item of items) {
        let i: unknown;
        try {
          i = route(item);
        } catch (e) {
          ctx.fail(time, e, item);
          continue;
        }
        if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= n) {
          ctx.fail(time, new RangeError(`${what}: the function must return an output number from 0 to ${n - 1}, got ${describe(i)}`), item);
          continue;
        }
        outs[i]!.push(item);
      }
      for (let i = 0; i < n; i++) ctx.emit(i, time, outs[i]!, ctx.eventTime);
    },
  };
}
