/**
 * Checks made while a dataflow is built or grown: edges that would move a seen frontier back, and
 * how a cycle that does not advance time is named in the error.
 */
import type { ProgressTracker } from "../progress/tracker.js";
import { GraphError } from "./failure.js";
import { NodeRuntime } from "./node.js";
import type { InPort, OutPort } from "./topology/ports.js";
import { buildTopology } from "./topology/wiring.js";

/**
 * Refuses an edge `from` → `to` added while the graph runs when it would move back the frontier
 * of an input port whose node has already seen it (a frontier a node saw never moves back).
 */
export function checkNoRegression(tracker: ProgressTracker, nodes: readonly NodeRuntime[], from: OutPort<NodeRuntime>, to: InPort<NodeRuntime>): void {
  const watched: InPort<NodeRuntime>[] = [];
  for (const node of nodes) if (node.observed) watched.push(...node.inputs);
  if (watched.length === 0) return;
  const next = buildTopology(nodes, [from.loc, { to: to.loc, summary: 0 }, true]);
  const after = tracker.frontiersUnder(next, watched.map((p) => p.loc));
  watched.forEach((p, i) => {
    const before = p.frontier;
    if (after[i]!.dominatedBy(before)) return;
    throw new GraphError(
      `cannot connect ${from.id} → ${to.id} while the graph runs: the frontier of ${p.id} would move back from ${before} to ${after[i]} ` +
        `(${from.id} may still send at ${tracker.frontier(from.loc)}), but node "${p.node.name}" has already seen ${before}. ` +
        `Advance the inputs upstream of ${from.id} past ${before} first, or connect before the times pass.`,
    );
  });
}

/** A cycle of tracker locations as names: `a.out → b.in → b (capability) → ...`. */
export function describeCycle(locations: readonly number[], at: (loc: number) => InPort<NodeRuntime> | OutPort<NodeRuntime> | NodeRuntime | undefined): string {
  const names: string[] = [];
  for (const l of locations) {
    const x = at(l);
    const name = x instanceof NodeRuntime ? `${x.name} (capability)` : x?.id ?? `#${l}`;
    if (names[names.length - 1] !== name) names.push(name);
  }
  return names.join(" → ");
}
