/** The shape of a dot-command. */
import type { Session } from "../session.js";

/** What a command's run gives back: nothing (it worked), "error" (it printed why it failed), or "exit". */
export type CommandResult = void | "error" | "exit";

/** A dot-command: `.name args`. */
export interface Command {
  /** The name, without the dot. */
  readonly name: string;
  /** How it is called, e.g. `.inject <input> <json> [@time]`. */
  readonly usage: string;
  /** What it does (the first line is the summary `.help` lists). */
  readonly help: string;
  /** True when `.save` should keep the line (it changes the graph or its run). */
  readonly record?: boolean;
  /** Candidates for argument `index` ("files": paths). */
  args?(s: Session, index: number): string[] | "files";
  /** Runs the command with the text after its name. */
  run(s: Session, args: string): CommandResult | Promise<CommandResult>;
}

/** A command's complaint about its arguments or the session's state: printed as its message alone. */
export class CommandError extends Error {
  override readonly name = "CommandError";
}
