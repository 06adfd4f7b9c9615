/**
 * How a run is set up and how it ends: the options of \`run()\`, checked before anything starts,
 * and the result \`done\` resolves with.
 */
import type { ChaosOptions } from "./scheduling/chaos.js";
import type { Clock } from "./scheduling/clock.js";
import { GraphError, type Failure } from "./failure.js";
import { MODES, type Mode } from "./node-spec.js";

/** How a run is started. */
export interface RunOptions {
  /**
   * `concurrent` (default): a task per node. `logical-time`: a task per node, and a node with
   * several input edges takes its inputs in (time, port, edge, arrival) order, each time once its
   * inputs' frontiers have passed it. `deterministic`: one task, a fixed order. `step`: the same
   * order, one activation per `exec.step()`.
   */
  readonly mode?: Mode;
  /** What an unconsumed node failure does: fail the run (default) or be recorded and skipped. */
  readonly onError?: "fail" | "continue";
  /** Processing time: the real clock (default) or a `ManualClock` for exact, repeatable runs. */
  readonly clock?: Clock;
  /**
   * A testing aid for concurrent and logical-time runs: a seed (or `{ seed, ... }`) that makes the
   * scheduler take random decisions — pauses, activation order, direct hand-off on or off, edge-queue
   * capacities, event-loop turns — reproducibly from the seed (see `chaos.ts`). `checkDeterminism`
   * uses it to shake out order-dependent code.
   */
  readonly chaos?: number | ChaosOptions;
}

/** How a run ended. */
export interface RunResult {
  /** `completed`: every input closed and all work done; `stopped`: `stop()` was called. */
  readonly status: "completed" | "stopped";
  /** Failures recorded during the run (most recent, at most 1000). */
  readonly failures: readonly Failure[];
}

/** Where a run is in its life. */
export type RunStatus = "idle" | "running" | "completed" | "stopped" | "failed";

/** The checked options of a run: its mode, its failure policy and its clock (undefined: keep the dataflow's). */
export function checkRunOptions(options: RunOptions): { mode: Mode; onError: "fail" | "continue"; clock: Clock | undefined } {
  const mode = checkMode(options.mode ?? "concurrent");
  const onError = options.onError ?? "fail";
  if (onError !== "fail" && onError !== "continue") throw new GraphError(`unknown onError policy "${String(onError)}"; policies are: fail, continue`);
  if (options.clock !== undefined) {
    const c = options.clock as Partial<Clock>;
    if (typeof c.now !== "function" || typeof c.schedule !== "function" || typeof c.cancel !== "function") {
      throw new GraphError(`run({ clock }) needs a clock with now(), schedule() and cancel() (a RealClock or a ManualClock), got ${String(options.clock)}`);
    }
  }
  return { mode, onError, clock: options.clock };
}

/** `mode` if it is one, else a GraphError listing the modes. */
export function checkMode(mode: unknown): Mode {
  if (!MODES.includes(mode as Mode)) throw new GraphError(`unknown mode "${String(mode)}"; modes are: ${MODES.join(", ")}`);
  return mode as Mode;
}
