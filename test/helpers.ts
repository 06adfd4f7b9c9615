/** Small helpers shared by the test suites. */
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setImmediate as turn } from "node:timers/promises";
import { afterEach } from "vitest";
import { seededRandom } from "../src/index.js";

/** Lets every pending task run for `n` event-loop turns. */
export async function settle(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) await turn();
}

/** Rejects if `p` has not settled within `ms` (so a hang fails the test with a message). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Numbers sorted ascending (for comparing multisets). */
export function sorted(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** The two execution modes. */
export const MODES = ["concurrent", "deterministic"] as const;

/** A capture's items per time (keys: the times as text), each time's items sorted by their JSON: compares multisets per time. */
export function perTime<T>(c: { byTime(): Map<unknown, T[]> }): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const [t, xs] of c.byTime()) {
    const key = String(t);
    out[key] = [...(out[key] ?? []), ...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));
  }
  return out;
}

/** A seeded pseudo-random generator (mulberry32): numbers in [0, 1); the library's own. */
export const rng = seededRandom;

/** A maker of temporary folders that are removed after each test (call it at the top of a test file). */
export function tempFolders(prefix: string): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) {
      if (!existsSync(d)) continue; // the test removed it itself
      chmodSync(d, 0o755);
      rmSync(d, { recursive: true, force: true });
    }
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
}
