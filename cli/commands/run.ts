/** Commands that start, stop and step the current graph: `.run`, `.stop`, `.step`. */
import { MODES, ManualClock, type Execution, type StepRecord, type StepRun } from "streamweave";
import { CommandError, type Command, type SessionContext } from "./types.js";

/** The option of `.run` that starts the run on a `ManualClock`. */
export const MANUAL_CLOCK = "--manual-clock";

/** The option of `.run` that starts the run with a checkpoint store. */
export const CHECKPOINTS = "--checkpoints";

/** `.run [mode] [--manual-clock] [--checkpoints <file>]`: starts the current graph. */
export const runCommand: Command = {
  name: "run",
  usage: `.run [${MODES.join("|")}] [${MANUAL_CLOCK}] [${CHECKPOINTS} <file>]`,
  help:
    "Starts the current graph (default: its default mode, concurrent unless the graph says otherwise).\n" +
    "concurrent: every node its own task. logical-time: concurrent, but each node takes its inputs in time order.\n" +
    "deterministic: one task, nodes in topological order. step: nothing runs until .step.\n" +
    `${MANUAL_CLOCK} runs it on a ManualClock: processing time moves only by call (exec.advanceClock(ms), or a\n` +
    "clock +<ms> line of an input script played with .load), e.g. .run step --manual-clock.\n" +
    `${CHECKPOINTS} <file> checkpoints the run into the store in <file> (.checkpoint takes one; .restore goes back to one).`,
  record: true,
  args: (_s, i) => (i === 0 ? [...MODES, MANUAL_CLOCK, CHECKPOINTS] : i === 1 ? [MANUAL_CLOCK, CHECKPOINTS] : []),
  run(s, args) {
    const g = s.requireGraph();
    const words = args.split(/\s+/).filter((w) => w !== "");
    const at = words.indexOf(CHECKPOINTS);
    const store = at < 0 ? undefined : words[at + 1];
    if (at >= 0 && (store === undefined || store.startsWith("--"))) throw new CommandError(`.run: ${CHECKPOINTS} needs a store file, e.g. .run ${CHECKPOINTS} job.db`);
    if (at >= 0) words.splice(at, 2);
    const manual = words.includes(MANUAL_CLOCK);
    const rest = words.filter((w) => w !== MANUAL_CLOCK);
    const mode = MODES.find((m) => m === rest[0]);
    if (rest.length > 1 || (rest.length === 1 && mode === undefined)) throw new CommandError(`.run: unknown mode "${rest.join(" ")}"; modes are: ${MODES.join(", ")} (and ${MANUAL_CLOCK})`);
    if (g.execution?.status === "running") {
      s.print("error", `graph "${g.name}" is already running (.stop ends it)`);
      return "error";
    }
    const exec = g.run({ ...(mode === undefined ? {} : { mode }), ...(manual ? { clock: new ManualClock() } : {}), ...(store === undefined ? {} : { checkpoints: { store } }) });
    s.noticeGraphs();
    s.print("info", `running graph "${g.name}" (${exec.mode}${manual ? ", on a manual clock" : ""}${store === undefined ? "" : `, checkpointing into ${store}`})${exec.mode === "step" ? ": nothing runs until .step (.help step)" : ""}`);
  },
};

/** `.stop`: stops the current graph's run. */
export const stopCommand: Command = {
  name: "stop",
  usage: ".stop",
  help: "Stops the current graph's run at once (Ctrl+C at an empty prompt does the same).",
  record: true,
  run(s) {
    const g = s.requireGraph();
    const exec = g.execution;
    if (exec === undefined || exec.status !== "running") {
      s.print("info", `graph "${g.name}" is not running`);
      return;
    }
    exec.stop();
    s.print("info", `stopped graph "${g.name}"`);
  },
};

/** Steps printed in full by one `.step`; the rest are counted. */
const SHOWN_STEPS = 40;

/** `.step [n | all | until <node>]`: steps a step-mode run. */
export const stepCommand: Command = {
  name: "step",
  usage: ".step [n | all | until <node>]",
  help:
    "Steps a run started with .run step: one node activation or one input call per step, printed as what it took, sent,\n" +
    "which capabilities and frontiers moved. .step 5 takes up to 5 steps; .step all steps until nothing is left to do;\n" +
    ".step until count steps until node count has run.",
  record: true,
  args: (s, i) => (i === 0 ? ["all", "until"] : i === 1 ? (s.snapshot()?.nodes.map((n) => n.name) ?? []) : []),
  async run(s, args) {
    const exec = stepping(s);
    const [what = "", ...rest] = args.split(/\s+/).filter((a) => a !== "");
    if (what === "") return show(s, await exec.step());
    if (what === "all") {
      const run = await exec.stepToQuiescence();
      return report(s, run, run.message);
    }
    if (what === "until") {
      const node = rest.join(" ");
      const nodes = s.snapshot()?.nodes.map((n) => n.name) ?? [];
      if (!nodes.includes(node)) throw new CommandError(`.step until: ${node === "" ? "which node?" : `no node "${node}";`} nodes are: ${nodes.join(", ")}`);
      const run = await exec.stepUntil((r) => r.kind === "node" && r.node === node);
      return report(s, run, run.reached ? `${node} ran (${plural(run.steps.length)})` : `${node} did not run: ${ended(run)}`);
    }
    const n = Number(what);
    if (!Number.isSafeInteger(n) || n < 1 || rest.length > 0) throw new CommandError(`.step: expected a number of steps, "all" or "until <node>", got "${args}"`);
    if (n === 1) return show(s, await exec.step());
    let left = n;
    const run = await exec.stepUntil(() => --left === 0, { maxSteps: n });
    if (!run.reached) report(s, run, `${plural(run.steps.length)} of ${n}: ${ended(run)}`);
    else report(s, run);
  },
};

function plural(n: number): string {
  return `${n} step${n === 1 ? "" : "s"}`;
}

/** Why stepping stopped short, in words. */
function ended(run: StepRun): string {
  const last = run.steps[run.steps.length - 1];
  return run.reason === "quiescent" ? "nothing left to do (no node has work and no input call is queued)" : run.reason === "finished" ? `the run ${last?.status ?? "ended"}` : "too many steps";
}

/** The current graph's run, if it is one that steps; otherwise an error saying how to get one. */
function stepping(s: SessionContext): Execution {
  const g = s.requireGraph();
  const exec = g.execution;
  if (exec === undefined) throw new CommandError(`graph "${g.name}" is not running: .run step starts it in step mode`);
  if (exec.status !== "running" && exec.mode !== "step") throw new CommandError(`graph "${g.name}" is not running (its ${exec.mode} run ${exec.status}); a graph runs once: build a new Graph, then .run step`);
  if (exec.mode !== "step") throw new CommandError(`graph "${g.name}" runs in ${exec.mode} mode, which does not step: a graph runs once, so build a new Graph and .run step`);
  return exec;
}

function show(s: SessionContext, r: StepRecord): void {
  s.print("info", r.summary);
}

/** Prints the steps of `run` (the most recent ones when there are many), then `message` if there is one. */
function report(s: SessionContext, run: StepRun, message?: string): void {
  const hidden = run.steps.length - SHOWN_STEPS;
  if (hidden > 0) s.print("info", `… ${hidden} earlier step${hidden === 1 ? "" : "s"} not shown`);
  for (const r of run.steps.slice(Math.max(0, hidden))) show(s, r);
  if (message !== undefined) s.print(run.reached ? "info" : "warn", message);
}
