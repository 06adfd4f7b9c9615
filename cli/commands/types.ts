/** The shape of a dot-command. */
import type { CallRecording, Graph, InputHandle, Snapshot } from "streamweave";
import type { EntryKind } from "../output.js";

/** What commands use of the session they run in (the session implements it). */
export interface SessionContext {
  /** The options the session was made with that commands read. */
  readonly options: { readonly colors: boolean; readonly onClear?: () => void };
  /** Inputs that succeeded, in order: what `.save` writes. */
  readonly lines: string[];
  /** The graphs seen so far, oldest first. */
  readonly graphs: readonly Graph[];
  /** The graph commands and panels work on. */
  readonly current: Graph | undefined;
  /** The node whose state the state panel shows (undefined: the first stateful node). */
  watched: string | undefined;
  /** Increases with every interrupt: long commands stop when it changes. */
  readonly generation: number;
  /** The width to format for. */
  readonly width: number;
  /** Prints `text` as an entry of `kind`. */
  print(kind: EntryKind, text: string): void;
  /** Prints a note the terminal shows and pipes do not. */
  announce(text: string): void;
  /** Runs the lines of a script in order (joining continued lines), stopping at the first that fails; `source` names it in messages. */
  submitLines(lines: readonly string[], source: string): Promise<CommandResult>;
  /** The current picture of the current graph. */
  snapshot(): Snapshot | undefined;
  /** Looks at the graphs the user's code made since the last look. */
  noticeGraphs(): void;
  /** Makes `g` the current graph. */
  use(g: Graph): void;
  /** The input calls recorded for `g`. */
  recording(g: Graph): CallRecording | undefined;
  /** The inputs of the current graph. */
  inputs(): InputHandle<unknown>[];
  /** The current graph, or a CommandError saying there is none. */
  requireGraph(): Graph;
  /** The node the state panel shows in picture `s`. */
  watchedNode(s: Snapshot | undefined): string | undefined;
  /** Node and port names of the current graph, for completion. */
  portNames(): { nodes: string[]; ports: string[] };
}

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
  args?(s: SessionContext, index: number): string[] | "files";
  /** Runs the command with the text after its name. */
  run(s: SessionContext, args: string): CommandResult | Promise<CommandResult>;
}

/** A command's complaint about its arguments or the session's state: printed as its message alone. */
export class CommandError extends Error {
  override readonly name = "CommandError";
}
