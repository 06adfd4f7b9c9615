/**
 * Step requests from a view's buttons: `{ action, view }` names a display (its display id) and
 * what to do with the step-mode run it shows — `step` (one node activation or input call),
 * `stepToQuiescence` (until no node has work and no input call is queued, at most
 * {@link BUTTON_MAX_STEPS} steps) or `state` (nothing, just say where the run is). The run steps,
 * the live view's update goes out, and the answer says what happened in one sentence.
 *
 * Every request gets an answer, never an exception: an unknown view, a graph that was never run,
 * a run in another mode, a finished run or a malformed request each get `ok: false` and a message
 * saying what to do instead.
 */
import type * as Lib from "../src/index.js";
import type { CommTarget } from "./comms.js";
import type { ShownValues } from "./shown.js";

/** Most steps one "Step to quiescence" press takes (a cycle that never goes quiet stops there). */
export const BUTTON_MAX_STEPS = 10_000;

/** What a request may ask. */
export const STEP_ACTIONS = ["step", "stepToQuiescence", "state"] as const;

/** The answer to a step request (JSON, sent back as the data of a comm message). */
export interface StepReply {
  /** False when nothing could be done; `error` says why. */
  readonly ok: boolean;
  /** The action asked for (as given). */
  readonly action: string;
  /** The view id asked about (as given). */
  readonly view: string;
  /** What happened, in one sentence (ok replies). */
  readonly message?: string;
  /** Why nothing was done (failed replies). */
  readonly error?: string;
  /** The run's steps so far. */
  readonly steps?: number;
  /** The run's status after the request. */
  readonly status?: string;
  /** The summaries of the steps this request took, in order (at most the last 50). */
  readonly summaries?: readonly string[];
}

/** Answers step requests against the displays of one kernel. */
export class StepControl {
  /**
   * Step requests over `shown` (which display shows which graph or run), recognising `lib`'s
   * values; `settle` sends the views' waiting updates.
   */
  constructor(
    private readonly lib: typeof Lib,
    private readonly shown: ShownValues,
    private readonly settle: () => Promise<void>,
  ) {}

  /** Handles one request; `defaultView` is used when the request names none (the view the comm was opened for). */
  async handle(data: unknown, defaultView?: string): Promise<StepReply> {
    const req = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
    const action = typeof req.action === "string" ? req.action : "";
    const view = typeof req.view === "string" ? req.view : (defaultView ?? "");
    const fail = (error: string): StepReply => ({ ok: false, action, view, error });
    if (!(STEP_ACTIONS as readonly string[]).includes(action)) {
      return fail(`unknown action ${JSON.stringify(req.action ?? null)}: ask for ${STEP_ACTIONS.map((a) => `"${a}"`).join(", ")}`);
    }
    if (view === "") return fail("the request names no view: send { action, view } with the view's display id");
    const found = this.runOf(view);
    if (typeof found === "string") return fail(found);
    const exec = found;
    const name = exec.name;
    if (exec.mode !== "step") return fail(`the run of "${name}" is in ${exec.mode} mode: only a run started with g.run({ mode: "step" }) steps`);
    if (action !== "state" && exec.status !== "running") return fail(`the run of "${name}" has ${exec.status}: nothing left to step`);
    let message: string;
    let summaries: string[] = [];
    try {
      if (action === "step") {
        const r = await exec.step();
        summaries = r.kind === "idle" ? [] : [r.summary];
        message = r.kind === "idle" ? `nothing to do: no node of "${name}" has work and no input call is queued` : r.summary;
      } else if (action === "stepToQuiescence") {
        const run = await exec.stepToQuiescence({ maxSteps: BUTTON_MAX_STEPS });
        summaries = run.steps.slice(-50).map((r) => r.summary);
        message = run.message;
      } else {
        message = `the run of "${name}" has ${exec.status} after ${exec.steps} step${exec.steps === 1 ? "" : "s"}`;
      }
    } catch (e) {
      await this.settle();
      return { ...fail(e instanceof Error ? e.message : String(e)), steps: exec.steps, status: exec.status };
    }
    await this.settle();
    return { ok: true, action, view, message, steps: exec.steps, status: exec.status, summaries };
  }

  /** The run display `view` shows, or why there is none. */
  private runOf(view: string): Lib.Execution | string {
    const shown = this.shown.get(view);
    if (shown.kind === "unknown") return `no view ${JSON.stringify(view)} in this kernel: it was shown before the kernel restarted, or it does not show a graph or run`;
    if (shown.kind === "gone") return `the graph shown in view ${JSON.stringify(view)} no longer exists`;
    const v = shown.value;
    if (v instanceof this.lib.Execution) return v;
    if (v instanceof this.lib.Graph) {
      const exec = v.execution;
      return exec ?? `the graph "${v.name}" has not been run yet: start it with g.run({ mode: "step" })`;
    }
    return `view ${JSON.stringify(view)} does not show a graph or run`;
  }
}

/** The comm target of step requests: a comm opened with `{ view }` steps that view's run unless a message names another. */
export function stepTarget(control: StepControl): CommTarget {
  return {
    message: async (data, comm) => {
      const opened = typeof comm.data === "object" && comm.data !== null ? (comm.data as { view?: unknown }).view : undefined;
      return { ...(await control.handle(data, typeof opened === "string" ? opened : undefined)) };
    },
  };
}
