/**
 * Influence between nodes: where one node's capabilities meet what another node's outputs reach.
 *
 * Used by idle event-time sources to find the watermark their peers hold at the places where
 * their streams meet (fan-in), without counting their own capability. Invariant: answers describe
 * the graph as it was when the `Influence` was made (make a new one after the graph changes).
 */
import { compareTimes, type Time } from "../../time/order.js";
import { applySummary } from "../../time/summary.js";
import { reach, type Reach } from "../../progress/reachability.js";
import type { Topology } from "../../progress/topology.js";
import type { NodeRuntime } from "../node.js";
import { buildTopology } from "./wiring.js";

/** Reachability between the nodes of one graph, computed once and cached. */
export class Influence {
  private readonly topology: Topology;
  private readonly reached = new Map<number, Reach[]>();
  private readonly downstream = new Map<NodeRuntime, Set<number>>();

  /** The influence structure of `nodes` (every node of a dataflow). */
  constructor(nodes: Iterable<NodeRuntime>) {
    this.topology = buildTopology(nodes);
  }

  /**
   * The places where `from`'s capability at `time` meets what `to`'s outputs reach (locations
   * downstream of both), each with the earliest time that capability arrives there (carried
   * through the path summaries). Empty when their streams never meet.
   */
  meetings(from: NodeRuntime, time: Time, to: NodeRuntime): Map<number, Time> {
    const theirs = this.downstreamOf(to);
    const out = new Map<number, Time>();
    for (const { to: loc, summaries } of this.reachFrom(from.capabilityLocation)) {
      if (!theirs.has(loc)) continue;
      for (const s of summaries) {
        const t = applySummary(s, time);
        if (t === null) continue;
        const best = out.get(loc);
        if (best === undefined || compareTimes(t, best) < 0) out.set(loc, t);
      }
    }
    return out;
  }

  private reachFrom(loc: number): Reach[] {
    let r = this.reached.get(loc);
    if (r === undefined) this.reached.set(loc, (r = reach(this.topology, loc)));
    return r;
  }

  private downstreamOf(node: NodeRuntime): Set<number> {
    let s = this.downstream.get(node);
    if (s === undefined) {
      s = new Set(this.reachFrom(node.capabilityLocation).map((r) => r.to));
      for (const o of node.outputs) s.delete(o.loc);
      s.delete(node.capabilityLocation);
      this.downstream.set(node, s);
    }
    return s;
  }
}
