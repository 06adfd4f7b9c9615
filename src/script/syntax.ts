/**
 * The script format: a sequence of input calls as plain, line-oriented text, one call per line, so
 * a session can be saved, versioned, diffed and replayed exactly.
 *
 * ```
 * # streamweave input script
 * send clicks @0 [{"user":"ada"},{"user":"bob"}]
 * advance clicks 1
 * clock +500
 * send "page views" @(1, 0) [3]
 * close clicks
 * ```
 *
 * - `send <input> @<time> <items>`: the items, a JSON array (always an array: `[x]` is one item),
 *   sent at the time;
 * - `advance <input> <time>`: the input's time moves forward;
 * - `close <input>`: the input ends;
 * - `clock +<ms>`: processing time moves forward by `ms` (a non-negative number) on the run's
 *   `ManualClock`;
 * - `#` starts a comment (outside JSON strings): blank lines, comment lines and a comment after a
 *   call are ignored.
 *
 * `send a @0 []` and `clock +0` are accepted and change nothing (they are what `input.send([])` and
 * `exec.advanceClock(0)` record). An input name is written bare, or as a JSON string when it has
 * spaces, quotes, `#` or `@`. A time is a non-negative integer or a product `(outer, inner)` (nested
 * as needed), and all the times of one input are of one kind. `parseScript` refuses, with the line
 * number, anything it cannot read and any call that could never be applied: a send or advance
 * before the input's time, a time of another kind than the input's, a call after its close, and
 * (given the inputs) an unknown input.
 *
 * What reading, writing and checking a script share stands here: the call kinds, how an input name
 * is written, and the error a script raises.
 */

/** The calls a script can make, by the keyword that starts their line. */
export const CALLS = ["send", "advance", "close", "clock"];

/** A script that cannot be read or applied; `line` says where (when it came from text). */
export class ScriptError extends Error {
  /** A script error at `line` (1-based) with `message`. */
  constructor(message: string, readonly line?: number) {
    super(line !== undefined ? `script line ${line}: ${message}` : `script: ${message}`);
    this.name = "ScriptError";
  }
}

/** An input name as a script writes it: bare, or as a JSON string when it has spaces, quotes, `#` or `@`. */
export function writtenName(input: string): string {
  return /^[^\s"#@]+$/.test(input) ? input : JSON.stringify(input);
}

/** A value as an error message shows it: `null`, `the number 42`, `an object`. */
export function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return `the ${typeof v} ${String(v)}`;
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return "an array";
  const ctor = (v as object).constructor?.name;
  return ctor !== undefined && ctor !== "Object" ? `a ${ctor}` : "an object";
}
