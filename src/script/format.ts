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
 */
import { Product } from "../time/product.js";
import { checkTime, compareTimes, formatTime, lessEqual, type Time } from "../time/order.js";
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
    const src = withoutComment(raw).trim();
    if (src === "") return;
    const call = parseLine(new Cursor(src, line));
    state.check(call, { line, n: calls.length + 1 });
    calls.push(call);
  });
  return calls;
}

/** The text of `calls` in the script format (with a header comment); `ScriptError` for what it cannot write. */
export function formatScript(calls: readonly ScriptCall[]): string {
  if (!Array.isArray(calls)) throw new ScriptError(`formatScript(calls): calls must be an array of input calls, got ${describe(calls)}`);
  const lines = [HEADER];
  calls.forEach((c, i) => {
    const why = callProblem(c);
    if (why !== undefined) throw new ScriptError(`formatScript: call ${i + 1}: ${why}`);
    lines.push(formatCall(c, i + 1));
  });
  return `${lines.join("\n")}\n`;
}

/**
 * Checks calls made as objects the way `parseScript` checks text: each call's fields (kind, input,
 * time, items, ms), then the order of times, their kinds, closes and (given the inputs) the inputs.
 * A `ScriptError` names the call (`call N`, or its `line` when it has one).
 */
export function checkScript(calls: readonly ScriptCall[], options: ParseOptions = {}): void {
  if (!Array.isArray(calls)) throw new ScriptError(`checkScript(calls): calls must be an array of input calls, got ${describe(calls)}`);
  const state = new InputStates(options.inputs);
  (calls as readonly unknown[]).forEach((c, i) => {
    const why = callProblem(c);
    if (why !== undefined) throw new ScriptError(`call ${i + 1}: ${why}`);
    const call = c as ScriptCall;
    state.check(call, { line: call.line, n: i + 1 });
  });
}

/**
 * The calls of `script` as `caller` (e.g. `runScript(target, script)`) takes it: script text is
 * parsed, an array of calls is checked; anything else is a `ScriptError` saying what was expected.
 */
export function scriptCalls(script: unknown, caller: string, options: ParseOptions = {}): readonly ScriptCall[] {
  if (typeof script === "string") return parseScript(script, options);
  if (Array.isArray(script)) {
    checkScript(script as ScriptCall[], options);
    return script as ScriptCall[];
  }
  throw new ScriptError(`${caller}: script must be script text (a string) or an array of input calls like { kind: "send", input: "a", time: 0, items: [1] }, got ${describe(script)}`);
}

/** A value as an error message shows it: `null`, `the number 42`, `an object`. */
function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return `the ${typeof v} ${String(v)}`;
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return "an array";
  const ctor = (v as object).constructor?.name;
  return ctor !== undefined && ctor !== "Object" ? `a ${ctor}` : "an object";
}

/** What is wrong with `c` as an input call (undefined when nothing is); the text does not name the call. */
function callProblem(c: unknown): string | undefined {
  if (c === null || typeof c !== "object" || Array.isArray(c)) return `an input call must be an object like { kind: "send", input: "a", time: 0, items: [1] }, got ${describe(c)}`;
  const o = c as Record<string, unknown>;
  if (o.line !== undefined && (typeof o.line !== "number" || !Number.isSafeInteger(o.line) || o.line < 1)) return `line, when given, must be a positive integer (the script line of the call), got ${describe(o.line)}`;
  const kind = o.kind;
  if (typeof kind !== "string" || !CALLS.includes(kind)) {
    return `kind must be one of ${CALLS.map((k) => `"${k}"`).join(", ")}, got ${describe(kind)}${typeof kind === "string" ? suggestion(kind, CALLS) : ""}`;
  }
  if (kind === "clock") return typeof o.ms === "number" && Number.isFinite(o.ms) && o.ms >= 0 ? undefined : `clock: ms must be a non-negative number of milliseconds, got ${describe(o.ms)}`;
  if (typeof o.input !== "string") return `${kind}: input must be a string naming one of the graph's inputs, got ${describe(o.input)}`;
  const what = `${kind} ${name(o.input)}`;
  if (kind === "close") return undefined;
  const field = kind === "send" ? "time" : "to";
  try {
    checkTime(o[field], field);
  } catch {
    const t = o[field];
    return `${what}: ${field} must be a non-negative integer or a Product (outer, inner) of such times, got ${t instanceof Product ? `the Product ${String(t)}` : describe(t)}`;
  }
  if (kind === "send" && !Array.isArray(o.items)) return `${what} @${formatTime(o.time as Time)}: items must be an array (one item is [x]), got ${describe(o.items)}`;
  return undefined;
}

/** `src` up to the `#` that starts its comment (a `#` inside a JSON string is data). */
function withoutComment(src: string): string {
  return src.slice(0, outsideStrings(src, (ch) => ch === "#"));
}

/** Where a JSON array or object that starts `text` ends (the index after it), or undefined when it does not close. */
function jsonEnd(text: string): number | undefined {
  let depth = 0;
  const last = outsideStrings(text, (ch) => {
    if (ch === "[" || ch === "{") depth++;
    else if (ch === "]" || ch === "}") return --depth === 0;
    return false;
  });
  return last < text.length ? last + 1 : undefined;
}

/** The index of the first character of `text` outside JSON strings for which `stop` is true (the length when none is). */
function outsideStrings(text: string, stop: (ch: string) => boolean): number {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (stop(ch)) return i;
  }
  return text.length;
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

/** `text`, cut to 60 characters for a message. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
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

  /** A time, ending at a space, the end of the line or (in a send) the items' `[`. */
  time(what: string): Time {
    this.skipSpace();
    const start = this.i;
    if (start >= this.src.length) this.fail(`${what}: the time is missing (a non-negative integer like 3 or a pair like (1, 0))`);
    const t = this.timeAt(what);
    const next = this.src[this.i];
    if (t === undefined || (next !== undefined && !/[\s[]/.test(next))) {
      const token = this.token(start);
      const why = token.startsWith("-") ? " (times are not negative)" : /^[\d(,\s]*\d+[.eE]/.test(token) ? " (times are whole numbers)" : "";
      this.fail(`${what}: bad time "${token}"${why}: a time is a non-negative integer like 3 or a pair like (1, 0)`);
    }
    return t;
  }

  /** The text of a time written from `start`: a parenthesized group as a whole, then up to a space or `[`. */
  private token(start: number): string {
    let i = start;
    if (this.src[i] === "(") {
      let depth = 0;
      for (; i < this.src.length; i++) {
        if (this.src[i] === "(") depth++;
        else if (this.src[i] === ")" && --depth === 0) break;
      }
      i++;
    }
    while (i < this.src.length && !/[\s[]/.test(this.src[i]!)) i++;
    const t = this.src.slice(start, i);
    return t.length > 40 ? `${t.slice(0, 40)}…` : t;
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
      const what = `send ${input} @${formatTime(t)}`;
      let text = c.rest();
      let items: unknown;
      if (text === "") c.fail(`${what}: the items are missing (a JSON array, like [1, 2]; [] sends nothing)`);
      const end = text.startsWith("[") || text.startsWith("{") ? jsonEnd(text) : undefined;
      if (end !== undefined && text.slice(end).trim() !== "") c.fail(`${what}: unexpected text after the items: "${clip(text.slice(end).trim())}" (a comment starts with #)`);
      text = text.slice(0, end);
      try {
        items = JSON.parse(text);
      } catch (e) {
        return c.fail(`${what}: the items are not valid JSON (${(e as Error).message}): ${clip(text)}`);
      }
      if (!Array.isArray(items)) c.fail(`${what}: the items must be a JSON array (one item is [x]), got ${items === null ? "null" : typeof items}`);
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
      if (c.done) c.fail("clock: the amount is missing: expected +<ms>, a non-negative number of milliseconds like +500");
      const w = c.word("clock's amount");
      const ms = /^\+(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(w) ? Number(w.slice(1)) : Number.NaN;
      if (!Number.isFinite(ms)) c.fail(`clock: expected +<ms>, a non-negative number of milliseconds like +500, got "${clip(w)}"${w.startsWith("-") ? " (the clock only moves forward)" : ""}`);
      if (!c.done) c.fail(`clock ${w}: unexpected text after the amount: "${c.rest()}"`);
      return { kind: "clock", ms, line };
    }
    default:
      return c.fail(`unknown call "${kind}"${suggestion(kind, CALLS)}; calls are: ${CALLS.join(", ")}`);
  }
}

/** Where a call is: its script line, or (for calls given as objects without one) its place `n` in the list. */
interface Place {
  readonly line: number | undefined;
  readonly n: number;
}

/** `on line 3` or `in call 3`. */
function placeText(p: Place): string {
  return p.line !== undefined ? `on line ${p.line}` : `in call ${p.n}`;
}

/** A `ScriptError` at `p`. */
function errorAt(p: Place, message: string): ScriptError {
  return p.line !== undefined ? new ScriptError(message, p.line) : new ScriptError(`call ${p.n}: ${message}`);
}

/** The kind of a time: `n` for an integer, `(n, n)` for a product of integers, and so on. */
function timeKind(t: Time): string {
  if (typeof t === "number") return "n";
  if (t instanceof Product) return `(${timeKind(t.outer)}, ${timeKind(t.inner)})`;
  return t.constructor?.name ?? "object";
}

/** Each input's time, the first time it was given (its kind), and whether it was closed, as a script goes along. */
class InputStates {
  private readonly times = new Map<string, { time: Time; place: Place }>();
  private readonly first = new Map<string, { time: Time; place: Place }>();
  private readonly closed = new Map<string, Place>();

  constructor(private readonly inputs: readonly string[] | undefined) {}

  /** Refuses `c` (at `p`, its fields already checked) when it could never be applied after the calls before it. */
  check(c: ScriptCall, p: Place): void {
    if (c.kind === "clock") return; // its amount was checked with its fields
    const what = c.kind === "send" ? `send ${c.input} @${formatTime(c.time)}` : c.kind === "advance" ? `advance ${c.input} ${formatTime(c.to)}` : `close ${c.input}`;
    if (this.inputs !== undefined && !this.inputs.includes(c.input)) {
      throw errorAt(p, `${what}: unknown input "${c.input}"${suggestion(c.input, this.inputs)}; the graph's inputs are: ${listNames([...this.inputs])}`);
    }
    const closedAt = this.closed.get(c.input);
    if (closedAt !== undefined) throw errorAt(p, `${what}: input "${c.input}" was closed ${placeText(closedAt)}; nothing can follow its close`);
    if (c.kind === "close") {
      this.closed.set(c.input, p);
      return;
    }
    const t = c.kind === "send" ? c.time : c.to;
    const first = this.first.get(c.input);
    if (first === undefined) this.first.set(c.input, { time: t, place: p });
    else if (timeKind(first.time) !== timeKind(t)) {
      throw errorAt(p, `${what}: input "${c.input}" was given the time ${formatTime(first.time)} ${placeText(first.place)}, and ${formatTime(t)} is not of the same kind; one input's times are all integers, or all products (outer, inner) of one shape`);
    }
    const cur = this.times.get(c.input);
    if (cur !== undefined && !lessEqual(cur.time, t)) {
      const verb = c.kind === "send" ? "sends" : "advances";
      throw errorAt(p, `${what} ${verb} backwards in time: input "${c.input}" is at ${formatTime(cur.time)} (advanced ${placeText(cur.place)}); time only moves forward`);
    }
    if (c.kind === "advance" && (cur === undefined || compareTimes(cur.time, c.to) !== 0)) this.times.set(c.input, { time: c.to, place: p });
  }
}
