/** Argument checks shared by the operators: each error names the operator and what it expected. */

/** `n` as a count: an integer `>= min`; otherwise a RangeError naming `what` (e.g. `take(n): n`). */
export function checkCount(n: unknown, what: string, min = 0): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < min) {
    const kind = min === 0 ? "a non-negative integer" : min === 1 ? "a positive integer" : `an integer >= ${min}`;
    throw new RangeError(`${what} must be ${kind}, got ${describe(n)}`);
  }
  return n;
}

/** `ms` as a processing-time duration: a finite number `>= 0`; otherwise a RangeError naming `what`. */
export function checkDuration(ms: unknown, what: string): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`${what} must be a non-negative finite number of milliseconds, got ${describe(ms)}`);
  }
  return ms;
}

/** How a bad value prints in a message: strings and plain data as JSON (shortened), anything else by its kind. */
export function describe(v: unknown): string {
  if (typeof v === "function") return "a function";
  if (typeof v === "number" || typeof v === "bigint" || typeof v === "symbol" || v === undefined) return String(v);
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch {
    text = undefined;
  }
  if (text === undefined) return Object.prototype.toString.call(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
