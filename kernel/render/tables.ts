/**
 * The view's tables and lists: keyed state of stateful nodes (size and the most recently changed
 * keys with values and versions), the failures, the last few events, and a summary table of nodes
 * for graphs too big to draw one by one. Everything is bounded (rows, characters per cell) and
 * every piece of user data is escaped.
 */
import type { EventView, NodeView, Snapshot, StateKeyView } from "../../src/index.js";
import { userState, waitingText } from "../../src/internals.js";
import { capsText, queuedOf } from "./plan.js";
import { COLORS, CSS, compact, duration, escapeHtml, text, valueText } from "./style.js";

/** How much the tables show. */
export interface TableLimits {
  /** Stateful nodes shown (default 6). */
  readonly stateNodes?: number;
  /** Keys shown per stateful node (default 8). */
  readonly stateKeys?: number;
  /** Failures listed (default 3). */
  readonly failures?: number;
  /** Events listed (default 8). */
  readonly events?: number;
  /** Rows of the node summary table (default 25). */
  readonly nodes?: number;
}

const th = (label: string, extra = ""): string => `<th style="${CSS.th}${extra}">${label}</th>`;
const td = (html: string, extra = ""): string => `<td style="${CSS.td}${extra}">${html}</td>`;
const num = (html: string): string => `<td style="${CSS.num}">${html}</td>`;

/** One table per stateful node: its size and its most recently changed keys (newest first). */
export function stateTables(s: Snapshot, limits: TableLimits = {}): string {
  const stateful = s.nodes.filter((n) => n.state !== undefined);
  if (stateful.length === 0) return "";
  const max = limits.stateNodes ?? 6;
  // In creation order, so cards keep their places while a live view updates.
  const shown = stateful.slice(0, max);
  const cards = shown.map((n) => stateTable(n, limits.stateKeys ?? 8));
  const more = stateful.length > max ? `<div style="${CSS.muted};font-size:12px;align-self:center">… ${stateful.length - max} more stateful nodes</div>` : "";
  return `<div class="sw-states" style="display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start">${cards.join("")}${more}</div>`;
}

/** The state table of one stateful node, as its user sees it (each key once, its current value). */
export function stateTable(n: NodeView, maxKeys = 8): string {
  // As the user thinks of it: each key once, no bookkeeping keys or deletions (see userState).
  const st = userState(n) ?? n.state!;
  const rows = st.recent.slice(0, maxKeys).map((k) => {
    const value = k.deleted ? `<i style="${CSS.muted}">deleted</i>` : k.waiting !== undefined ? waitingCell(k) : valueText(k.value, 100);
    return `<tr class="sw-key" style="${CSS.tr}" data-key="${valueText(k.key, 100)}" data-version="${k.version}"${k.deleted ? ` data-deleted="true"` : ""}>${td(valueText(k.key, 60), `;${CSS.mono}`)}${td(value, `;${CSS.mono}${k.deleted ? ";text-decoration:line-through" : ""}`)}${num(k.version > 0 ? `v${k.version}` : "")}</tr>`;
  });
  const empty = rows.length === 0 ? `<tr>${td(`<i style="${CSS.muted}">no changes seen yet</i>`, "")}<td style="${CSS.td}"></td><td style="${CSS.td}"></td></tr>` : "";
  const title = `<div style="margin-bottom:3px;font-size:12px"><b>${text(n.name, 60)}</b> <span style="${CSS.muted}">${text(n.kind, 30)}</span> · <span style="color:${COLORS.purple};font-weight:600">${st.size} key${st.size === 1 ? "" : "s"}</span>${st.waiting !== undefined && st.waiting > 0 ? ` · <span class="sw-waiting" data-waiting="${st.waiting}">${st.waiting} waiting for the frontier</span>` : ""}</div>`;
  return (
    `<div class="sw-state-card" style="${CSS.card}">${title}` +
    `<table class="sw-state" data-node="${text(n.name, 200)}" data-size="${st.size}" style="${CSS.table}"><thead><tr>${th("key")}${th("value")}${th("version", ";text-align:right")}</tr></thead><tbody>${rows.join("")}${empty}</tbody></table></div>`
  );
}

/** A window key's cell: its windows, then its elements that wait for the frontier (they join a window once it passes their time). */
function waitingCell(k: StateKeyView): string {
  const windows = Array.isArray(k.value) && k.value.length === 0 ? `<i style="${CSS.muted}">no window yet</i>` : valueText(k.value, 100);
  return `${windows} <span class="sw-waiting-items" style="${CSS.muted}">· ${waitingText(k.waiting!, (item) => valueText(item, 30))}</span>`;
}

/** The failures in all and the last few of them, or `""` when there are none. */
export function failureList(s: Snapshot, limits: TableLimits = {}): string {
  if (s.failureCount === 0) return "";
  const max = limits.failures ?? 3;
  const last = s.failures.slice(-max).reverse();
  const items = last.map((f) => {
    const where = [f.port !== undefined ? `port ${text(f.port, 40)}` : "", f.time !== undefined ? `time ${text(String(f.time), 40)}` : ""].filter((x) => x !== "").join(", ");
    return `<li data-node="${text(f.node, 200)}" style="margin:1px 0"><b>${text(f.node, 60)}</b>${where !== "" ? ` <span style="${CSS.muted}">(${where})</span>` : ""}: <span style="${CSS.mono}">${text(f.message, 300)}</span></li>`;
  });
  const more = s.failureCount > last.length ? `<li style="${CSS.muted};list-style:none">… ${s.failureCount - last.length} earlier</li>` : "";
  return (
    `<div class="sw-failures" data-count="${s.failureCount}" style="border-left:3px solid ${COLORS.red};padding:2px 10px;margin:6px 0;background:${COLORS.red}14;border-radius:0 4px 4px 0">` +
    `<div style="font-weight:600;color:${COLORS.red};font-size:12px">${s.failureCount} failure${s.failureCount === 1 ? "" : "s"}</div>` +
    `<ul style="margin:2px 0;padding-left:18px;font-size:12px">${items.join("")}${more}</ul></div>`
  );
}

const EVENT_COLORS: Record<EventView["kind"], string> = {
  send: COLORS.grey,
  frontier: COLORS.blue,
  capability: COLORS.green,
  state: COLORS.purple,
  failure: COLORS.red,
  status: COLORS.amber,
};

/** The last few events, newest first, with how long before the snapshot each happened. */
export function eventList(s: Snapshot, limits: TableLimits = {}): string {
  if (s.events.length === 0) return "";
  const max = limits.events ?? 8;
  const last = s.events.slice(-max).reverse();
  const rows = last.map((e) => {
    const kind = `<span style="display:inline-block;min-width:62px;font-size:10.5px;font-weight:600;color:${EVENT_COLORS[e.kind] ?? COLORS.grey}">${escapeHtml(e.kind)}</span>`;
    const ago = Math.max(0, s.now - e.at);
    return `<li class="sw-event" data-seq="${e.seq}" data-kind="${escapeHtml(e.kind)}" style="margin:0;padding:1px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis"><span style="${CSS.muted};display:inline-block;min-width:58px;font-variant-numeric:tabular-nums;font-size:11px">${ago === 0 ? "now" : `−${escapeHtml(duration(ago))}`}</span>${kind}<span style="${CSS.mono}">${text(e.text, 160)}</span></li>`;
  });
  return `<ol class="sw-events" style="list-style:none;margin:0;padding:0;font-size:12px;max-width:100%">${rows.join("")}</ol>`;
}

/**
 * A table of nodes for graphs too big to draw one by one: the busiest first (queued items,
 * failures, held capabilities, items in), with their frontiers, counts and state size.
 */
export function nodeTable(s: Snapshot, limits: TableLimits = {}): string {
  const max = limits.nodes ?? 25;
  const score = (n: NodeView): number[] => [queuedOf(n), n.stats.failures, n.capabilities.length, n.stats.itemsIn + n.stats.itemsOut];
  const order = s.nodes.map((n, i) => ({ n, i, k: score(n) }));
  order.sort((a, b) => {
    for (let j = 0; j < a.k.length; j++) if (a.k[j] !== b.k[j]) return b.k[j]! - a.k[j]!;
    return a.i - b.i;
  });
  const rows = order.slice(0, max).map(({ n }) => {
    const ports = n.inputs.length > 0 ? n.inputs : n.outputs.filter((p) => p.name !== "error");
    const frontiers = ports
      .slice(0, 3)
      .map((p) => `<span data-port="${text(p.id, 200)}" data-frontier="${text(p.frontier.text, 200)}">${text(p.name, 16)} ${text(p.frontier.text, 30)}</span>`)
      .join("<br>");
    const q = queuedOf(n);
    return (
      `<tr class="sw-node-row" style="${CSS.tr}" data-node="${text(n.name, 200)}" data-kind="${text(n.kind, 60)}" data-items-in="${n.stats.itemsIn}" data-items-out="${n.stats.itemsOut}" data-queued="${q}">` +
      td(`<b>${text(n.name, 48)}</b>`) +
      td(text(n.kind, 20), `;${CSS.muted}`) +
      td(frontiers + (ports.length > 3 ? ` <span style="${CSS.muted}">+${ports.length - 3}</span>` : ""), `;${CSS.mono}`) +
      num(compact(n.stats.itemsIn)) +
      num(compact(n.stats.itemsOut)) +
      num(q > 0 ? `<b style="color:${COLORS.amber}">${compact(q)}</b>` : "0") +
      td(text(capsText(n), 40), `;${CSS.mono}`) +
      num(n.state !== undefined ? compact(n.state.size) : "") +
      num(n.stats.failures > 0 ? `<b style="color:${COLORS.red}">${compact(n.stats.failures)}</b>` : "") +
      `</tr>`
    );
  });
  const more = s.nodes.length > max ? `<tr><td colspan="9" style="${CSS.td};${CSS.muted}">… ${s.nodes.length - max} more nodes</td></tr>` : "";
  return (
    `<table class="sw-nodes" data-rows="${Math.min(max, s.nodes.length)}" style="${CSS.table}"><thead><tr>` +
    `${th("node")}${th("kind")}${th("frontier")}${th("in", ";text-align:right")}${th("out", ";text-align:right")}${th("queued", ";text-align:right")}${th("holds")}${th("keys", ";text-align:right")}${th("failed", ";text-align:right")}` +
    `</tr></thead><tbody>${rows.join("")}${more}</tbody></table>`
  );
}

/** Nodes counted by kind, most common first: `map ×400 · input ×3`. */
export function kindSummary(s: Snapshot, max = 8): string {
  const counts = new Map<string, number>();
  for (const n of s.nodes) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  const list = [...counts].sort((a, b) => b[1] - a[1]);
  const shown = list.slice(0, max).map(([k, c]) => `${text(k, 30)} ×${c}`);
  if (list.length > max) shown.push(`${list.length - max} more kinds`);
  return shown.join(" · ");
}
