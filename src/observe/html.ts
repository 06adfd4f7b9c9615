/**
 * The observation model as a small HTML table (the rich display notebooks fall back on). Every
 * piece of user data (names, keys, values, messages) is escaped.
 */
import { inspect } from "node:util";
import type { Snapshot } from "./model.js";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A short printed form of any value. */
export function shortValue(v: unknown): string {
  return inspect(v, { depth: 2, breakLength: Infinity, maxStringLength: 80, maxArrayLength: 8 });
}

/** A table of the nodes with their frontiers, counts, capabilities and state. */
export function snapshotHtml(s: Snapshot, maxNodes = 200): string {
  const e = escapeHtml;
  const rows = s.nodes.slice(0, maxNodes).map((n) => {
    const ins = n.inputs.map((p) => `${e(p.name)} <code>${e(p.frontier.text)}</code>${p.queuedItems ? ` <small>(${p.queuedItems} queued)</small>` : ""}`).join("<br>");
    const caps = n.capabilities.map((c) => e(String(c.time)) + (c.count > 1 ? `×${c.count}` : "")).join(", ");
    const state = n.state === undefined ? "" : `${n.state.size} keys${n.state.recent.length > 0 ? `<br><small>${n.state.recent.slice(0, 3).map((k) => e(`${shortValue(k.key)}${k.deleted ? " (deleted)" : ` = ${shortValue(k.value)}`} v${k.version}`)).join("<br>")}</small>` : ""}`;
    return `<tr><td><b>${e(n.name)}</b><br><small>${e(n.kind)}</small></td><td>${ins}</td><td>${n.stats.itemsIn}</td><td>${n.stats.itemsOut}</td><td>${caps}</td><td>${state}</td></tr>`;
  });
  const more = s.nodes.length > maxNodes ? `<tr><td colspan="6">… ${s.nodes.length - maxNodes} more nodes</td></tr>` : "";
  const checkpoints = s.checkpoints !== undefined ? `<p class="sw-checkpoints">checkpoints: ${e(s.checkpoints.text)}</p>` : "";
  const fails = s.failureCount > 0 ? `<p>failures: ${s.failureCount}; last: ${e(`${s.failures[s.failures.length - 1]?.node}: ${s.failures[s.failures.length - 1]?.message}`)}</p>` : "";
  return (
    `<div class="streamweave-graph"><p><b>${e(s.graph)}</b> · ${e(s.status)}${s.mode !== undefined ? ` (${e(s.mode)})` : ""} · inputs <code>${e(s.inputs.text)}</code></p>` +
    `<table><thead><tr><th>node</th><th>input frontiers</th><th>in</th><th>out</th><th>holds</th><th>state</th></tr></thead><tbody>${rows.join("")}${more}</tbody></table>${checkpoints}${fails}</div>`
  );
}
