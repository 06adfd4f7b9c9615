/**
 * `join`: two keyed streams matched by key within each logical time (input 0 is the left side,
 * input 1 the right). Once both inputs' frontiers have passed a time, each key's left and right
 * items of that time pair up as `{ key, left, right }`: every left with every right (`inner`),
 * plus the unmatched items of the left (`left`), the right (`right`) or both sides (`outer`), with
 * `undefined` on the missing side. Keys match as state keys (by value; objects by their JSON);
 * results of one time come out in the order their keys were first seen.
 */
import type { KeyedState } from "../state/keyed-state.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { NodeState } from "./node-state.js";
import { collectFold, TimeGroups } from "./time-groups.js";

/** Which unmatched items a join keeps. */
export type JoinKind = "inner" | "left" | "right" | "outer";

/** The join kinds, for messages. */
export const JOIN_KINDS: readonly JoinKind[] = ["inner", "left", "right", "outer"];

/** A joined pair: the key, and an item of each side (`undefined` for the missing side of an unmatched item). */
export interface Joined<K, L, R> {
  /** The key both items have. */
  readonly key: K;
  /** The left item. */
  readonly left: L;
  /** The right item. */
  readonly right: R;
}

/** Joins by `leftKey` / `rightKey` per time, keeping what `kind` says. */
export function joinLogic(kind: JoinKind, leftKey: (item: unknown) => unknown, rightKey: (item: unknown) => unknown, backend?: KeyedState<unknown>): OperatorLogic {
  if (!JOIN_KINDS.includes(kind)) throw new TypeError(`join(): kind must be one of ${JOIN_KINDS.join(", ")}, got ${String(kind)}`);
  const state = new NodeState(backend);
  const groups = new TimeGroups<unknown[][]>(state, 2);
  const keepLeft = kind === "left" || kind === "outer";
  const keepRight = kind === "right" || kind === "outer";
  const sides = [collectFold(leftKey, 0, 2), collectFold(rightKey, 1, 2)];
  return {
    state: state.store,
    onData(ctx, port, time, items) {
      groups.fold(ctx, time, items, sides[port]!);
    },
    snapshot: () => groups.snapshot(),
    restore(ctx, data) {
      state.resume();
      groups.restore(ctx, data);
    },
    onFrontier(ctx) {
      groups.ready(ctx, (time, done) => {
        const out: Array<Joined<unknown, unknown, unknown>> = [];
        for (const [key, [lefts = [], rights = []]] of done) {
          for (const left of lefts) for (const right of rights) out.push({ key, left, right });
          if (keepLeft && rights.length === 0) for (const left of lefts) out.push({ key, left, right: undefined });
          if (keepRight && lefts.length === 0) for (const right of rights) out.push({ key, left: undefined, right });
        }
        ctx.emit(0, time, out);
      });
    },
  };
}
