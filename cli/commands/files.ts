/** Commands about the session's files and screen: `.save`, `.load`, `.clear`, `.exit`. */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ManualClock, runScript } from "streamweave";
import { CommandError, type Command, type CommandResult, type SessionContext } from "./types.js";
import { MANUAL_CLOCK } from "./run.js";

/** `.save [--inputs] <file>`: writes the session's lines, or the current graph's input calls as a script. */
export const saveCommand: Command = {
  name: "save",
  usage: ".save [--inputs] <file>",
  help:
    "Writes the lines that ran without error (code, and the commands that change graphs) to a file; .load replays it.\n" +
    "--inputs writes instead the input calls made on the current graph (sends, advances, closes, clock moves) as an\n" +
    "input script; .load of that file replays those calls exactly on a graph built the same way.",
  args: () => "files",
  run(s, args) {
    const inputs = /^--inputs(\s+|$)/.test(args);
    const file = inputs ? args.replace(/^--inputs\s*/, "") : args;
    if (file === "") throw new CommandError(`.save: to which file? e.g. .save ${inputs ? "--inputs clicks.script" : "session.sw"}`);
    if (inputs) return saveInputs(s, file);
    writeTo(file, s.lines.length === 0 ? "" : `${s.lines.join("\n")}\n`, ".save");
    s.print("info", `saved ${plural(s.lines.length, "line")} to ${file}`);
  },
};

/** Writes `text` to `file`, or says in words why it cannot (a missing folder, no permission, a folder in the way). */
function writeTo(file: string, text: string, what: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? `the folder ${dirname(resolve(file))} does not exist` : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EISDIR" ? "it is a folder" : (e as Error).message;
    throw new CommandError(`${what}: cannot write ${file}: ${why}`);
  }
}

function saveInputs(s: SessionContext, file: string): CommandResult {
  const g = s.requireGraph();
  const rec = s.recording(g);
  if (rec === undefined) throw new CommandError(`.save --inputs: no input calls were recorded for graph "${g.name}"`);
  if (rec.full !== undefined) throw new CommandError(`.save --inputs: graph "${g.name}" has had too many input items to save as a script (${rec.full}); .save writes the session's lines instead`);
  writeTo(file, rec.text(), ".save --inputs");
  s.print("info", `saved ${plural(rec.calls.length, "input call")} of graph "${g.name}" to ${file} (.load ${file} replays them)`);
}

/** True when every line of `text` is blank, a `#` comment, or an input call: an input script, not session lines. */
export function isInputScript(text: string): boolean {
  let calls = 0;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    if (!/^(send|advance|close|clock)\s/.test(line)) return false;
    calls++;
  }
  return calls > 0 || /^# streamweave input script/.test(text);
}

/** Plays an input script on the current graph (starting it when it is not running). */
async function loadInputs(s: SessionContext, file: string, text: string): Promise<CommandResult> {
  const g = s.requireGraph();
  const exec0 = g.execution;
  if (exec0 !== undefined && exec0.status !== "running") throw new CommandError(`.load ${file}: graph "${g.name}" has already run (its run ${exec0.status}); build a new Graph to replay input calls on`);
  const clockLine = exec0 !== undefined && !(exec0.clock instanceof ManualClock) ? text.split(/\r?\n/).findIndex((l) => /^\s*clock\s/.test(l)) : -1;
  if (clockLine >= 0) {
    throw new CommandError(
      `.load ${file}: script line ${clockLine + 1} moves processing time (${text.split(/\r?\n/)[clockLine]!.trim()}), but graph "${g.name}" runs on a real clock (${String(exec0!.clock)}); ` +
        `a graph runs once: build it again and start it with .run ${MANUAL_CLOCK} (e.g. .run step ${MANUAL_CLOCK}), or .load the script before .run`,
    );
  }
  const started = exec0 === undefined;
  const exec = await runScript(exec0 ?? g, text);
  s.lines.push(`.load ${file}`); // so .save keeps the replay (by reference to the file)
  s.noticeGraphs();
  s.print("info", `replayed the input calls of ${file} on graph "${g.name}"${started ? ` (started it: ${exec.mode}, on a manual clock)` : ""}`);
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

/** `.load <file>`: replays a saved session or an input script. */
export const loadCommand: Command = {
  name: "load",
  usage: ".load <file>",
  help:
    "Runs the lines of a file (one written by .save, or any script) as if typed; stops at the first line that fails.\n" +
    "An input script (written by .save --inputs, or by hand: send <input> @<time> <JSON items>, advance <input> <time>,\n" +
    "close <input>, clock +<ms>) is played on the current graph instead; an error names the script line.",
  args: () => "files",
  async run(s, args) {
    if (args === "") throw new CommandError(".load: which file? e.g. .load session.sw");
    let text: string;
    try {
      text = readFileSync(args, "utf8");
    } catch (e) {
      throw new CommandError(`.load: cannot read ${args}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
    if (isInputScript(text)) return loadInputs(s, args, text);
    const lines = text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
    return s.submitLines(lines, args);
  },
};

/** `.clear`: clears the screen. */
export const clearCommand: Command = {
  name: "clear",
  usage: ".clear",
  help: "Clears the screen (the transcript above the panels). Ctrl+L does the same.",
  run(s) {
    s.options.onClear?.();
  },
};

/** `.exit`: ends the session. */
export const exitCommand: Command = {
  name: "exit",
  usage: ".exit",
  help: "Ends the session (Ctrl+D, or Ctrl+C twice at an empty prompt, too).",
  run: () => "exit",
};
