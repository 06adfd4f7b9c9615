/**
 * The state panel's text: the keyed state of the watched node (`.watch <node>`; by default the first
 * stateful node): how many keys, and the most recently changed keys with their values and
 * versions, newest first.
 */
import type { NodeView, Snapshot, StateKeyView, StateView } from "streamweave";
import { compact, short, stateValue } from "../format.js";
import { seg, type Line } from "./lines.js";

/** Per-time aggregates: they keep `["g", time, group]` → `{ acc }` and `["k", time]` → the time's groups. */
const TIME_GROUP_KINDS = new Set(["reduce", "aggregate", "count", "sum", "min", "max", "avg"]);

/**
 * The keyed state of `node` as its user sees it: for a per-time aggregate, each group (the user's
 * key) with its accumulator, without the operator's own entries for its open times (the count
 * leaves out those among the recent changes).
 */
export function userState(node: NodeView): StateView | undefined {
  const state = node.state;
  if (state === undefined || !TIME_GROUP_KINDS.has(node.kind)) return state;
  const tagged = (k: StateKeyView, tag: string, n: number): boolean => Array.isArray(k.key) && k.key.length === n && k.key[0] === tag;
  const seen = new Set<string>();
  let times = 0;
  for (const k of state.recent) {
    if (!tagged(k, "k", 2)) continue;
    const id = JSON.stringify(k.key);
    if (seen.has(id)) continue;
    seen.add(id);
    if (!k.deleted) times++;
  }
  const recent = state.recent
    .filter((k) => tagged(k, "g", 3))
    .map((k): StateKeyView => {
      const group = (k.key as unknown[])[2];
      const acc = k.deleted ? undefined : (k.value as { acc?: unknown } | undefined)?.acc;
      return { key: group, version: k.version, deleted: k.deleted, ...(k.deleted ? {} : { value: acc }) };
    });
  return { size: Math.max(0, state.size - times), recent };
}

/**
 * The lines of the state of node `name` in `s` (title excluded), at most `height`; values get the
 * width that is left (`fill`), or only what they need.
 */
export function stateLines(s: Snapshot, name: string | undefined, width: number, height = Infinity, fill = true): Line[] {
  const node = name === undefined ? undefined : s.nodes.find((n) => n.name === name);
  if (node === undefined) return [[seg("no stateful node: .watch <node> picks one", { color: "gray" })]];
  const state = userState(node);
  if (state === undefined) return [[seg(`${node.name} keeps no keyed state`, { color: "gray" })]];
  const recent = state.recent;
  if (recent.length === 0) return [[seg(state.size === 0 ? "empty" : `${compact(state.size)} keys; none changed since watching began`, { color: "gray" })]];
  const keys = recent.map((k) => short(k.key));
  const keyW = Math.min(Math.max(3, ...keys.map((k) => k.length)), Math.max(6, Math.floor(width * 0.3)));
  const versions = recent.map((k) => `v${k.version}`);
  const verW = Math.max(...versions.map((v) => v.length));
  const room = Math.max(8, width - keyW - verW - 4);
  const valueW = fill ? room : Math.min(room, Math.max(...recent.map((k) => (k.deleted ? 9 : stateValue(k.value, room).length))));
  const lines: Line[] = recent.map((k, i) => {
    const key = keys[i]!.length > keyW ? `${keys[i]!.slice(0, keyW - 1)}…` : keys[i]!.padEnd(keyW);
    const value = k.deleted ? "(deleted)" : stateValue(k.value, valueW);
    return [seg(key, { color: "cyan" }), seg("  "), seg(value.padEnd(valueW), k.deleted ? { color: "gray" } : {}), seg("  "), seg(versions[i]!.padStart(verW), { color: "gray" })];
  });
  return lines.slice(0, height);
}

