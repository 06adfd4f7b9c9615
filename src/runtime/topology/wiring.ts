/**
 * How the nodes and edges of a dataflow look to progress tracking and to the scheduler.
 *
 * Invariant: `buildTopology` describes exactly the current nodes and edges: an input port steps to
 * every output of its node through the node's summary (none when the summary is null), a node's
 * capabilities step to its outputs, an output steps to the inputs it is connected to, and the
 * wildcard steps to every input port never connected.
 */
import type { Summary } from "../../time/summary.js";
import { WILDCARD, type Step, type Topology } from "../../progress/topology.js";
import type { NodeRuntime } from "../node.js";

/** The location graph of `nodes` (plus one extra step, to try a change before making it). */
export function buildTopology(nodes: Iterable<NodeRuntime>, extra?: readonly [from: number, step: Step, unwild: boolean]): Topology {
  const steps: Step[][] = [];
  const roots = new Set<number>();
  const wild: Step[] = [];
  for (const node of nodes) {
    const s: Summary | null = node.spec.summary;
    for (const p of node.inputs) {
      steps[p.loc] = s === null ? [] : node.outputs.map((o) => ({ to: o.loc, summary: s }));
      if (!p.everConnected && !(extra?.[2] === true && extra[1].to === p.loc)) wild.push({ to: p.loc, summary: 0 });
    }
    steps[node.capabilityLocation] = node.outputs.map((o) => ({ to: o.loc, summary: 0 }));
    for (const o of node.outputs) steps[o.loc] = o.edges.map((e) => ({ to: e.to.loc, summary: 0 }));
    if (node.inputs.length === 0) roots.add(node.capabilityLocation);
  }
  if (extra !== undefined) steps[extra[0]] = [...(steps[extra[0]] ?? []), extra[1]];
  steps[WILDCARD] = wild;
  return { steps, roots };
}

/** `nodes` in topological order along edges; creation order breaks ties and cycles. */
export function topologicalOrder(nodes: readonly NodeRuntime[]): NodeRuntime[] {
  const indeg = new Map<NodeRuntime, number>(nodes.map((n) => [n, 0]));
  for (const n of nodes) for (const o of n.outputs) for (const e of o.edges) indeg.set(e.to.node, (indeg.get(e.to.node) ?? 0) + 1);
  const out: NodeRuntime[] = [];
  const placed = new Set<NodeRuntime>();
  while (out.length < nodes.length) {
    const next = nodes.find((n) => !placed.has(n) && indeg.get(n) === 0) ?? nodes.find((n) => !placed.has(n))!;
    placed.add(next);
    out.push(next);
    for (const o of next.outputs) for (const e of o.edges) indeg.set(e.to.node, indeg.get(e.to.node)! - 1);
  }
  return out;
}
