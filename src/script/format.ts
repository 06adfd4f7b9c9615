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
 * - `clock +<ms>`: processing time moves forward by `ms` on the run's `ManualClock`;
 * - blank lines and lines starting with `#` are ignored.
 *
 * An input name is written bare, or as a JSON string when it has spaces, quotes, `#` or `@`. A time
 * is an integer or a product `(outer, inner)` (nested as needed). `parseScript` refuses, with the
 * line number, anything it cannot read and any call that could never be applied: a send or advance
 * before the input's time, a call after its close, and (given the inputs) an unknown input.
 */
import { Product } from "../time/product.js";
import { compareTimes, formatTime, lessEqual, type Time } from "../time/order.js";
import type { ScriptCall } from "../runtime/input-driver.js";
import { listNames, suggestion } from "../runtime/names.js";

/** A script that cannot be read or applied; `line` says where (when it came from text). */
export class ScriptError extends Error {
  /** A script error at `line` (1-based) with `message`. */
  constructor(message: string, readonly line?: number) {
    super(line !== undefined ? `script line ${line}: ${message}` : `script: ${message}`);
    this.name = "ScriptError";
  }
}

/** What `parseScript` checks beyond the text itself. */
export interface ParseOptions {
  /** The graph's inputs: a call to any other name is refused. */
  readonly inputs?: readonly string[];
}

const CALLS = ["send", "advance", "close", "clock"];
const HEADER = "# streamweave input script: send <input> @<time> <JSON items> | advance <input> <time> | close <input> | clock +<ms>";

/** The calls a script's text holds, each with its line number; a `ScriptError` names the first bad line. */
export function parseScript(text: string, options: ParseOptions = {}): ScriptCall[] {
  if (typeof text !== "string") throw new ScriptError(`parseScript(text): text must be a string, got ${typeof text}`);
  const calls: ScriptCall[] = [];
  const state = new InputStates(options.inputs);
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const src = raw.trim();
    if (src === "" || src.startsWith("#")) return;
    const call = parseLine(new Cursor(src, line));
    state.check(call);
    calls.push(call);
  });
  return calls;
}

/** The text of `calls` in the script format (with a header comment); `ScriptError` for what it cannot write. */
export function formatScript(calls: readonly ScriptCall[]): string {
  if (!Array.isArray(calls)) throw new ScriptError(`formatScript(calls): calls must be an array of input calls, got ${typeof calls}`);
  const lines = [HEADER];
  calls.forEach((c, i) => lines.push(formatCall(c, i + 1)));
  return `${lines.join("\n")}\n`;
}

/** Checks calls made as objects the way `parseScript` checks text (order of times, closes, inputs). */
export function checkScript(calls: readonly ScriptCall[], options: ParseOptions = {}): void {
  const state = new InputStates(options.inputs);
  for (const c of calls) state.check(c);
}

function formatCall(c: ScriptCall, n: number): string {
  const where = `call ${n}`;
  switch (c.kind) {
    case "send": {
      c.items.forEach((x, k) => {
        const why = notJson(x);
        if (why !== undefined) throw new ScriptError(`formatScript: ${where} (send to ${c.input} @${formatTime(c.time)}): item ${k} ${why}; scripts hold JSON items`);
      });
      return `send ${name(c.input)} @${timeText(c.time, where)} ${JSON.stringify(c.items)}`;
    }
    case "advance": return `advance ${name(c.input)} ${timeText(c.to, where)}`;
    case "close": return `close ${name(c.input)}`;
    case "clock": return `clock +${c.ms}`;
    default: throw new ScriptError(`formatScript: ${where} is not an input call (kind ${JSON.stringify((c as { kind?: unknown }).kind)}); calls are: ${CALLS.join(", ")}`);
  }
}

function name(input: string): string {
  return /^[^\s"#@]+$/.test(input) ? input : JSON.stringify(input);
}

function timeText(t: Time, where: string): string {
  if (typeof t === "number") return String(t);
  if (t instanceof Product) return `(${timeText(t.outer, where)}, ${timeText(t.inner, where)})`;
  throw new ScriptError(`formatScript: ${where}: cannot write the time ${formatTime(t)}; scripts hold integer and Product times`);
}

/** Why `v` is not plain JSON (undefined when it is). */
function notJson(v: unknown, depth = 0): string | undefined {
  if (depth > 100) return "is nested too deeply";
  if (v === null || typeof v === "string" || typeof v === "boolean") return undefined;
  if (typeof v === "number") return Number.isFinite(v) ? undefined : `is ${v}, which JSON cannot hold`;
  if (Array.isArray(v)) {
    for (const x of v) {
      const why = notJson(x, depth + 1);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  if (typeof v === "object") {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return `is not plain JSON (a ${(v as object).constructor?.name ?? "object with a prototype"})`;
    for (const x of Object.values(v as Record<string, unknown>)) {
      const why = notJson(x, depth + 1);
      if (why !== undefined) return why;
    }
    return undefined;
  }
  return `is not plain JSON (${typeof v})`;
}

/** Reads one line. */
class Cursor {
  private i = 0;
  constructor(readonly src: string, readonly line: number) {}

  fail(message: string): never {
    throw new ScriptError(message, this.line);
  }

  skipSpace(): void {
    while (this.i < this.src.length && /\s/.test(this.src[this.i]!)) this.i++;
  }

  get done(): boolean {
    this.skipSpace();
    return this.i >= this.src.length;
  }

  word(what: string): string {
    this.skipSpace();
    const m = /^[^\s]+/.exec(this.src.slice(this.i));
    if (m === null) this.fail(`${what} is missing`);
    this.i += m[0].length;
    return m[0];
  }

  input(call: string): string {
    this.skipSpace();
    if (this.src[this.i] !== "\"") {
      const m = /^[^\s"#@]+/.exec(this.src.slice(this.i));
      if (m === null) this.fail(`${call}: the input's name is missing`);
      this.i += m[0].length;
      return m[0];
    }
    const m = /^"(?:[^"\\]|\\.)*"/.exec(this.src.slice(this.i));
    if (m === null) this.fail(`${call}: the input's name starts with a quote but does not end with one`);
    this.i += m[0].length;
    try {
      return JSON.parse(m[0]) as string;
    } catch (e) {
      return this.fail(`${call}: the input's name ${m[0]} is not a valid JSON string (${(e as Error).message})`);
    }
  }

  time(what: string): Time {
    this.skipSpace();
    const start = this.i;
    const t = this.timeAt(what);
    if (t === undefined) this.fail(`${what}: bad time "${this.src.slice(start).split(/\s/)[0]}": a time is a non-negative integer like 3 or a pair like (1, 0)`);
    return t;
  }

  private timeAt(what: string): Time | undefined {
    this.skipSpace();
    const int = /^\d+/.exec(this.src.slice(this.i));
    if (int !== null) {
      const v = Number(int[0]);
      if (!Number.isSafeInteger(v)) this.fail(`${what}: the time ${int[0]} is too large (at most ${Number.MAX_SAFE_INTEGER})`);
      this.i += int[0].length;
      return v;
    }
    if (this.src[this.i] !== "(") return undefined;
    this.i++;
    const outer = this.timeAt(what);
    this.skipSpace();
    if (outer === undefined || this.src[this.i] !== ",") return undefined;
    this.i++;
    const inner = this.timeAt(what);
    this.skipSpace();
    if (inner === undefined || this.src[this.i] !== ")") return undefined;
    this.i++;
    return new Product(outer, inner);
  }

  /** Skips spaces, then `ch` if it comes next; true when it did. */
  eat(ch: string): boolean {
    this.skipSpace();
    if (this.src[this.i] !== ch) return false;
    this.i++;
    return true;
  }

  rest(): string {
    this.skipSpace();
    const r = this.src.slice(this.i);
    this.i = this.src.length;
    return r;
  }
}

function parseLine(c: Cursor): ScriptCall {
  const line = c.line;
  const kind = c.word("the call");
  switch (kind) {
    case "send": {
      const input = c.input("send");
      if (!c.eat("@")) c.fail(`send ${input}: expected @<time> after the input's name (send ${name(input)} @<time> [items])`);
      const t = c.time(`send ${input}`);
      const text = c.rest();
      let items: unknown;
      if (text === "") c.fail(`send ${input} @${formatTime(t)}: the items are missing (a JSON array, like [1, 2])`);
      try {
        items = JSON.parse(text);
      } catch (e) {
        return c.fail(`send ${input} @${formatTime(t)}: the items are not valid JSON (${(e as Error).message}): ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`);
      }
      if (!Array.isArray(items)) c.fail(`send ${input} @${formatTime(t)}: the items must be a JSON array (one item is [x]), got ${items === null ? "null" : typeof items}`);
      return { kind: "send", input, time: t, items, line };
    }
    case "advance": {
      const input = c.input("advance");
      const to = c.time(`advance ${input}`);
      if (!c.done) c.fail(`advance ${input} ${formatTime(to)}: unexpected text after the time: "${c.rest()}"`);
      return { kind: "advance", input, to, line };
    }
    case "close": {
      const input = c.input("close");
      if (!c.done) c.fail(`close ${input}: unexpected text after the input's name: "${c.rest()}"`);
      return { kind: "close", input, line };
    }
    case "clock": {
      const w = c.word("clock's amount");
      const ms = Number(w.startsWith("+") ? w.slice(1) : Number.NaN);
      if (!w.startsWith("+") || !Number.isFinite(ms) || ms < 0 || w.length < 2) c.fail(`clock: expected +<ms>, a non-negative number of milliseconds like +500, got "${w}"`);
      if (!c.done) c.fail(`clock ${w}: unexpected text after the amount: "${c.rest()}"`);
      return { kind: "clock", ms, line };
    }
    default:
      return c.fail(`unknown call "${kind}"${suggestion(kind, CALLS)}; calls are: ${CALLS.join(", ")}`);
  }
}

/** Each input's time and whether it was closed, as a script goes along. */
class InputStates {
  private readonly times = new Map<string, { time: Time; line?: number }>();
  private readonly closed = new Map<string, number | undefined>();

  constructor(private readonly inputs: readonly string[] | undefined) {}

  check(c: ScriptCall): void {
    if (c.kind === "clock") {
      if (!Number.isFinite(c.ms) || c.ms < 0) throw new ScriptError(`clock: ms must be a non-negative number, got ${String(c.ms)}`, c.line);
      return;
    }
    const what = c.kind === "send" ? `send ${c.input} @${formatTime(c.time)}` : c.kind === "advance" ? `advance ${c.input} ${formatTime(c.to)}` : `close ${c.input}`;
    if (this.inputs !== undefined && !this.inputs.includes(c.input)) {
      throw new ScriptError(`${what}: unknown input "${c.input}"${suggestion(c.input, this.inputs)}; the graph's inputs are: ${listNames([...this.inputs])}`, c.line);
    }
    if (this.closed.has(c.input)) {
      const at = this.closed.get(c.input);
      throw new ScriptError(`${what}: input "${c.input}" was closed${at !== undefined ? ` on line ${at}` : ""}; nothing can follow its close`, c.line);
    }
    if (c.kind === "close") {
      this.closed.set(c.input, c.line);
      return;
    }
    const t = c.kind === "send" ? c.time : c.to;
    const cur = this.times.get(c.input);
    if (cur !== undefined) {
      let ok: boolean;
      try {
        ok = lessEqual(cur.time, t);
      } catch {
        throw new ScriptError(`${what}: the time ${formatTime(t)} is not of the same kind as the input's time ${formatTime(cur.time)}`, c.line);
      }
      if (!ok) {
        const verb = c.kind === "send" ? "sends" : "advances";
        throw new ScriptError(`${what} ${verb} backwards in time: input "${c.input}" is at ${formatTime(cur.time)}${cur.line !== undefined ? ` (advanced on line ${cur.line})` : ""}; time only moves forward`, c.line);
      }
    }
    if (c.kind === "advance" && (cur === undefined || compareTimes(cur.time, c.to) !== 0)) this.times.set(c.input, { time: c.to, ...(c.line !== undefined ? { line: c.line } : {}) });
  }
}
