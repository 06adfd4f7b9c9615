/** The observation model as plain text (what `util.inspect` and text-only displays show). */
import type { NodeView, Snapshot } from "./model.js";

/** A few lines per node: kind, frontiers of its inputs, counts, capabilities and state. */
export function snapshotText(s: Snapshot, maxNodes = 40): string {
  const head = `Graph "${s.graph}" · ${s.status}${s.mode !== undefined ? ` (${s.mode})` : ""} · ${s.nodes.length} node${s.nodes.length === 1 ? "" : "s"}, ${s.edges.length} edge${s.edges.length === 1 ? "" : "s"} · inputs ${s.inputs.text}`;
  const lines = [head];
  for (const n of s.nodes.slice(0, maxNodes)) lines.push(`  ${nodeLine(n)}`);
  if (s.nodes.length > maxNodes) lines.push(`  … ${s.nodes.length - maxNodes} more nodes`);
  if (s.stepCount !== undefined) {
    const last = s.steps?.[s.steps.length - 1];
    lines.push(`  step mode: ${s.stepCount} step${s.stepCount === 1 ? "" : "s"} taken${last !== undefined ? ` · last: ${last.summary}` : ""}`);
  }
  if (s.checkpoints !== undefined) lines.push(`  checkpoints: ${s.checkpoints.text}`);
  if (s.failureCount > 0) lines.push(`  failures: ${s.failureCount}; last: ${s.failures[s.failures.length - 1]?.node}: ${s.failures[s.failures.length - 1]?.message}`);
  return lines.join("\n");
}

/** One line for a node. */
export function nodeLine(n: NodeView): string {
  const ins = n.inputs.map((p) => `${p.name} ${p.frontier.text}${p.queuedItems ? ` (${p.queuedItems} queued)` : ""}`).join(", ");
  const parts = [`${n.name} [${n.kind}]`];
  if (ins !== "") parts.push(ins);
  parts.push(`in ${n.stats.itemsIn} / out ${n.stats.itemsOut}`);
  if (n.capabilities.length > 0) parts.push(`holds ${n.capabilities.map((c) => (c.count === 1 ? String(c.time) : `${c.time}×${c.count}`)).join(", ")}`);
  if (n.state !== undefined) parts.push(`state ${n.state.size} keys`);
  if (n.stats.failures > 0) parts.push(`${n.stats.failures} failures`);
  if (n.status !== "running" && n.status !== "idle") parts.push(n.status);
  return parts.join(" · ");
}
