/** Commands about the session itself: `.save`, `.load`, `.clear`, `.exit`. */
import { readFileSync, writeFileSync } from "node:fs";
import { joinContinuations } from "../continuation.js";
import { CommandError, type Command } from "./types.js";

/** `.save <file>`: writes the session's lines. */
export const saveCommand: Command = {
  name: "save",
  usage: ".save <file>",
  help: "Writes the lines that ran without error (code, and the commands that change graphs) to a file; .load replays it.",
  args: () => "files",
  run(s, args) {
    if (args === "") throw new CommandError(".save: to which file? e.g. .save session.sw");
    writeFileSync(args, s.lines.length === 0 ? "" : `${s.lines.join("\n")}\n`);
    s.print("info", `saved ${s.lines.length} line${s.lines.length === 1 ? "" : "s"} to ${args}`);
  },
};

/** `.load <file>`: replays a saved session. */
export const loadCommand: Command = {
  name: "load",
  usage: ".load <file>",
  help: "Runs the lines of a file (one written by .save, or any script) as if typed; stops at the first line that fails.",
  args: () => "files",
  async run(s, args) {
    if (args === "") throw new CommandError(".load: which file? e.g. .load session.sw");
    let text: string;
    try {
      text = readFileSync(args, "utf8");
    } catch (e) {
      throw new CommandError(`.load: cannot read ${args}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
    }
    const lines = text.replace(/\r\n/g, "\n").replace(/\n$/, "").split("\n");
    s.announce(`loading ${lines.length} line${lines.length === 1 ? "" : "s"} from ${args}`);
    const generation = s.generation;
    for (const { text: line, line: at } of joinContinuations(lines)) {
      if (s.generation !== generation) return "error"; // interrupted
      if (s.options.announce) s.print("input", `${s.pending.length > 0 ? "…" : "›"} ${line.replace(/\n/g, "\n… ")}`);
      const outcome = await s.submit(line);
      if (outcome === "exit") return "exit";
      if (outcome === "error") {
        s.print("error", `.load stopped at line ${at} of ${args}`);
        return "error";
      }
    }
    if (s.pending.length > 0) {
      s.cancelPending();
      s.print("error", `.load: ${args} ends in the middle of an input`);
      return "error";
    }
  },
};

/** `.clear`: clears the screen. */
export const clearCommand: Command = {
  name: "clear",
  usage: ".clear",
  help: "Clears the screen (the transcript above the panes). Ctrl+L does the same.",
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
