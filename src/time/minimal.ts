/**
 * Keeping only the minimal elements of a partially ordered set, the one rule behind antichains
 * of times and of path summaries.
 */

/**
 * Inserts `x` into `set` (kept minimal under `le`) unless some element is `<= x`; every element
 * `>= x` leaves. Returns whether the set changed.
 */
export function insertMinimal<T>(set: T[], x: T, le: (a: T, b: T) => boolean): boolean {
  for (let i = 0; i < set.length; i++) if (le(set[i]!, x)) return false;
  let w = 0;
  for (let i = 0; i < set.length; i++) if (!le(x, set[i]!)) set[w++] = set[i]!;
  set.length = w;
  set.push(x);
  return true;
}
