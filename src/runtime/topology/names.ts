/** Port names (`node.port`) and the messages that list what exists when a name is wrong. */
import { GraphError } from "../failure.js";

/** Splits `node.port` at its last dot. */
export function splitPortId(id: unknown, what: string): [node: string, port: string] {
  if (typeof id !== "string") throw new GraphError(`${what} must be a string like "node.port", got ${String(id)}`);
  const dot = id.lastIndexOf(".");
  if (dot <= 0 || dot === id.length - 1) throw new GraphError(`${what} must look like "node.port", got "${id}"`);
  return [id.slice(0, dot), id.slice(dot + 1)];
}

/** Checks a node or port name: a non-empty string without dots or line breaks. */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== "string" || name.length === 0) throw new GraphError(`${what} must be a non-empty string, got ${JSON.stringify(name) ?? String(name)}`);
  if (/[.\r\n]/.test(name)) throw new GraphError(`${what} ${JSON.stringify(name)} may not contain "." or line breaks ("." separates node and port)`);
  // Control characters (terminal escapes) would reach every terminal and log that shows the name.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) throw new GraphError(`${what} ${JSON.stringify(name)} may not contain control characters (such as terminal escape codes)`);
  return name;
}

/** `a, b, c` (at most `max`, then how many more). */
export function listNames(names: readonly string[], max = 30): string {
  if (names.length === 0) return "(none)";
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown}, ... (${names.length - max} more)` : shown;
}

/** The name in `names` closest to `wanted` when it is close enough to be a likely typo. */
export function closest(wanted: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(wanted.toLowerCase(), n.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = n;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(wanted.length / 3)) ? best : undefined;
}

/** Edit distance between `a` and `b` (Levenshtein, a swap of two neighbours counting one edit: a typo's size). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** ` (did you mean "x"?)` or nothing. */
export function suggestion(wanted: string, names: Iterable<string>): string {
  const c = closest(wanted, names);
  return c !== undefined ? ` (did you mean "${c}"?)` : "";
}
