/**
 * Which picture a snapshot gets, and the figures the pictures and tables share.
 *
 * Three plans, by size: every node with its ports (`graph`); above the limits, one box per
 * top-level subgraph with aggregated figures (`grouped`); and when even that is too many boxes,
 * no picture at all (`table`: the view shows a table of the busiest nodes instead). Subgraphs are
 * the prefixes of node names (`enrich/map` sits in `enrich`), as the library names the nodes of
 * `g.subgraph("enrich", ...)`.
 */
import { leastTime, type FrontierView, type NodeView, type Snapshot } from "../../src/internals.js";

/** Size limits that choose the plan. */
export interface ViewLimits {
  /** Most nodes drawn one by one with their ports (default 60). */
  readonly graphNodes: number;
  /** Most edges drawn one by one (default 150). */
  readonly graphEdges: number;
  /** Most ports drawn one by one, over all nodes (default 300). */
  readonly graphPorts: number;
  /** Most boxes (groups and ungrouped nodes) in the grouped picture (default 60). */
  readonly groups: number;
  /** Most edges between boxes in the grouped picture (default 200). */
  readonly groupEdges: number;
}

/** The default limits: pictures stay legible and lay out in tens of milliseconds at most. */
export const DEFAULT_LIMITS: ViewLimits = { graphNodes: 60, graphEdges: 150, graphPorts: 300, groups: 60, groupEdges: 200 };

/** How a snapshot is shown: every node, grouped by subgraph prefix, or as a table only. */
export type Plan = "graph" | "grouped" | "table";

/** One group of the grouped plan: a top-level subgraph, or a node outside every subgraph. */
export interface Group {
  /** The prefix (or the node's name). */
  readonly name: string;
  /** True for a subgraph prefix, false for a single node. */
  readonly isGroup: boolean;
  /** Its nodes. */
  readonly nodes: NodeView[];
}

/**
 * The subgraph prefixes among `names` (`enrich` for `enrich/map`; `a` and `a/b` for `a/b/x`): a
 * prefix counts when at least two nodes sit under it or it has a subgraph boundary node, so a lone
 * node that merely has a `/` in its name is not boxed on its own.
 */
export function subgraphPrefixes(nodes: readonly NodeView[]): Set<string> {
  const count = new Map<string, number>();
  const boundary = new Set<string>();
  for (const n of nodes) {
    for (let i = n.name.indexOf("/"); i > 0; i = n.name.indexOf("/", i + 1)) {
      const p = n.name.slice(0, i);
      count.set(p, (count.get(p) ?? 0) + 1);
    }
    const last = n.name.lastIndexOf("/");
    if (n.kind === "boundary" && last > 0) boundary.add(n.name.slice(0, last));
  }
  const out = new Set<string>();
  for (const [p, c] of count) if (c >= 2 || boundary.has(p)) out.add(p);
  return out;
}

/** The subgraph prefixes a node sits in, outermost first (see {@link subgraphPrefixes}). */
export function prefixesOf(name: string, prefixes: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = name.indexOf("/"); i > 0; i = name.indexOf("/", i + 1)) if (prefixes.has(name.slice(0, i))) out.push(name.slice(0, i));
  return out;
}

/** The nodes grouped by top-level subgraph prefix, in order of first appearance; nodes outside every subgraph are groups of one. */
export function groupsOf(s: Snapshot): Group[] {
  const prefixes = subgraphPrefixes(s.nodes);
  const byName = new Map<string, Group>();
  for (const n of s.nodes) {
    const top = prefixesOf(n.name, prefixes)[0];
    const key = top ?? n.name;
    let g = byName.get(key);
    if (g === undefined) byName.set(key, (g = { name: key, isGroup: top !== undefined, nodes: [] }));
    g.nodes.push(n);
  }
  return [...byName.values()];
}

/** Which plan fits `s` within `limits`. */
export function planFor(s: Snapshot, limits: ViewLimits = DEFAULT_LIMITS): Plan {
  const ports = s.nodes.reduce((a, n) => a + n.inputs.length + n.outputs.length, 0);
  if (s.nodes.length <= limits.graphNodes && s.edges.length <= limits.graphEdges && ports <= limits.graphPorts) return "graph";
  const groups = groupsOf(s);
  if (groups.length > limits.groups) return "table";
  const index = groupIndex(groups);
  const pairs = new Set<string>();
  for (const e of s.edges) {
    const a = index.get(nodeOfPort(s, e.from));
    const b = index.get(nodeOfPort(s, e.to));
    if (a !== undefined && b !== undefined && a !== b) pairs.add(`${a} ${b}`);
  }
  return pairs.size <= limits.groupEdges ? "grouped" : "table";
}

/**
 * How deep (ranks on the longest path) and how wide (most nodes on one rank) a graph of `n`
 * nodes and `edges` is when laid out in ranks; edges that close cycles are ignored.
 */
export function rankShape(n: number, edges: readonly { readonly a: number; readonly b: number }[]): { depth: number; width: number } {
  const out: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Array<number>(n).fill(0);
  for (const e of edges) {
    out[e.a]!.push(e.b);
    indegree[e.b]!++;
  }
  const rank = new Array<number>(n).fill(0);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue.push(i);
  let seen = 0;
  while (seen < queue.length) {
    const v = queue[seen++]!;
    for (const w of out[v]!) {
      rank[w] = Math.max(rank[w]!, rank[v]! + 1);
      if (--indegree[w]! === 0) queue.push(w);
    }
  }
  const perRank = new Map<number, number>();
  for (const r of rank) perRank.set(r, (perRank.get(r) ?? 0) + 1);
  return { depth: Math.max(0, ...rank) + 1, width: Math.max(0, ...perRank.values()) };
}

/** Items queued into all of a node's inputs. */
export function queuedOf(n: NodeView): number {
  let q = 0;
  for (const p of n.inputs) q += p.queuedItems ?? 0;
  return q;
}

/** A node's capabilities as text: `5`, `3×2, 7`. */
export function capsText(n: NodeView): string {
  return n.capabilities.map((c) => (c.count === 1 ? String(c.time) : `${c.time}×${c.count}`)).join(", ");
}

/** The earliest of some frontiers: the one with the least integer time, else the first not done, else the first. */
export function earliest(fs: readonly FrontierView[]): FrontierView | undefined {
  let best: FrontierView | undefined;
  let bestT: number | null = null;
  for (const f of fs) {
    if (f.done) continue;
    const t = leastTime(f);
    if (best === undefined || (t !== null && (bestT === null || t < bestT))) {
      best = f;
      bestT = t;
    }
  }
  return best ?? fs[0];
}

/** Each node's group, by name. */
export function groupIndex(groups: readonly Group[]): Map<string, number> {
  const index = new Map<string, number>();
  groups.forEach((g, i) => {
    for (const n of g.nodes) index.set(n.name, i);
  });
  return index;
}

const portOwners = new WeakMap<Snapshot, Map<string, string>>();

/** The node a port id (`node.port`) belongs to, looked up in the snapshot (node names may hold dots). */
export function nodeOfPort(s: Snapshot, port: string): string {
  let m = portOwners.get(s);
  if (m === undefined) {
    m = new Map();
    for (const n of s.nodes) for (const p of [...n.inputs, ...n.outputs]) m.set(p.id, n.name);
    portOwners.set(s, m);
  }
  return m.get(port) ?? port.slice(0, port.lastIndexOf("."));
}
