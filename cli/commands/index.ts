/**
 * The dot-commands: the table, parsing a command line, finding a command (or suggesting the
 * closest name), and `.help`.
 */
import type { Command } from "./types.js";
import { graphCommand, nodesCommand, frontierCommand, stateCommand, watchCommand } from "./graph.js";
import { injectCommand, advanceCommand, closeCommand } from "./inputs.js";
import { runCommand, stopCommand, stepCommand } from "./run.js";
import { saveCommand, loadCommand, clearCommand, exitCommand } from "./files.js";
import { checkpointCommand, restoreCommand } from "./checkpoints.js";

export type { Command, CommandResult } from "./types.js";

const help: Command = {
  name: "help",
  usage: ".help [command]",
  help: "Lists the commands, or explains one.",
  args: () => COMMANDS.map((c) => c.name),
  run(s, args) {
    const name = args.trim().replace(/^\./, "");
    if (name !== "") {
      const found = findCommand(name);
      if ("error" in found) {
        s.print("error", found.error);
        return "error";
      }
      s.print("info", `${found.command.usage}\n${found.command.help.replace(/^/gm, "  ")}`);
      return;
    }
    const w = Math.max(...COMMANDS.map((c) => c.usage.length));
    const lines = COMMANDS.map((c) => `${c.usage.padEnd(w)}  ${c.help.split("\n")[0]}`);
    s.print(
      "info",
      [
        "Type TypeScript: the whole streamweave API is in scope, bindings persist across lines, top-level await works,",
        "an unfinished line continues on the next. Keys: Tab completes, Up/Down recall, Ctrl+R searches history,",
        "Ctrl+C clears the line / stops a running graph / exits, Ctrl+D exits.",
        "",
        ...lines,
      ].join("\n"),
    );
  },
};

/** Every command, in the order `.help` lists them. */
export const COMMANDS: readonly Command[] = [
  help,
  graphCommand,
  nodesCommand,
  frontierCommand,
  stateCommand,
  watchCommand,
  injectCommand,
  advanceCommand,
  closeCommand,
  runCommand,
  stopCommand,
  stepCommand,
  checkpointCommand,
  restoreCommand,
  saveCommand,
  loadCommand,
  clearCommand,
  exitCommand,
];

/** A command line split into the command's name and the rest. */
export function parseCommand(line: string): { name: string; args: string } {
  const m = /^\s*\.(\S*)\s*([\s\S]*)$/.exec(line);
  return { name: m?.[1] ?? "", args: m?.[2]?.trim() ?? "" };
}

/** The command called `name`, or an error message suggesting the closest name. */
export function findCommand(name: string): { command: Command } | { error: string } {
  const command = COMMANDS.find((c) => c.name === name);
  if (command !== undefined) return { command };
  let best: Command | undefined;
  let bestD = Infinity;
  for (const c of COMMANDS) {
    const d = c.name.startsWith(name) || name.startsWith(c.name) ? 1 : distance(name, c.name);
    if (d < bestD) [best, bestD] = [c, d];
  }
  const hint = best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 2)) ? ` did you mean .${best.name}?` : "";
  return { error: `unknown command .${name};${hint} (.help lists the commands)` };
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}
