/** Commands that start and stop the current graph: `.run`, `.stop`, `.step`. */
import { CommandError, type Command } from "./types.js";

/** `.run [concurrent|deterministic]`: starts the current graph. */
export const runCommand: Command = {
  name: "run",
  usage: ".run [concurrent|deterministic]",
  help: "Starts the current graph (default: its default mode, concurrent unless the graph says otherwise).",
  record: true,
  args: (_s, i) => (i === 0 ? ["concurrent", "deterministic"] : []),
  run(s, args) {
    const g = s.requireGraph();
    if (args !== "" && args !== "concurrent" && args !== "deterministic") throw new CommandError(`.run: unknown mode "${args}"; modes are: concurrent, deterministic`);
    if (g.execution?.status === "running") {
      s.print("error", `graph "${g.name}" is already running (.stop ends it)`);
      return "error";
    }
    const exec = g.run(args === "" ? {} : { mode: args });
    s.noticeGraphs();
    s.print("info", `running graph "${g.name}" (${exec.mode})`);
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

/** `.step`: one deterministic scheduler step — not available until step mode exists. */
export const stepCommand: Command = {
  name: "step",
  usage: ".step",
  help: "Runs one deterministic scheduler step. Step mode does not exist yet in the runtime, so this only says so.",
  run(s) {
    s.print(
      "warn",
      ".step is not available yet: the runtime has no step mode (it is planned). Meanwhile, to go one input call at a time:\n" +
        '  const exec = g.run({ mode: "deterministic" }); then after each send/advanceTo: await exec.quiet()',
    );
  },
};
