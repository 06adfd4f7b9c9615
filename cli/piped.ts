/**
 * Line mode, without a terminal: input from a pipe or a file runs line by line and prints plain
 * text (no escape codes), so `streamweave < session.sw` is a script runner. Values and command
 * output go to stdout; errors go to stderr as `<source>:<line>: message`. The first failing line
 * ends the run with exit code 1, unless `keepGoing` (then the exit code is 1 if any line failed).
 * At the end of input it waits until every running graph has nothing left to do, so output of
 * work in flight is not lost.
 */
import { createInterface, type Interface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import type { EntryKind, Output } from "./output.js";
import { Session } from "./session.js";
import { continuesInput, isCommandLine } from "./continuation.js";
import type { Demo } from "./demo.js";

/** How line mode runs. */
export interface PipedOptions {
  /** Where lines come from. */
  readonly input: Readable;
  /** Standard output. */
  readonly out: Writable;
  /** Standard error. */
  readonly err: Writable;
  /** The input's name in error messages (`<stdin>` or the file's path). */
  readonly source: string;
  /** Go on after a failing line. */
  readonly keepGoing?: boolean;
  /** Print each input line (prefixed `› `, or `… ` for a continuation) before its output. */
  readonly echo?: boolean;
  /** Starts the demo graph first, with its names in scope. */
  readonly demo?: () => Demo;
}

/** Runs the lines of `o.input`; resolves with the exit code. */
export async function runPiped(o: PipedOptions): Promise<number> {
  let lineNo = 0;
  let inputLine = 1;
  let failed = false;
  const output: Output = {
    write(kind: EntryKind, text: string): void {
      if (kind === "error") {
        failed = true;
        o.err.write(`${o.source}:${inputLine}: ${text}\n`);
      } else o.out.write(`${text}\n`);
    },
  };
  const session = new Session({ out: output, colors: false, width: () => 100, announce: false });
  const demo = o.demo?.();
  if (demo !== undefined) {
    Object.assign(globalThis, { g: demo.g, clicks: demo.clicks, timed: demo.timed, panes: demo.panes, late: demo.late, exec: demo.exec, demo });
    session.noticeGraphs();
  }
  // Code run by a line may fail later (a timer, a promise nobody awaits): report it, never die of it.
  const uncaught = (e: unknown): void => output.write("error", `uncaught: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  process.on("uncaughtException", uncaught);
  process.on("unhandledRejection", uncaught);
  const rl = createInterface({ input: o.input, crlfDelay: Infinity });
  // One line of look-ahead: a line that continues the one before (`  .map(f)`) joins it.
  let held: { text: string; line: number } | undefined;
  let stop = false;
  const run = async (h: { text: string; line: number }): Promise<void> => {
    if (session.pending.length === 0) inputLine = h.line;
    if (o.echo) o.out.write(`${session.pending.length > 0 ? "…" : "›"} ${h.text.replace(/\n/g, "\n… ")}\n`);
    const outcome = await session.submit(h.text);
    if (outcome === "exit" || (outcome === "error" && !o.keepGoing)) stop = true;
  };
  const next = lines(rl);
  for (let line = await next(); line !== undefined; line = await next()) {
    lineNo++;
    if (held !== undefined && continuesInput(line) && !isCommandLine(held.text)) {
      held.text += `\n${line}`;
      continue;
    }
    if (held !== undefined) await run(held);
    held = { text: line, line: lineNo };
    if (stop) break;
  }
  if (held !== undefined && !stop) await run(held);
  rl.close();
  if (session.pending.length > 0 && !(failed && !o.keepGoing)) {
    inputLine = lineNo;
    output.write("error", "the input ends in the middle of an unfinished input");
  }
  demo?.stop();
  for (const g of session.graphs) {
    const exec = g.execution;
    if (exec?.status === "running" && exec.mode !== "step") await exec.quiet(); // a step-mode run moves only by .step
  }
  session.close();
  // A timer that is already due (`setTimeout(() => { throw … })` on the last line) still runs: its
  // error counts as a failure.
  await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setImmediate(resolve));
  process.off("uncaughtException", uncaught);
  process.off("unhandledRejection", uncaught);
  return failed ? 1 : 0;
}

/**
 * The lines of a readline interface, one per call, then undefined. (Not its async iterator, which
 * can miss the end of input while the loop body awaits.)
 */
function lines(rl: Interface): () => Promise<string | undefined> {
  const queue: string[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  rl.on("line", (l) => {
    queue.push(l);
    wake?.();
  });
  rl.on("close", () => {
    ended = true;
    wake?.();
  });
  return async () => {
    while (queue.length === 0 && !ended) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    return queue.shift();
  };
}
