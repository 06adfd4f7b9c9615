/**
 * Reading a script: its text as input calls (`parseScript`; the format is described in
 * `syntax.ts`), each call checked as it is read, and a script as a caller takes it
 * (`scriptCalls`: text is parsed, an array of calls is checked).
 */
import { Product } from "../time/product.js";
import { formatTime, type Time } from "../time/order.js";
import type { ScriptCall } from "../runtime/drivers/input-driver.js";
import { suggestion } from "../runtime/topology/names.js";
import { checkScript, InputStates, type ParseOptions } from "./check.js";
import { CALLS, describe, ScriptError, writtenName } from "./syntax.js";

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

/** `text`, cut to 60 characters for a message. */
function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
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
      if (!c.eat("@")) c.fail(`send ${input}: expected @<time> after the input's name (send ${writtenName(input)} @<time> [items])`);
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
