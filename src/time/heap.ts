/**
 * A binary min-heap of numbers: the earliest of many pending integer times in O(log n).
 *
 * Invariant: every parent is at most each of its children, so `peek()` is the minimum. Duplicates
 * are allowed.
 */

/** A min-heap of numbers. */
export class NumberHeap {
  private readonly a: number[] = [];

  /** Number of entries. */
  get size(): number {
    return this.a.length;
  }

  /** The smallest entry (undefined when empty). */
  peek(): number | undefined {
    return this.a[0];
  }

  /** Adds `x`. */
  push(x: number): void {
    const a = this.a;
    let i = a.length;
    a.push(x);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= x) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = x;
  }

  /** Removes and returns the smallest entry (undefined when empty). */
  pop(): number | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    const n = a.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const c = l + 1 < n && a[l + 1]! < a[l]! ? l + 1 : l;
      if (a[c]! >= last) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

/**
 * The value stored for the earliest integer time in `heap`, when `passed` accepts that time
 * (undefined otherwise). Times `slots` no longer holds are dropped from the heap on the way; the
 * time found stays in it until its slot is gone.
 */
export function earliestPassed<S>(heap: NumberHeap, slots: ReadonlyMap<number | string, S>, passed: (t: number) => boolean): S | undefined {
  for (let t = heap.peek(); t !== undefined; t = heap.peek()) {
    const slot = slots.get(t);
    if (slot === undefined) {
      heap.pop();
      continue;
    }
    return passed(t) ? slot : undefined;
  }
  return undefined;
}
