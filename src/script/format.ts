/**
 * Writing input calls as script text (the format is described in `syntax.ts`): a header comment,
 * then one line per call. Each call's fields are checked as `checkScript` checks them, and items
 * must be plain JSON, so that what is written reads back as the same calls.
 */
import { Product } from "../time/product.js";
import { formatTime, type Time } from "../time/order.js";
import type { ScriptCall } from "../runtime/drivers/input-driver.js";
import { callProblem } from "./check.js";
import { CALLS, describe, ScriptError, writtenName } from "./syntax.js";

const HEADER = "# streamweave input script: send <input> @<time> <JSON items> | advance <input> <time> | close <input> | clock +<ms>";

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

function formatCall(c: ScriptCall, n: number): string {
  const where = `call ${n}`;
  switch (c.kind) {
    case "send": {
      c.items.forEach((x, k) => {
        const why = notJson(x);
        if (why !== undefined) throw new ScriptError(`formatScript: ${where} (send to ${c.input} @${formatTime(c.time)}): item ${k} ${why}; scripts hold JSON items`);
      });
      return `send ${writtenName(c.input)} @${timeText(c.time, where)} ${JSON.stringify(c.items)}`;
    }
    case "advance": return `advance ${writtenName(c.input)} ${timeText(c.to, where)}`;
    case "close": return `close ${writtenName(c.input)}`;
    case "clock": return `clock +${c.ms}`;
    default: throw new ScriptError(`formatScript: ${where} is not an input call (kind ${JSON.stringify((c as { kind?: unknown }).kind)}); calls are: ${CALLS.join(", ")}`);
  }
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
