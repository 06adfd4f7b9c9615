/** Reading the current picture of a dataflow into the observation model. */
import type { CheckpointStatus } from "../runtime/checkpoint-status.js";
import type { Dataflow } from "../runtime/dataflow.js";
import type { NodeRuntime } from "../runtime/node.js";
import type { CapabilityView, CheckpointsView, EdgeView, EventView, NodeView, Snapshot, StateKeyView, TimelinePoint, WaitingItemView } from "./model.js";
import type { OperatorLogic } from "../runtime/logic.js";
import type { StepRecord } from "../runtime/step-record.js";
import { failureView } from "./views.js";
import { frontierView, timeView } from "../time/views.js";

/** What the observer adds to what the dataflow knows. */
export interface Extras {
  /** Recent events, oldest first. */
  readonly events: readonly EventView[];
  /** The timeline, oldest first. */
  readonly timeline: readonly TimelinePoint[];
  /** Recent state changes per node, newest first. */
  readonly recentState: (node: string) => readonly StateKeyView[];
  /** Step mode: the most recent steps, oldest first. */
  readonly steps?: readonly StepRecord[];
}

/** The current picture of `df`. */
export function snapshotOf(df: Dataflow, extras: Extras): Snapshot {
  df.flush();
  const nodes = [...df.nodes.values()].map((n) => nodeView(df, n, extras));
  const edges: EdgeView[] = [];
  for (const n of df.nodes.values()) {
    for (const o of n.outputs) {
      for (const e of o.edges) {
        edges.push({ from: o.id, to: e.to.id, queuedItems: e.queue.items, queuedBatches: e.queue.length, frontier: frontierView(df.tracker.frontier(o.loc)) });
      }
    }
  }
  return {
    graph: df.name,
    status: df.status,
    ...(df.mode !== undefined ? { mode: df.mode } : {}),
    now: df.clock.now(),
    inputs: frontierView(df.rootFrontier()),
    nodes,
    edges,
    failures: df.failures.map(failureView),
    failureCount: df.failureCount,
    events: extras.events,
    timeline: extras.timeline,
    ...(extras.steps !== undefined ? { steps: extras.steps } : {}),
    ...(df.stepper !== undefined ? { stepCount: df.stepper.steps } : {}),
    ...(df.checkpointing !== undefined ? { checkpoints: checkpointsView(df.checkpointing) } : {}),
  };
}

function nodeView(df: Dataflow, n: NodeRuntime, extras: Extras): NodeView {
  const caps: CapabilityView[] = [];
  for (const [t, c] of df.tracker.pointstamps(n.capabilityLocation)?.entries() ?? []) if (c !== 0) caps.push({ time: timeView(t), count: c });
  const logic = n.spec.body.type === "logic" ? n.spec.body.logic : undefined;
  const state = logic?.state;
  return {
    name: n.name,
    kind: n.spec.kind,
    status: n.state,
    inputs: n.inputs.map((p) => {
      let batches = 0;
      for (const e of p.edges) batches += e.queue.length;
      // In logical-time mode, batches taken into a node's per-time stash still wait for it.
      const stashed = n.intake?.itemsAt(p) ?? 0;
      return { id: p.id, name: p.name, frontier: frontierView(df.tracker.frontier(p.loc)), queuedItems: p.queuedItems() + stashed, queuedBatches: batches };
    }),
    outputs: n.outputs.map((p) => ({ id: p.id, name: p.name, frontier: frontierView(df.tracker.frontier(p.loc)) })),
    stats: { ...n.stats },
    capabilities: caps,
    ...(state !== undefined ? { state: { size: state.size, recent: extras.recentState(n.name), ...waitingView(logic) } } : {}),
  };
}

/** How many items an operator keeps until the frontier passes their time, and the first {@link WAITING_SHOWN} of them. */
function waitingView(logic: OperatorLogic | undefined): { waiting?: number; waitingItems?: WaitingItemView[] } {
  if (logic?.waitingItems === undefined) return {};
  const w = logic.waitingItems(WAITING_SHOWN);
  return { waiting: w.count, waitingItems: w.first.map((x) => ({ key: x.key, time: timeView(x.time), item: x.item })) };
}

/** How many waiting items a snapshot lists (the count covers them all). */
const WAITING_SHOWN = 20;

function checkpointsView(c: CheckpointStatus): CheckpointsView {
  const last = c.last;
  const parts = [`${c.taken} taken`];
  if (last !== undefined) parts.push(`last #${last.id} at ${last.frontier} (${last.keys} keys, ${formatBytes(last.bytes)}, ${Math.round(last.durationMs)} ms)`);
  if (c.restoredFrom !== undefined) parts.push(`restored from #${c.restoredFrom.id} at ${c.restoredFrom.frontier}`);
  if (c.inProgress) parts.push("taking one now");
  return { store: c.store, inProgress: c.inProgress, taken: c.taken, ...(last !== undefined ? { last: { ...last } } : {}), ...(c.restoredFrom !== undefined ? { restoredFrom: { ...c.restoredFrom } } : {}), text: parts.join(" · ") };
}

function formatBytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;
}
