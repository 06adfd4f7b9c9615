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
import { apiHelpText, helpIndex, helpSuggestions, wrap } from "../api-help.js";
import { editDistance } from "streamweave/internals";

export type { Command, CommandResult } from "./types.js";

const help: Command = {
  name: "help",
  usage: ".help [command | name]",
  help: "Lists the commands, or explains one; .help <name> shows the signature and doc of an API name or member (Graph, Stream.window, window).",
  args: () => [...COMMANDS.map((c) => c.name), ...helpIndex().map((e) => e.name)],
  run(s, args) {
    const name = args.trim().replace(/^\./, "");
    const width = Math.max(40, s.width - 2);
    if (name !== "") {
      const found = findCommand(name);
      if (!("error" in found)) {
        s.print("info", `${found.command.usage}\n${wrap(found.command.help, width - 2, "  ").replace(/^/, "  ")}`);
        return;
      }
      const api = apiHelpText(args.trim(), width);
      if (api !== undefined) {
        s.print("info", api);
        return;
      }
      const near = helpSuggestions(args.trim());
      s.print("error", `.help: no command or API name "${args.trim()}"${near.length > 0 ? `; did you mean ${near.join(", ")}?` : ""} (.help lists the commands)`);
      return "error";
    }
    // A usage longer than the column gets a line of its own, its summary under it.
    const col = Math.min(Math.max(...COMMANDS.map((c) => c.usage.length)), 26);
    const pad = " ".repeat(col + 2);
    const lines = COMMANDS.map((c) => {
      const summary = c.help.split("\n")[0]!;
      return c.usage.length <= col ? wrap(`${c.usage.padEnd(col)}  ${summary}`, width, pad) : `${c.usage}\n${wrap(pad + summary, width, pad)}`;
    });
    const intro =
      "Type TypeScript: the whole streamweave API is in scope, bindings persist across lines, top-level await works, " +
      "an unfinished line continues on the next. Keys: Tab completes, Up/Down recall, Ctrl+R searches history, " +
      "Ctrl+C clears the line / stops a running graph / exits, Ctrl+D exits. .help <name> explains an API name (.help Graph).";
    s.print("info", [wrap(intro, width), "", ...lines].join("\n"));
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
    const d = c.name.startsWith(name) || name.startsWith(c.name) ? 1 : editDistance(name, c.name);
    if (d < bestD) [best, bestD] = [c, d];
  }
  const hint = best !== undefined && bestD <= Math.max(2, Math.floor(name.length / 2)) ? ` did you mean .${best.name}?` : "";
  return { error: `unknown command .${name};${hint} (.help lists the commands)` };
}
