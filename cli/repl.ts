/**
 * The terminal REPL's controller, apart from drawing: raw keys in, through the line editor, to a
 * queue of inputs run one after another by the session (so pasted lines run in order), with
 * Ctrl+C handling (clear the line; cancel a running evaluation; stop a running graph; exit on a
 * second Ctrl+C at an empty prompt), history, and the transcript (output is gathered and written
 * above the live area at most once per event-loop turn).
 */
import chalk from "chalk";
import type { EntryKind, Output } from "./output.js";
import type { Session } from "./session.js";
import { continuesInput, isCommandLine } from "./continuation.js";
import { Editor, type EditorAction, type EditorView } from "./editor.js";
import { History } from "./history.js";
import { parseKeys } from "./keys.js";
import { complete, type CompletionSource } from "./complete.js";
import { COMMANDS } from "./commands/index.js";

/** What the prompt and status line draw. */
export interface ReplState {
  /** The editor's buffer, cursor, search and completion list. */
  readonly editor: EditorView;
  /** An input is being evaluated. */
  readonly busy: boolean;
  /** The session waits for more lines of an unfinished input. */
  readonly continuing: boolean;
  /** A hint for the status line. */
  readonly hint?: string;
}

/** The transcript as an `Output`: entries styled and gathered, then written above the live area. */
export class Transcript implements Output {
  private buffer: string[] = [];
  private scheduled = false;
  private writer: ((text: string) => void) | undefined;
  private readonly recent: string[] = [];

  /** A transcript; colors when `colors`. */
  constructor(private readonly colors: boolean) {}

  /** Where text goes (Ink's `write`, which prints above the live area); output before it is set waits. */
  setWriter(writer: ((text: string) => void) | undefined): void {
    this.writer = writer;
    if (writer !== undefined) this.flush();
  }

  /** Adds an entry. */
  write(kind: EntryKind, text: string): void {
    this.buffer.push(style(kind, text, this.colors));
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  /** Writes what is gathered, then `text` as it is (an escape sequence such as clearing the screen). */
  raw(text: string): void {
    this.flush();
    this.writer?.(text);
  }

  /** Writes what is gathered now. */
  flush(): void {
    this.scheduled = false;
    if (this.writer === undefined || this.buffer.length === 0) return;
    const text = `${this.buffer.join("\n")}\n`;
    this.buffer = [];
    this.writer(text);
    this.recent.push(...text.slice(0, -1).split("\n"));
    if (this.recent.length > 400) this.recent.splice(0, this.recent.length - 200);
  }

  /**
   * Clears the screen and writes the last `rows` lines again (after a resize the terminal may
   * have re-wrapped what was on it, the live area included: this leaves it clean).
   */
  redraw(rows: number): void {
    this.flush();
    const tail = this.recent.slice(-Math.max(0, rows));
    this.writer?.(`\x1b[2J\x1b[H${tail.length > 0 ? `${tail.join("\n")}\n` : ""}`);
  }
}

function style(kind: EntryKind, text: string, colors: boolean): string {
  if (!colors) return text;
  switch (kind) {
    case "input":
      return text.replace(/^([›…]) /gm, (_m, mark: string) => `${chalk.cyan(mark)} `);
    case "error":
      return chalk.red(text);
    case "warn":
      return chalk.yellow(text);
    case "note":
      return chalk.gray(text);
    default:
      return text;
  }
}

/** The controller. */
export class Repl {
  /** The line editor. */
  readonly editor: Editor;
  private readonly queue: string[] = [];
  private unit: string[] = [];
  private busy = false;
  private cancel: (() => void) | undefined;
  private hint: string | undefined;
  private armedExit = false;
  private current: ReplState;
  private readonly listeners = new Set<() => void>();
  private closed = false;

  /**
   * A controller over `session`, recalling from `history`, writing to `transcript`; `exit` ends the
   * program, `clearScreen` clears the terminal.
   */
  constructor(
    readonly session: Session,
    readonly history: History,
    readonly transcript: Transcript,
    private readonly exit: () => void,
    private readonly clearScreen: () => void = () => {},
  ) {
    this.editor = new Editor(history, (text, cursor) => complete(text, cursor, completionSource(session)));
    this.current = this.make();
  }

  /** The latest state (same object until something changes). */
  readonly state = (): ReplState => this.current;

  /** Calls `fn` after every change; returns a function that stops it. */
  readonly subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  /** Time spent handling input (ms) and chunks handled, for the benchmark. */
  readonly metrics = { ms: 0, inputs: 0 };

  /** Handles a chunk of raw terminal input. */
  input(data: string): void {
    if (this.closed) return;
    const t0 = performance.now();
    this.handle(data);
    this.metrics.ms += performance.now() - t0;
    this.metrics.inputs++;
  }

  private handle(data: string): void {
    const keys = parseKeys(data);
    const interruptOnly = keys.length > 0 && keys.every((k) => k.kind === "ctrl" && k.key === "c");
    if (!interruptOnly && keys.length > 0) {
      this.armedExit = false;
      this.hint = undefined;
    }
    for (const a of this.editor.handle(keys)) this.act(a);
    this.changed();
  }

  /** Queues an input line as if typed and submitted (lines queued in one go, as a paste, run in order). */
  submit(text: string): void {
    this.queue.push(text);
    if (this.queue.length === 1 && !this.busy) setImmediate(() => void this.drain());
  }

  /** Stops handling input. */
  close(): void {
    this.closed = true;
    this.listeners.clear();
  }

  private act(a: EditorAction): void {
    switch (a.kind) {
      case "submit":
        this.submit(a.text);
        return;
      case "interrupt":
        this.interrupt();
        return;
      case "eof":
        this.exit();
        return;
      case "clear-screen":
        this.clearScreen();
        return;
    }
  }

  /** Ctrl+C: cancel what runs, else clear the line, else stop the graph, else (twice) exit. */
  interrupt(): void {
    if (this.busy || this.queue.length > 0) {
      this.queue.length = 0;
      this.cancel?.();
      this.session.generation++;
      this.session.cancelPending();
      this.unit = [];
      this.session.print("warn", "interrupted (an awaited promise may still settle later)");
      this.armedExit = false;
      return;
    }
    if (this.editor.view().text !== "" || this.session.pending.length > 0) {
      this.editor.clear();
      this.session.cancelPending();
      this.unit = [];
      this.armedExit = false;
      return;
    }
    const g = this.session.current;
    const exec = g?.execution;
    if (g !== undefined && exec !== undefined && exec.status === "running") {
      exec.stop();
      this.session.print("note", `stopped graph "${g.name}" (Ctrl+C again exits)`);
      this.hint = "Ctrl+C again exits";
      this.armedExit = true;
      return;
    }
    if (this.armedExit) {
      this.exit();
      return;
    }
    this.hint = "Ctrl+C again (or Ctrl+D, or .exit) exits";
    this.armedExit = true;
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.changed();
    try {
      while (this.queue.length > 0 && !this.closed) {
        let line = this.queue.shift()!;
        // a pasted chain: `.map(...)` lines continue the line before them
        while (this.queue.length > 0 && continuesInput(this.queue[0]!) && !isCommandLine(line)) line += `\n${this.queue.shift()!}`;
        this.session.print("input", `${this.session.pending.length > 0 ? "…" : "›"} ${line.replace(/\n/g, "\n… ")}`);
        this.unit.push(line);
        const cancelled = new Promise<"cancelled">((resolve) => (this.cancel = () => resolve("cancelled")));
        const outcome = await Promise.race([this.session.submit(line), cancelled]);
        this.cancel = undefined;
        if (outcome === "cancelled") break;
        if (outcome !== "more") {
          this.history.add(this.unit.join("\n"));
          this.unit = [];
        }
        if (outcome === "exit") {
          this.exit();
          return;
        }
        this.changed();
      }
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  private changed(): void {
    if (this.closed) return;
    this.current = this.make();
    for (const fn of this.listeners) fn();
  }

  private make(): ReplState {
    return {
      editor: this.editor.view(),
      busy: this.busy,
      continuing: this.session.pending.length > 0,
      ...(this.hint !== undefined ? { hint: this.hint } : {}),
    };
  }
}

/** What completion draws from, for a session. */
export function completionSource(s: Session): CompletionSource {
  return {
    globals: () => [...s.names, ...s.apiNames],
    lookup: (path) => {
      let v: unknown = globalThis;
      for (const p of path) {
        if (v === null || v === undefined) return undefined;
        try {
          v = (v as Record<string, unknown>)[p];
        } catch {
          return undefined;
        }
      }
      return v;
    },
    ports: () => s.portNames(),
    commands: () => COMMANDS.map((c) => c.name),
    commandArgs: (name, index) => COMMANDS.find((c) => c.name === name)?.args?.(s, index),
  };
}
