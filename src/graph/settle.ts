/**
 * Settling: what the REPL and the kernel do after each line or cell before they print, so that
 * what they show is what was sent. The library's own calls keep their meaning (`await send`
 * resolves once the input took the items, not once every node has handled them).
 */
import { whenQuiet } from "../runtime/scheduling/quiet.js";
import type { Execution } from "./execution.js";

/**
 * Waits until every running execution of `executions` is quiet (step-mode runs excepted: they
 * move only by steps), for at most `ms`; resolves to those still busy when the bound passed.
 */
export async function settle(executions: Iterable<Execution>, ms: number): Promise<Execution[]> {
  const deadline = performance.now() + ms;
  const waiting = [...new Set(executions)].filter((e) => e.status === "running" && e.mode !== "step");
  const quiet = await Promise.all(waiting.map((e) => whenQuiet(e.df, deadline)));
  return waiting.filter((_, i) => !quiet[i]);
}
