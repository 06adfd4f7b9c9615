/**
 * A node's keyed state as its user thinks of it, for both UIs: each key once with its current
 * value (newest change first), without the operator's own bookkeeping. A per-time aggregate shows
 * each group with its accumulator (not its `["k", time]` index or `["g", time, group]` keys), a
 * scan each key with its running value, a window operator each key with open windows and the
 * elements that wait for the frontier to pass their time before they join one; keys that
 * were deleted are gone, as they are from the state. The raw state stays in `NodeView.state`.
 */
import type { NodeView, StateKeyView, StateView, WaitingItemView } from "./model.js";

/** Per-time aggregates: they keep `["g", time, group]` → `{ acc }` and `["k", time]` → the time's groups. */
const TIME_GROUP_KINDS = new Set(["reduce", "aggregate", "count", "sum", "min", "max", "avg", "distinct"]);

/** True when `k`'s key is `[tag, ...]` with `n` parts. */
function tagged(k: StateKeyView, tag: string, n: number): boolean {
  return Array.isArray(k.key) && k.key.length === n && k.key[0] === tag;
}

/** A key's identity for grouping (keys are plain data). */
const keyId = (key: unknown): string => JSON.stringify(key) ?? String(key);

/** Each key once (its newest change), and only keys that are still there. */
function current(recent: readonly StateKeyView[]): StateKeyView[] {
  const seen = new Set<string>();
  const out: StateKeyView[] = [];
  for (const k of recent) {
    const id = keyId(k.key);
    if (seen.has(id)) continue;
    seen.add(id);
    if (!k.deleted) out.push(k);
  }
  return out;
}

/** The keyed state of `node` as its user sees it (undefined when it keeps none). */
export function userState(node: NodeView): StateView | undefined {
  const state = node.state;
  if (state === undefined) return undefined;
  if (TIME_GROUP_KINDS.has(node.kind)) {
    // The open times' indexes are not the user's keys: the size leaves them out.
    const times = current(state.recent.filter((k) => tagged(k, "k", 2))).length;
    const groups = current(state.recent.filter((k) => tagged(k, "g", 3))).map((k): StateKeyView => ({ key: (k.key as unknown[])[2], version: k.version, deleted: false, value: (k.value as { acc?: unknown } | undefined)?.acc }));
    return { size: Math.max(0, state.size - times), recent: groups };
  }
  if (node.kind === "scan") {
    return { size: state.size, recent: current(state.recent).map((k) => (tagged(k, "acc", 2) ? { ...k, key: (k.key as unknown[])[1], value: (k.value as { acc?: unknown } | undefined)?.acc } : k)) };
  }
  if (node.kind === "window") return windowState(state);
  return { size: state.size, recent: current(state.recent) };
}

/**
 * A window operator's keys with their open windows and the elements that wait for the frontier to
 * pass their time (they join a window then): a key with waiting elements is shown even before it
 * has a window, first among keys when none of its windows changed recently.
 */
function windowState(state: StateView): StateView {
  // A key whose last window fired and was dropped lingers, empty, until the operator removes it.
  const keys = current(state.recent);
  const open = keys.filter((k) => !(Array.isArray(k.value) && k.value.length === 0));
  const waitingByKey = new Map<string, WaitingItemView[]>();
  for (const w of state.waitingItems ?? []) {
    const id = keyId(w.key);
    const list = waitingByKey.get(id);
    if (list === undefined) waitingByKey.set(id, [w]);
    else list.push(w);
  }
  const rows = open.map((k): StateKeyView => {
    const id = keyId(k.key);
    const waiting = waitingByKey.get(id);
    if (waiting === undefined) return k;
    waitingByKey.delete(id);
    return { ...k, waiting };
  });
  // Keys with waiting elements only (no open window yet, or none seen changing since watching began).
  const fresh = [...waitingByKey.values()].map((waiting): StateKeyView => ({ key: waiting[0]!.key, value: [], version: 0, deleted: false, waiting }));
  const waiting = state.waiting !== undefined ? { waiting: state.waiting, ...(state.waitingItems !== undefined ? { waitingItems: state.waitingItems } : {}) } : {};
  return { size: Math.max(0, state.size - (keys.length - open.length)), recent: [...fresh, ...rows], ...waiting };
}

/** The elements of a key that wait for the frontier, as `waiting: 5 @3, 6 @4` (`show` prints an element). */
export function waitingText(waiting: readonly WaitingItemView[], show: (item: unknown) => string): string {
  return `waiting: ${waiting.map((w) => `${show(w.item)} @${w.time}`).join(", ")}`;
}
