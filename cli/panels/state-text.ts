/**
 * The state panel's text: the keyed state of the watched node (`.watch <node>`; by default the first
 * stateful node) as its user sees it (`userState`): how many keys, and the most recently changed
 * keys, each once, with their values and versions, newest first. `raw` shows the operator's own
 * entries and deletions instead.
 */
import type { Snapshot, StateKeyView } from "streamweave";
import { userState, waitingText } from "streamweave/internals";
import { compact, short, stateValue } from "../format.js";
import { seg, type Line } from "./lines.js";

/**
 * The lines of the state of node `name` in `s` (title excluded), at most `height`; values get the
 * width that is left (`fill`), or only what they need.
 */
export function stateLines(s: Snapshot, name: string | undefined, width: number, height = Infinity, fill = true, raw = false): Line[] {
  const node = name === undefined ? undefined : s.nodes.find((n) => n.name === name);
  if (node === undefined) return [[seg("no stateful node: .watch <node> picks one", { color: "gray" })]];
  const state = raw ? node.state : userState(node);
  if (state === undefined) return [[seg(`${node.name} keeps no keyed state`, { color: "gray" })]];
  const recent = state.recent;
  if (recent.length === 0) return [[seg(state.size === 0 ? "empty" : `${compact(state.size)} keys; none changed since watching began`, { color: "gray" })]];
  const keys = recent.map((k) => short(k.key));
  const keyW = Math.min(Math.max(3, ...keys.map((k) => k.length)), Math.max(6, Math.floor(width * 0.3)));
  // A key shown only for its waiting elements has no state change yet: no version.
  const versions = recent.map((k) => (k.version > 0 ? `v${k.version}` : ""));
  const verW = Math.max(...versions.map((v) => v.length));
  const room = Math.max(8, width - keyW - verW - 4);
  const valueW = fill ? room : Math.min(room, Math.max(...recent.map((k) => (k.deleted ? 9 : valueOf(k, room).length))));
  const lines: Line[] = recent.map((k, i) => {
    const key = keys[i]!.length > keyW ? `${keys[i]!.slice(0, keyW - 1)}…` : keys[i]!.padEnd(keyW);
    const value = k.deleted ? "(deleted)" : valueOf(k, valueW);
    return [seg(key, { color: "cyan" }), seg("  "), seg(value.padEnd(valueW), k.deleted ? { color: "gray" } : {}), seg("  "), seg(versions[i]!.padStart(verW), { color: "gray" })];
  });
  return lines.slice(0, height);
}


/** A key's value, then the elements of it that wait for the frontier (window operators), within `width`. */
function valueOf(k: StateKeyView, width: number): string {
  if (k.waiting === undefined) return stateValue(k.value, width);
  const windows = Array.isArray(k.value) && k.value.length === 0 ? "no window yet" : stateValue(k.value, Infinity);
  const text = `${windows} · ${waitingText(k.waiting, short)}`;
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
