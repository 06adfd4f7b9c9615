/**
 * A REPL session: what the terminal app and the piped runner share.
 *
 * It takes input a line at a time (joining lines while an input is unfinished), evaluates code or
 * runs a dot-command, prints results to an `Output`, and keeps what the commands and panels need:
 * the graphs the user has made (the most recent one is current), an observer on the current
 * graph, the watched node, and the lines that succeeded (what `.save` writes).
 */
import * as lib from "streamweave";
import * as internals from "streamweave/internals";
import type { Graph, Observer, Snapshot, Execution, InputHandle, CallRecording } from "streamweave";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Evaluator, isIncomplete, isInterrupted, type SyncGuard } from "./evaluate.js";
import { formatError, formatValue } from "./format.js";
import type { EntryKind, Output } from "./output.js";
import { findCommand, parseCommand } from "./commands/index.js";
import { CommandError, type CommandResult, type SessionContext } from "./commands/types.js";
import { continuesInput, joinContinuations } from "./continuation.js";
import { missingMethodHint } from "./api-help.js";

/** The value at `path` among the session's globals (`["inp"]`, `["exec", "coordinator"]`). */
function globalPath(path: readonly string[]): unknown {
  let v: unknown = globalThis;
  for (const p of path) v = (v as Record<string, unknown>)[p];
  return v;
}

/** How long the REPL waits after each input for the runs to be quiet before it prints (ms). */
const SETTLE_MS = 250;

/** Most items of input calls the session keeps per graph for `.save --inputs`. */
export const RECORDED_ITEMS = 100_000;

/** What an input stopped by Ctrl+C (SIGINT) in the middle of its synchronous part prints. */
export const INTERRUPTED = "Interrupted: the evaluation was stopped";

/** What became of one submitted line. */
export type Outcome = "more" | "ok" | "error" | "exit";

/** How a session is made. */
export interface SessionOptions {
  /** Where output goes. */
  readonly out: Output;
  /** Colors in printed values. */
  readonly colors: boolean;
  /** The width values are broken at (a function: the terminal may be resized). */
  readonly width?: () => number;
  /** Announce what the session notices (a new graph, a run ending): terminal yes, pipes no. */
  readonly announce?: boolean;
  /** Called when `.clear` asks for a clean screen. */
  readonly onClear?: () => void;
  /** Wraps the synchronous part of each evaluation (the terminal leaves raw mode so Ctrl+C can stop it). */
  readonly guard?: SyncGuard;
}

/** A REPL session over the library. */
export class Session implements SessionContext {
  /** Runs already told to be busy after an input (told once each). */
  private readonly busyNoted = new WeakSet<Execution>();
  /** The library, as the REPL's code sees it. */
  readonly lib = lib;
  /** Lines of an unfinished input so far. */
  readonly pending: string[] = [];
  /** Inputs that succeeded, in order: what `.save` writes. */
  readonly lines: string[] = [];
  /** The graphs seen so far, oldest first. */
  readonly graphs: Graph[] = [];
  /** The graph commands and panels work on. */
  current: Graph | undefined;
  /** The node whose state the state panel shows (undefined: the first stateful node). */
  watched: string | undefined;
  /** Set once `.exit` ran. */
  exited = false;
  /** Number of inputs that failed. */
  failures = 0;
  /** Increases with every interrupt (Ctrl+C): long commands such as `.load` stop when it changes. */
  generation = 0;

  private readonly evaluator: Evaluator;
  private readonly builtins: Set<string>;
  private readonly userNames = new Set<string>();
  private readonly runsSeen = new WeakSet<Execution>();
  private readonly recordings = new Map<Graph, CallRecording>();
  private readonly graphListeners = new Set<() => void>();
  private obs: Observer | undefined;
  private cwdRequire = createRequire(join(process.cwd(), "repl.js"));

  /** A session printing to `options.out`, with the whole library in scope. */
  constructor(readonly options: SessionOptions) {
    this.evaluator = new Evaluator((spec) => this.importModule(spec), options.guard);
    const g = globalThis as Record<string, unknown>;
    for (const [name, value] of Object.entries(lib)) if (!(name in g)) g[name] = value;
    if (!("require" in g)) g.require = this.cwdRequire;
    this.builtins = new Set(Object.getOwnPropertyNames(globalThis));
  }

  /** The observer on the current graph (undefined when there is none). */
  get observer(): Observer | undefined {
    return this.obs;
  }

  /** The current picture of the current graph. */
  snapshot(): Snapshot | undefined {
    return this.obs?.snapshot();
  }

  /** Calls `fn` whenever the current graph changes; returns a function that stops it. */
  onGraph(fn: () => void): () => void {
    this.graphListeners.add(fn);
    return () => this.graphListeners.delete(fn);
  }

  /** The names the user has declared (globals that were not there at the start). */
  get names(): string[] {
    for (const n of Object.getOwnPropertyNames(globalThis)) if (!this.builtins.has(n) && !n.startsWith("__sw")) this.userNames.add(n);
    return [...this.userNames];
  }

  /** The names of the library's API. */
  get apiNames(): string[] {
    return Object.keys(lib);
  }

  /** Prints `text` as an entry of `kind`. */
  print(kind: EntryKind, text: string): void {
    this.options.out.write(kind, text);
  }

  /** Prints a note the terminal shows and pipes do not. */
  announce(text: string): void {
    if (this.options.announce) this.print("note", text);
  }

  /** The width to format for. */
  get width(): number {
    return this.options.width?.() ?? 80;
  }

  /**
   * Takes one line. Code that is not finished yet waits for more lines ("more"); a finished input
   * runs ("ok" or "error"); `.exit` gives "exit". A line may hold several lines of text (a recalled
   * multi-line input): they are one input.
   */
  async submit(line: string): Promise<Outcome> {
    if (this.pending.length === 0 && /^\s*\.[a-zA-Z]/.test(line)) {
      if (!continuesInput(line)) return this.command(line.trim());
      this.failures++;
      this.print("error", `${line.trim().slice(0, 30)}… continues the line before it, which has already run: chained calls split over lines work in a paste, a script or .load; typed, put them on one line`);
      return "error";
    }
    this.pending.push(line);
    const code = this.pending.join("\n");
    if (code.trim() === "") {
      this.pending.length = 0;
      return "ok";
    }
    if (isIncomplete(code)) return "more";
    this.pending.length = 0;
    return this.evaluate(code);
  }

  /** Runs the lines of a script in order (lines that continue the one before join it), stopping at the first that fails or an interrupt; `source` names the script in messages. */
  async submitLines(lines: readonly string[], source: string): Promise<CommandResult> {
    this.announce(`loading ${lines.length} line${lines.length === 1 ? "" : "s"} from ${source}`);
    const generation = this.generation;
    for (const { text: line, line: at } of joinContinuations(lines)) {
      if (this.generation !== generation) return "error"; // interrupted
      if (this.options.announce) this.print("input", `${this.pending.length > 0 ? "…" : "›"} ${line.replace(/\n/g, "\n… ")}`);
      const outcome = await this.submit(line);
      if (outcome === "exit") return "exit";
      if (outcome === "error") {
        this.print("error", `.load stopped at line ${at} of ${source}`);
        return "error";
      }
    }
    if (this.pending.length > 0) {
      this.cancelPending();
      this.print("error", `.load: ${source} ends in the middle of an input`);
      return "error";
    }
  }

  /** Forgets an unfinished input. */
  cancelPending(): void {
    this.pending.length = 0;
  }

  /** Evaluates a finished input and prints its value or its error. */
  async evaluate(code: string): Promise<Outcome> {
    try {
      const r = await this.evaluator.evaluate(code);
      for (const n of r.declares) this.userNames.add(n);
      this.lines.push(...code.split("\n"));
      this.noticeGraphs();
      await this.settleRuns();
      if (r.hasValue && !(r.effect && r.value === undefined)) this.print("value", formatValue(r.value, { colors: this.options.colors, width: this.width }));
      return "ok";
    } catch (e) {
      this.failures++;
      this.print("error", isInterrupted(e) ? INTERRUPTED : formatError(e, { colors: this.options.colors, width: this.width }) + missingMethodHint(e, globalPath));
      this.noticeGraphs();
      await this.settleRuns();
      return "error";
    }
  }

  /** Runs a dot-command line (`.name args`). */
  async command(line: string): Promise<Outcome> {
    const { name, args } = parseCommand(line);
    const found = findCommand(name);
    if ("error" in found) {
      this.failures++;
      this.print("error", found.error);
      return "error";
    }
    try {
      const r = await found.command.run(this, args);
      if (r === "exit") {
        this.exited = true;
        return "exit";
      }
      if (r === "error") {
        this.failures++;
        return "error";
      }
      if (found.command.record) this.lines.push(line);
      this.noticeGraphs();
      await this.settleRuns();
      return "ok";
    } catch (e) {
      this.failures++;
      this.print("error", formatError(e, { colors: this.options.colors, width: this.width }));
      return "error";
    }
  }

  /**
   * Waits (at most SETTLE_MS) until the runs of the known graphs are quiet, so that what the next
   * line or command prints is what was sent; says so, once per run, when the bound passes first.
   */
  private async settleRuns(): Promise<void> {
    const runs = this.graphs.map((g) => g.execution).filter((e): e is Execution => e !== undefined);
    for (const e of await internals.settle(runs, SETTLE_MS)) {
      if (this.busyNoted.has(e)) continue;
      this.busyNoted.add(e);
      this.print("note", `graph "${e.name}" is still busy ${SETTLE_MS} ms after the input ran: what is printed may not include everything sent yet (await exec.quiet() waits for it)`);
    }
  }

  /** Looks for graphs among the user's globals; a new one becomes current. */
  noticeGraphs(): void {
    const g = globalThis as Record<string, unknown>;
    let newest: Graph | undefined;
    for (const n of this.names) {
      let v: unknown;
      try {
        v = g[n];
      } catch {
        continue;
      }
      if (v instanceof lib.Graph && !this.graphs.includes(v)) {
        this.adopt(v);
        newest = v;
      }
    }
    if (newest !== undefined) {
      this.use(newest);
      this.announce(`watching graph "${newest.name}" (.graph <name> switches)`);
    }
    this.noticeRun();
  }

  /** Makes `g` the current graph: commands and panels work on it. */
  use(g: Graph): void {
    if (!this.graphs.includes(g)) this.adopt(g);
    if (this.current === g) return;
    this.obs?.close();
    this.current = g;
    this.watched = undefined;
    this.obs = g.observe();
    this.obs.subscribe(() => this.noticeRun());
    this.noticeRun();
    for (const fn of this.graphListeners) fn();
  }

  /** The input calls made on `g` since the session first saw it (what `.save --inputs` writes). */
  recording(g: Graph): CallRecording | undefined {
    return this.recordings.get(g);
  }

  /** Starts knowing `g`: it joins the graphs and its input calls are recorded from now on. */
  private adopt(g: Graph): void {
    this.graphs.push(g);
    this.recordings.set(g, g.recordCalls({ maxItems: RECORDED_ITEMS }));
  }

  /** Reports how each run of a known graph ends (and keeps a failed run from being an unhandled rejection). */
  private noticeRun(): void {
    for (const g of this.graphs) {
      const exec = g.execution;
      if (exec === undefined || this.runsSeen.has(exec)) continue;
      this.runsSeen.add(exec);
      exec.done.then(
        (r) => this.announce(`run of graph "${g.name}" ${r.status}${r.failures.length > 0 ? ` with ${r.failures.length} failures` : ""}`),
        (e: unknown) => this.print("error", `run of graph "${g.name}" failed: ${formatError(e, { colors: false, width: this.width })}`),
      );
    }
  }

  /** The inputs of the current graph. */
  inputs(): InputHandle<unknown>[] {
    return this.current?.inputs ?? [];
  }

  /** The current graph, or an error saying there is none. */
  requireGraph(): Graph {
    if (this.current === undefined) throw new CommandError("no graph yet: make one, e.g. const g = new Graph(\"clicks\")");
    return this.current;
  }

  /** The node the state panel shows: the watched one, or the first stateful node. */
  watchedNode(s: Snapshot | undefined): string | undefined {
    if (s === undefined) return undefined;
    if (this.watched !== undefined && s.nodes.some((n) => n.name === this.watched)) return this.watched;
    return s.nodes.find((n) => n.state !== undefined)?.name;
  }

  /** Node names and `node.port` ids of the current graph (for completion). */
  portNames(): { nodes: string[]; ports: string[] } {
    const s = this.snapshot();
    if (s === undefined) return { nodes: [], ports: [] };
    const ports: string[] = [];
    for (const n of s.nodes) for (const p of [...n.inputs, ...n.outputs]) ports.push(p.id);
    return { nodes: s.nodes.map((n) => n.name), ports };
  }

  /** Stops observing and forgets listeners (at exit). */
  close(): void {
    this.obs?.close();
    this.obs = undefined;
    this.graphListeners.clear();
    for (const r of this.recordings.values()) r.stop();
    this.recordings.clear();
  }

  /** Loads a module for a rewritten `import`: the library itself, a builtin, or a package resolved from the working directory. */
  private async importModule(spec: string): Promise<unknown> {
    if (spec === "streamweave") return lib;
    if (spec === "streamweave/internals") return internals;
    if (spec.startsWith("node:")) return import(spec);
    try {
      return await import(pathToFileURL(this.cwdRequire.resolve(spec)).href);
    } catch {
      return import(spec);
    }
  }
}
