/**
 * The graph panel's text: the nodes as a tree along their edges (each node once, under its first
 * upstream), with items in and out, the frontier at the node's input (an input's own time), what
 * waits in its queues, its keyed state's size and its failures.
 */
import type { NodeView, Snapshot } from "streamweave";
import { compact } from "../format.js";
import { fit, seg, type Line, type Seg } from "./lines.js";
import { userState } from "streamweave/internals";

/** One row of the tree. */
interface Row {
  readonly node: NodeView;
  /** Tree drawing before the name (`├ `, `│ └ `). */
  readonly prefix: string;
  /** The upstream output port it hangs from, when that is not `out` (`late`, `error`, ...). */
  readonly via?: string;
  /** The input port it is reached at, when that is not `in`. */
  readonly at?: string;
  /** True when the node was drawn already (fan-in): a reference, not a subtree. */
  readonly ref: boolean;
}

/** The node a port id (`node.port`) belongs to, and the port's name. */
export function splitPort(id: string): [string, string] {
  const i = id.lastIndexOf(".");
  return i < 0 ? [id, ""] : [id.slice(0, i), id.slice(i + 1)];
}

/** The nodes of `s` in tree order: roots in creation order, each node once, under its first upstream. */
export function treeRows(s: Snapshot): Row[] {
  const byName = new Map(s.nodes.map((n) => [n.name, n]));
  const children = new Map<string, Array<{ to: string; via: string; at: string }>>();
  const hasParent = new Set<string>();
  for (const e of s.edges) {
    const [from, via] = splitPort(e.from);
    const [to, at] = splitPort(e.to);
    if (!byName.has(from) || !byName.has(to)) continue;
    const list = children.get(from) ?? [];
    if (!list.some((c) => c.to === to && c.via === via)) list.push({ to, via, at });
    children.set(from, list);
    if (from !== to) hasParent.add(to);
  }
  const rows: Row[] = [];
  const drawn = new Set<string>();
  const visit = (name: string, lead: string, branch: string, via: string, at: string): void => {
    const node = byName.get(name)!;
    const ref = drawn.has(name);
    rows.push({ node, prefix: lead + branch, ref, ...(via !== "" && via !== "out" && via !== name ? { via } : {}), ...(at !== "" && at !== "in" ? { at } : {}) });
    if (ref) return;
    drawn.add(name);
    const kids = children.get(name) ?? [];
    const nextLead = lead + (branch === "" ? "" : branch === "├ " ? "│ " : "  ");
    kids.forEach((k, i) => visit(k.to, nextLead, i === kids.length - 1 ? "└ " : "├ ", k.via, k.at));
  };
  for (const n of s.nodes) if (!hasParent.has(n.name) && !drawn.has(n.name)) visit(n.name, "", "", "", "");
  for (const n of s.nodes) if (!drawn.has(n.name)) visit(n.name, "", "", "", ""); // cycles without a root
  return rows;
}

/** The frontier shown for a node: its inputs' (distinct texts), or an input node's own time. */
function frontierOf(n: NodeView): string {
  const ports = n.inputs.length > 0 ? n.inputs : n.outputs.filter((p) => p.name !== "error");
  return [...new Set(ports.map((p) => p.frontier.text))].join(" ");
}

/** The panel's lines for `s`, at most `height` of them (a last line says how many nodes did not fit). */
export function graphLines(s: Snapshot, width: number, height = Infinity): Line[] {
  const rows = treeRows(s);
  if (rows.length === 0) return [[seg("no nodes yet: g.input(\"x\") adds one", { color: "gray" })]];
  const label = (r: Row): string => `${r.prefix}${r.via !== undefined ? `${r.via}▸ ` : ""}${r.node.name}${r.at !== undefined ? `.${r.at}` : ""}`;
  const nameW = Math.min(Math.max(...rows.map((r) => label(r).length)), Math.max(10, Math.floor(width * 0.5)));
  const ins = rows.map((r) => (r.node.inputs.length > 0 ? compact(r.node.stats.itemsIn) : ""));
  const outs = rows.map((r) => (r.node.outputs.some((p) => p.name !== "error") ? compact(r.node.stats.itemsOut) : ""));
  const inW = Math.max(2, ...ins.map((x) => x.length));
  const outW = Math.max(3, ...outs.map((x) => x.length));
  const narrow = width < nameW + inW + outW + 16;
  const lines: Line[] = [];
  const header: Seg[] = [seg("node".padEnd(nameW), { color: "gray" })];
  if (!narrow) header.push(seg(`  ${"in".padStart(inW)}`, { color: "gray" }));
  header.push(seg(`  ${"out".padStart(outW)}`, { color: "gray" }), seg("  frontier", { color: "gray" }));
  lines.push(header);
  const last = s.steps?.[s.steps.length - 1];
  const stepped = last?.kind === "node" ? last.node : undefined;
  rows.forEach((r, i) => {
    const n = r.node;
    const done = n.status === "finished" || n.status === "removed";
    const segs: Seg[] = [
      seg(r.prefix, { color: "gray" }),
      ...(r.via !== undefined ? [seg(`${r.via}▸ `, { color: "gray" })] : []),
      seg(n.name, r.ref ? { color: "gray" } : n.kind === "input" ? { color: "cyan", bold: true } : { bold: !done, ...(done ? { color: "gray" } : {}) }),
      ...(r.at !== undefined ? [seg(`.${r.at}`, { color: "gray" })] : []),
    ];
    const nameLine = fit(segs, nameW);
    if (r.ref) {
      lines.push([...nameLine, seg("  (drawn above)", { color: "gray" })]);
      return;
    }
    const line: Seg[] = [...nameLine];
    if (!narrow) line.push(seg(`  ${ins[i]!.padStart(inW)}`));
    line.push(seg(`  ${outs[i]!.padStart(outW)}`));
    const f = frontierOf(n);
    line.push(seg(`  ${f}`, { color: f === "[]" ? "green" : "yellow" }));
    const queued = n.inputs.reduce((a, p) => a + (p.queuedItems ?? 0), 0);
    if (queued > 0) line.push(seg(`  +${compact(queued)} queued`, { color: "magenta" }));
    const state = userState(n);
    if (state !== undefined) line.push(seg(`  ${compact(state.size)} key${state.size === 1 ? "" : "s"}`, { color: "cyan" }));
    if (n.stats.failures > 0) line.push(seg(`  ✗${compact(n.stats.failures)}`, { color: "red", bold: true }));
    if (done) line.push(seg(`  ${n.status}`, { color: "gray" }));
    if (n.name === stepped) line.push(seg(`  ◀ step ${last!.step}`, { color: "green", bold: true }));
    lines.push(line);
  });
  if (lines.length > height) {
    const keep = Math.max(1, height - 1);
    const more = rows.length - (keep - 1);
    return [...lines.slice(0, keep), [seg(`… ${more} more node${more === 1 ? "" : "s"} (.graph prints them all)`, { color: "gray" })]];
  }
  return lines;
}

/** The title of the graph panel: the graph's name, its status and mode, and its size. */
export function graphTitle(s: Snapshot): { title: string; note: string } {
  return { title: `graph ${s.graph}`, note: `· ${s.status}${s.mode !== undefined ? ` (${s.mode})` : ""} · ${s.nodes.length} node${s.nodes.length === 1 ? "" : "s"}` };
}

