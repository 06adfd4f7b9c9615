/**
 * MIME bundles as the kernel sends them: a value's own bundle (`Symbol.for("Jupyter.display")`)
 * or its `util.inspect` text, always with text/plain, and no representation past
 * {@link MAX_BUNDLE_CHARS}.
 */
import { inspect } from "node:util";

/** A MIME bundle: representations by MIME type. */
export type Bundle = Record<string, string>;

/** Largest representation sent (characters); a larger one is dropped, text/plain says so. */
export const MAX_BUNDLE_CHARS = 2_000_000;

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** A value's own MIME bundle (`Symbol.for("Jupyter.display")`), or its printed form. */
export function bundleOf(value: unknown): Bundle {
  const fn = typeof value === "object" && value !== null ? (value as Record<symbol, unknown>)[JUPYTER_DISPLAY] : undefined;
  if (typeof fn === "function") {
    const b = (fn as () => unknown).call(value);
    if (typeof b === "object" && b !== null) {
      const out: Bundle = {};
      for (const [k, v] of Object.entries(b as Record<string, unknown>)) {
        if (!/^[\w\-+.]+\/[\w\-+.]+$/.test(k)) continue;
        out[k] = typeof v === "string" ? v : JSON.stringify(v);
      }
      return withText(out, () => textOf(value));
    }
  }
  return { "text/plain": textOf(value) };
}

/** `b`, with `text()` as its text/plain when it has none. */
export function withText(b: Bundle, text: () => string): Bundle {
  return typeof b["text/plain"] === "string" ? b : { "text/plain": text(), ...b };
}

/** How `util.inspect` prints a value (as the Node REPL does). */
export function textOf(value: unknown): string {
  try {
    return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
  } catch (e) {
    return `(cannot print this value: ${e instanceof Error ? e.message : String(e)})`;
  }
}

/** `b` with every representation at most {@link MAX_BUNDLE_CHARS}; text/plain is cut, others dropped. */
export function bounded(b: Bundle): Bundle {
  const out: Bundle = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(b)) {
    if (v.length <= MAX_BUNDLE_CHARS) out[k] = v;
    else if (k === "text/plain") out[k] = `${v.slice(0, MAX_BUNDLE_CHARS)}\n… (cut at ${MAX_BUNDLE_CHARS} characters)`;
    else dropped.push(k);
  }
  if (dropped.length > 0) out["text/plain"] = `${out["text/plain"] ?? ""}\n(${dropped.join(", ")} left out: larger than ${MAX_BUNDLE_CHARS} characters)`;
  return out;
}
