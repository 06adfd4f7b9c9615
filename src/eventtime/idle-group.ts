/**
 * Idle event-time sources: how a quiet input stops holding the watermark back, with capabilities.
 *
 * Every event-time source of a dataflow (event-time stages and test streams) joins its group.
 * A source with an idle timeout that has received nothing for that long is idle. It cannot simply
 * drop its capability (it could never send again), so instead it keeps following its peers: it
 * moves its capability forward to the earliest watermark held by the *active* sources whose
 * streams meet its own (through any path of the graph, fan-in anywhere downstream; the time is
 * carried through the path summaries), and again every time one of them moves on, goes idle or
 * ends. The frontier where the streams meet is then the minimum over the active sources only:
 * the idle source no longer holds it back. When no active source meets it (all are idle, or it
 * feeds a window alone) it stays where it is, so the watermark does not advance by itself, as in
 * Flink. When it receives data again it is active: its capability stays where following took it
 * (capabilities never move back), items earlier than that are late, and from then on it holds
 * the minimum again as usual (Flink: "counts again once it sends").
 *
 * Invariant: only idle sources are moved, only forward, and only to times that every active
 * source meeting them still holds, so an idle source is never ahead of where its streams meet.
 */
import { compareTimes } from "../time/order.js";
import type { Dataflow } from "../runtime/dataflow.js";
import { Influence } from "../runtime/influence.js";
import type { NodeRt } from "../runtime/node.js";
import type { WatermarkHold } from "./hold.js";

/** An event-time source as its group sees it. */
export interface GroupMember {
  /** Its node. */
  readonly node: NodeRt;
  /** Its watermark capability. */
  readonly hold: WatermarkHold;
  /** True while it is idle (nothing received for its idle timeout). */
  readonly idle: boolean;
}

/** The event-time sources of one dataflow. */
export class IdleGroup {
  private readonly members = new Set<GroupMember>();

  /** The group of the dataflow whose nodes `nodes()` lists. */
  constructor(private readonly nodes: () => Iterable<NodeRt>) {}

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
      let target: number | undefined;
      for (const a of active) {
        const t = graph.meet(a.node, a.hold.time, m.node);
        if (typeof t === "number" && (target === undefined || compareTimes(t, target) < 0)) target = t;
      }
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
