/**
 * How the REPL prints values and errors: `util.inspect` (so the library's custom inspection
 * applies), with colors only on a terminal, and a cap on size so a huge value cannot flood the
 * screen (the rest is cut, with a note saying how much).
 */
import { inspect } from "node:util";
import { InputSyntaxError } from "./evaluate.js";

/** How to print. */
export interface FormatOptions {
  /** ANSI colors (terminal) or plain text (pipes and files). */
  readonly colors: boolean;
  /** The width lines are broken at. */
  readonly width: number;
  /** Most lines printed for one value (default 200). */
  readonly maxLines?: number;
  /** Most characters printed for one value (default 16,000). */
  readonly maxChars?: number;
}

/** A value as the REPL prints it. */
export function formatValue(value: unknown, o: FormatOptions): string {
  const text = withoutReplFrames(inspect(value, { colors: o.colors, depth: 2, breakLength: Math.max(20, o.width), showProxy: true }));
  return truncate(text, o.maxLines ?? 200, o.maxChars ?? 16_000, o.colors);
}

/** Stack frames of the REPL itself and of Node's internals (how an input was run), which say nothing about the user's code. */
const REPL_FRAME = /^\s*(?:\[[0-9;]*m)?\s*at .*(?:node:vm|node:internal\/|[/\\]cli-chunks[/\\]|[/\\]dist[/\\]cli\.mjs|[/\\]cli[/\\][\w-]+\.tsx?:)/;

/** `text` (an inspected value, an error's stack) without the REPL's own stack frames. */
export function withoutReplFrames(text: string): string {
  if (!text.includes(" at ")) return text;
  return text
    .split("\n")
    .filter((line) => !REPL_FRAME.test(line))
    .join("\n");
}

/** Cuts `text` to `maxLines` lines and `maxChars` characters, adding a note that says how much was left out. */
export function truncate(text: string, maxLines: number, maxChars: number, colors = false): string {
  const lines = text.split("\n");
  let kept = lines.length > maxLines ? lines.slice(0, maxLines) : lines;
  let out = kept.join("\n");
  if (out.length > maxChars) {
    out = out.slice(0, maxChars);
    kept = out.split("\n");
  }
  if (out.length === text.length) return text;
  const moreLines = lines.length - kept.length;
  const moreChars = text.length - out.length;
  const note = `… output truncated: ${moreLines > 0 ? `${moreLines.toLocaleString("en-US")} more lines, ` : ""}${moreChars.toLocaleString("en-US")} more characters (print a part of it, e.g. x.slice(0, 10))`;
  return `${out}${colors ? "\x1b[0m" : ""}\n${note}`;
}

/** An error (or any thrown value) as the REPL prints it: its name and message, and for a syntax error where it is. */
export function formatError(e: unknown, o: FormatOptions): string {
  if (e instanceof InputSyntaxError) {
    const where = `line ${e.line}, column ${e.column}`;
    const pointer = e.lineText !== "" ? `\n  ${e.lineText}\n  ${" ".repeat(Math.max(0, e.column - 1))}^` : "";
    return `SyntaxError: ${e.message} (${where})${pointer}`;
  }
  if (isErrorLike(e)) {
    if (e.name === "CommandError") return e.message;
    const name = e.name || "Error";
    return truncate(`${name}: ${e.message}`, o.maxLines ?? 200, o.maxChars ?? 16_000);
  }
  return `Uncaught ${formatValue(e, { ...o, colors: false })}`;
}

function isErrorLike(e: unknown): e is { name: string; message: string } {
  return typeof e === "object" && e !== null && typeof (e as { message?: unknown }).message === "string" && typeof (e as { name?: unknown }).name === "string";
}

/** An integer with thousands separators: `12,345`. */
export function count(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A number in at most ~6 characters: `950`, `12.3k`, `4.56M`. */
export function compact(n: number): string {
  const a = Math.abs(n);
  if (a < 10_000) return String(Math.round(n));
  if (a < 1e6) return `${(n / 1e3).toFixed(a < 1e5 ? 1 : 0)}k`;
  if (a < 1e9) return `${(n / 1e6).toFixed(a < 1e7 ? 2 : a < 1e8 ? 1 : 0)}M`;
  return `${(n / 1e9).toFixed(2)}G`;
}

/** A formatter for numbers up to `max` in one style (`9.5k` and `17.4k`, not `9470` and `17.4k`), for a chart's axis. */
export function scaled(max: number): (n: number) => string {
  const a = Math.abs(max);
  if (a < 10_000) return (n) => String(Math.round(n));
  if (a < 1e7) return (n) => (n === 0 ? "0" : `${(n / 1e3).toFixed(a < 1e5 ? 1 : 0)}k`);
  return (n) => (n === 0 ? "0" : `${(n / 1e6).toFixed(a < 1e8 ? 1 : 0)}M`);
}

/**
 * A short form of a value in keyed state. Window records (`{ start, end, acc }`) print as
 * `[0, 5000) 3`; anything else as a one-line `inspect`.
 */
export function stateValue(v: unknown, maxLength = 60): string {
  let text: string;
  const windows = Array.isArray(v) && v.length > 0 && v.every(isWindowRecord);
  if (windows) text = (v as WindowRecord[]).map((w) => `[${w.start}, ${w.end}) ${short(w.acc)}`).join("; ");
  else if (isWindowRecord(v)) text = `[${v.start}, ${v.end}) ${short(v.acc)}`;
  else text = short(v);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

interface WindowRecord {
  readonly start: number;
  readonly end: number;
  readonly acc?: unknown;
}

function isWindowRecord(v: unknown): v is WindowRecord {
  return typeof v === "object" && v !== null && typeof (v as WindowRecord).start === "number" && typeof (v as WindowRecord).end === "number";
}

/** A one-line `inspect` without colors. */
export function short(v: unknown): string {
  return inspect(v, { depth: 2, breakLength: Infinity, maxStringLength: 60, maxArrayLength: 8, colors: false });
}
