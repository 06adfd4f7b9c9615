// The workload every case runs: map(x => x * 2) → filter(x => x % 3 === 0) → sum over 0..N-1.

/** Items per case. */
export const N = 10_000_000;

/** Items per batch when a case feeds batches. */
export const BATCH = 1024;

/**
 * The exact answer, in closed form: x * 2 is divisible by 3 exactly when x = 3k, so the sum is
 * 6 · (0 + 1 + … + (K-1)) with K = ceil(n / 3). Below 2^53 for n = 10 M, so doubles add it exactly
 * in any order (batches may be summed in any order).
 */
export function expectedSum(n) {
  const k = Math.ceil(n / 3);
  const s = 3 * k * (k - 1);
  if (!Number.isSafeInteger(s)) throw new Error(`expected sum for n=${n} is not a safe integer; lower N`);
  return s;
}

/** The limit: a plain for loop doing the same work. */
export function plainLoop(n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const y = i * 2;
    if (y % 3 === 0) s += y;
  }
  return s;
}

/** Throws (and so ends the benchmark) when a case computed the wrong sum. */
export function verify(name, got, expected) {
  if (got !== expected) {
    throw new Error(`WRONG RESULT in case "${name}": got ${String(got)}, expected ${expected}`);
  }
}
