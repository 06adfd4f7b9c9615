/**
 * Checking input calls: each call's fields (kind, input, time, items, ms), then whether it could
 * ever be applied after the calls before it (times that only move forward, one kind of time per
 * input, nothing after a close and, given the graph's inputs, no other input). `parseScript`
 * checks each call it reads this way, and `checkScript` checks calls made as objects.
 */
import { Product } from "../time/product.js";
import { checkTime, compareTimes, formatTime, lessEqual, type Time } from "../time/order.js";
import type { ScriptCall } from "../runtime/drivers/input-driver.js";
import { listNames, suggestion } from "../runtime/topology/names.js";
import { CALLS, describe, ScriptError, writtenName } from "./syntax.js";

/** What `parseScript` and `checkScript` check beyond the calls themselves. */
export interface ParseOptions {
  /** The graph's inputs: a call to any other name is refused. */
  readonly inputs?: readonly string[];
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

/** What is wrong with `c` as an input call (undefined when nothing is); the text does not name the call. */
export function callProblem(c: unknown): string | undefined {
  if (c === null || typeof c !== "object" || Array.isArray(c)) return `an input call must be an object like { kind: "send", input: "a", time: 0, items: [1] }, got ${describe(c)}`;
  const o = c as Record<string, unknown>;
  if (o.line !== undefined && (typeof o.line !== "number" || !Number.isSafeInteger(o.line) || o.line < 1)) return `line, when given, must be a positive integer (the script line of the call), got ${describe(o.line)}`;
  const kind = o.kind;
  if (typeof kind !== "string" || !CALLS.includes(kind)) {
    return `kind must be one of ${CALLS.map((k) => `"${k}"`).join(", ")}, got ${describe(kind)}${typeof kind === "string" ? suggestion(kind, CALLS) : ""}`;
  }
  if (kind === "clock") return typeof o.ms === "number" && Number.isFinite(o.ms) && o.ms >= 0 ? undefined : `clock: ms must be a non-negative number of milliseconds, got ${describe(o.ms)}`;
  if (typeof o.input !== "string") return `${kind}: input must be a string naming one of the graph's inputs, got ${describe(o.input)}`;
  const what = `${kind} ${writtenName(o.input)}`;
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
export class InputStates {
  private readonly times = new Map<string, { time: Time; place: Place }>();
  private readonly first = new Map<string, { time: Time; place: Place }>();
  private readonly closed = new Map<string, Place>();

  /** The states of a script on a graph whose inputs are `inputs` (undefined: any name). */
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