/**
 * Canonical text of values: one string per value, equal for values that mean the same, so the
 * determinism checker can compare items and state across runs (as multisets and in order).
 *
 * Plain objects print with their keys sorted; arrays, Maps and Sets in their order (their order
 * means something); numbers as JavaScript prints them (`NaN`, `-0` kept apart from `0`), bigints
 * with `n`, dates as ISO text, times and other objects with a `toString` of their own through it,
 * functions by name, shared references in full and cycles as `[Circular]`.
 */

/** The canonical text of `v`. */
export function canonical(v: unknown): string {
  return write(v, new Set());
}

function write(v: unknown, path: Set<object>): string {
  switch (typeof v) {
    case "string": return JSON.stringify(v);
    case "number": return Object.is(v, -0) ? "-0" : String(v);
    case "bigint": return `${v}n`;
    case "boolean": return String(v);
    case "undefined": return "undefined";
    case "symbol": return v.toString();
    case "function": return `[Function ${(v as { name?: string }).name || "anonymous"}]`;
  }
  if (v === null) return "null";
  const o = v as object;
  if (path.has(o)) return "[Circular]";
  path.add(o);
  try {
    if (Array.isArray(o)) return `[${o.map((x) => write(x, path)).join(",")}]`;
    if (o instanceof Map) return `Map{${[...o].map(([k, x]) => `${write(k, path)}=>${write(x, path)}`).join(",")}}`;
    if (o instanceof Set) return `Set{${[...o].map((x) => write(x, path)).join(",")}}`;
    if (o instanceof Date) return `Date(${Number.isNaN(o.getTime()) ? "invalid" : o.toISOString()})`;
    const proto = Object.getPrototypeOf(o) as object | null;
    if (proto !== Object.prototype && proto !== null && typeof (o as { toString?: unknown }).toString === "function" && (o as { toString: unknown }).toString !== Object.prototype.toString) {
      return `${o.constructor?.name ?? "Object"}(${String(o)})`;
    }
    const keys = Object.keys(o).sort();
    const name = proto === Object.prototype || proto === null ? "" : (o.constructor?.name ?? "");
    return `${name}{${keys.map((k) => `${JSON.stringify(k)}:${write((o as Record<string, unknown>)[k], path)}`).join(",")}}`;
  } finally {
    path.delete(o);
  }
}
