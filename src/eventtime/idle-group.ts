/**
 * Idle event-time sources: how a quiet input stops holding the watermark back, with capabilities.
 *
 * Every event-time source of a dataflow (event-time stages and test streams) joins its group.
 * A source with an idle timeout that has received nothing for that long is idle. It cannot simply
 * drop its capability (it could never send again), so instead it keeps following its peers, again
 * every time one of them moves on, goes idle or ends. Its meeting places are the locations (ports)
 * reached both from its own outputs and from the capability of at least one *active* source
 * (through any path of the graph, fan-in anywhere downstream; times are carried through the path
 * summaries). At each meeting place the active sources that reach it arrive at some earliest
 * time, their minimum there; the idle source moves its capability forward to the *maximum* of
 * these minima. At every meeting place that minimum `m` is then at or below the idle source's
 * time `c`, so the frontier there is `min(c, m) = m`: exactly the minimum over its active inputs,
 * as in Flink, with the idle source holding nothing back.
 *
 * The one difference from Flink, which one capability per source cannot avoid: a place the idle
 * source reaches *without* any active source (a node fed by it alone, or by it and other idle
 * sources only) follows along to that maximum, while in Flink its watermark would stay where it
 * was. For sources a, b, c with X = a + b, Y = a + c and Z = a alone, a idle, b at 100 and c at
 * 10: X is at 100 and Y at 10 as in Flink, but Z moves to 100 (in Flink it would stay at a's last
 * watermark), and its windows up to there fire. When no active source meets the idle one at all
 * (all are idle, or it feeds a window alone) it stays where it is, so the watermark does not
 * advance by itself, as in Flink. When it receives data again it is active: its capability stays
 * where following took it (capabilities never move back), items earlier than that are late, and
 * from then on it holds the minimum again as usual (Flink: "counts again once it sends").
 *
 * Invariant: only idle sources are moved, only forward, and only to a time that the active
 * sources meeting them hold at one of their meeting places; so at each meeting place the frontier
 * is the minimum over the active sources there, never held back by an idle one.
 */
import type { Dataflow } from "../runtime/dataflow.js";
import { Influence } from "../runtime/topology/influence.js";
import type { NodeRuntime } from "../runtime/node.js";
import type { WatermarkHold } from "./hold.js";

/** An event-time source as its group sees it. */
export interface GroupMember {
  /** Its node. */
  readonly node: NodeRuntime;
  /** Its watermark capability. */
  readonly hold: WatermarkHold;
  /** True while it is idle (nothing received for its idle timeout). */
  readonly idle: boolean;
}

/** The event-time sources of one dataflow. */
export class IdleGroup {
  private readonly members = new Set<GroupMember>();

  /** The group of the dataflow whose nodes `nodes()` lists. */
  constructor(private readonly nodes: () => Iterable<NodeRuntime>) {}

  /** Adds a source. */
  join(m: GroupMember): void {
    this.members.add(m);
  }

  /** Removes a source (its input closed) and lets the idle ones follow the rest. */
  leave(m: GroupMember): void {
    if (this.members.delete(m)) this.changed();
  }

  /** A source moved, went idle or became active: idle sources follow the active ones. */
  changed(): void {
    let idle: GroupMember[] | undefined;
    for (const m of this.members) if (m.idle && !m.hold.released) (idle ??= []).push(m);
    if (idle === undefined) return;
    const active = [...this.members].filter((m) => !m.idle && !m.hold.released);
    if (active.length === 0) return;
    const graph = new Influence(this.nodes());
    for (const m of idle) {
      // The minimum over the active sources at each place where they meet m's stream.
      const minima = new Map<number, number>();
      for (const a of active) {
        for (const [loc, t] of graph.meetings(a.node, a.hold.time, m.node)) {
          if (typeof t !== "number") continue;
          const prev = minima.get(loc);
          if (prev === undefined || t < prev) minima.set(loc, t);
        }
      }
      let target: number | undefined;
      for (const t of minima.values()) if (target === undefined || t > target) target = t;
      if (target !== undefined) m.hold.advance(target);
    }
  }
}

const groups = new WeakMap<Dataflow, IdleGroup>();

/** The group of `df`'s event-time sources (made on first use). */
export function idleGroupOf(df: Dataflow): IdleGroup {
  let g = groups.get(df);
  if (g === undefined) groups.set(df, (g = new IdleGroup(() => df.nodes.values())));
  return g;
}
