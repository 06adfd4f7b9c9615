/**
 * Playing a script: its input calls made on a graph, in order, exactly as a session would make them.
 *
 * `runScript(graphOrExecution, script)` starts a graph that is not running yet (in its default mode
 * or `options.mode`, on `options.clock` or a new `ManualClock`), then makes each call: sends (which
 * wait under backpressure, except in step mode, where nothing drains by itself), advances, closes,
 * and processing-time advances (`exec.advanceClock`, applied after everything sent before them has
 * been handled). It resolves with the execution once every call has been made; it does not wait
 * for the run to end (await `exec.done`, or step a step-mode run). Any error names the script line
 * (or, for calls given as objects, `call N`); a script that is neither text nor an array of calls,
 * or a call with a missing or wrong field, is refused before the graph starts.
 */
import { ManualClock, type Clock } from "../runtime/scheduling/clock.js";
import type { InputDriver, ScriptCall } from "../runtime/drivers/input-driver.js";
import type { Mode } from "../runtime/node-spec.js";
import { scriptCalls } from "../script/parse.js";
import { ScriptError } from "../script/syntax.js";
import { Execution } from "./execution.js";
import type { Graph } from "./graph.js";

/** How `runScript` starts and drives a graph. */
export interface RunScriptOptions {
  /** For a graph not running yet: the mode to run it in (default: the graph's). */
  readonly mode?: Mode;
  /** For a graph not running yet: the clock to run it on (default: a new `ManualClock`). */
  readonly clock?: Clock;
}

/** Makes the calls of `script` (text or an array of calls) on `target`; resolves with the execution once all are made. */
export async function runScript(target: Graph | Execution, script: string | readonly ScriptCall[], options: RunScriptOptions = {}): Promise<Execution> {
  if (target === null || typeof target !== "object" || !("df" in target)) throw new ScriptError(`runScript(target, script): target must be a Graph or an Execution, got ${target === null ? "null" : typeof target}`);
  const inputs = new Map<string, InputDriver>();
  for (const d of target.df.inputs.values()) inputs.set(d.name, d);
  const calls = scriptCalls(script, "runScript(target, script)", { inputs: [...inputs.keys()] });
  // only a script that reads well starts the graph
  const exec = target instanceof Execution ? target : (target.execution ?? target.run({ ...(options.mode !== undefined ? { mode: options.mode } : {}), clock: options.clock ?? new ManualClock() }));
  const step = exec.mode === "step";
  for (const [i, c] of calls.entries()) {
    try {
      if (c.kind === "clock") {
        await exec.advanceClock(c.ms);
        continue;
      }
      const input = inputs.get(c.input)!;
      if (c.kind === "send") {
        if (step) input.push(c.items, c.time);
        else await input.send(c.items, c.time);
      } else if (c.kind === "advance") input.advanceTo(c.to);
      else input.close();
    } catch (e) {
      if (e instanceof ScriptError) throw e;
      throw c.line !== undefined ? new ScriptError((e as Error).message, c.line) : new ScriptError(`call ${i + 1}: ${(e as Error).message}`);
    }
  }
  return exec;
}
