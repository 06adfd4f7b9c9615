/**
 * Processing-time deadlines of windows: which keys to look at when the clock reaches a time.
 *
 * One clock timer per distinct deadline, however many windows share it. Entries may be stale (a
 * window fired or merged since): whoever takes them checks each window's own `due`.
 */
import { stateKey } from "../state/keyed-state.js";
import type { LogicContext } from "../runtime/logic.js";

/** Keys by processing-time deadline. */
export class DueIndex {
  private readonly byTime = new Map<number, Map<unknown, unknown>>();

  /** Arranges for `key` to be looked at when the clock reaches `due` (sets a timer tagged `due`). */
  schedule(ctx: LogicContext, due: number, key: unknown): void {
    let keys = this.byTime.get(due);
    if (keys === undefined) {
      this.byTime.set(due, (keys = new Map()));
      ctx.setTimer(due, due);
    }
    keys.set(stateKey(key), key);
  }

  /** The keys due at `due` (the timer's tag), removed from the index. */
  take(due: unknown): Iterable<unknown> {
    const keys = this.byTime.get(due as number);
    if (keys === undefined) return [];
    this.byTime.delete(due as number);
    return keys.values();
  }

  /** Checkpoints: each deadline with its keys. */
  snapshot(): Array<[number, unknown[]]> {
    return [...this.byTime].map(([due, keys]) => [due, [...keys.values()]]);
  }

  /** Recovery: the deadlines `snapshot` gave, with their timers set again. */
  restore(ctx: LogicContext, dues: ReadonlyArray<readonly [number, readonly unknown[]]>): void {
    for (const [due, keys] of dues) for (const key of keys) this.schedule(ctx, due, key);
  }

  /** Number of pending deadlines. */
  get size(): number {
    return this.byTime.size;
  }
}
