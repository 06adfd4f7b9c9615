/**
 * Recovery: puts a graph, built again and not yet running, back where a checkpoint's cut left it.
 *
 * The graph must have the checkpoint's nodes, by name and kind; anything else is refused with one
 * error listing every difference (no partial restore). Then each operator's keyed state is read
 * back from the store, its `restore` takes back its capabilities and timers, and the capabilities
 * each node holds are checked against the record; inputs move to their recorded times (closed ones
 * are closed), and a manual clock moves to the cut's processing time.
 */
import type { Dataflow } from "../runtime/dataflow.js";
import { ManualClock } from "../runtime/scheduling/clock.js";
import type { SqliteStore } from "../state/sqlite-store.js";
import { formatTime } from "../time/order.js";
import { timeFromPlain } from "../time/plain-time.js";
import { capTimes, isStateless, logicOf } from "./cut.js";
import type { CutRecord } from "./cut-record.js";
import { CheckpointError } from "./errors.js";

/** Throws a CheckpointError listing every node of `record` the graph lacks or has with another kind, and every node it has beyond them. */
export function checkShape(df: Dataflow, record: CutRecord, id: number): void {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const n of record.nodes) {
    seen.add(n.name);
    const node = df.nodes.get(n.name);
    if (node === undefined || node.state === "removed") problems.push(`node "${n.name}" (${n.kind}) is in the checkpoint but not in the graph`);
    else if (node.spec.kind !== n.kind) problems.push(`node "${n.name}" is a ${n.kind} in the checkpoint but a ${node.spec.kind} in the graph`);
  }
  for (const node of df.nodes.values()) {
    if (node.state !== "removed" && !seen.has(node.name)) problems.push(`node "${node.name}" (${node.spec.kind}) is in the graph but not in the checkpoint`);
  }
  if (problems.length > 0) throw new CheckpointError(`checkpoint ${id} does not fit graph "${df.name}": ${problems.join("; ")}`);
}

/** Restores every node of `df` from `record` (whose keyed state `store` holds, already rewound to it). */
export function restoreCut(df: Dataflow, record: CutRecord, store: SqliteStore, id: number): void {
  checkShape(df, record, id);
  if (df.clock instanceof ManualClock && df.clock.now() < record.clock) df.clock.set(record.clock);
  for (const n of record.nodes) {
    const node = df.nodes.get(n.name)!;
    const logic = logicOf(node);
    if (logic !== undefined && !isStateless(logic) && !df.inputs.has(node)) {
      if (n.state === true && logic.state !== undefined && !store.holds(logic.state)) logic.state.restore(store.state(n.name).snapshot());
      try {
        logic.restore?.(node, n.data);
      } catch (e) {
        throw new CheckpointError(`checkpoint ${id}: node "${n.name}" could not be restored: ${(e as Error).message}`);
      }
    }
    if (df.inputs.has(node)) continue;
    const want = n.caps.map((t) => formatTime(timeFromPlain(t))).join(", ");
    const have = capTimes(node).map(formatTime).join(", ");
    if (want !== have) throw new CheckpointError(`checkpoint ${id}: node "${n.name}" held capabilities at [${want}] at the cut, but holds [${have}] once restored`);
  }
  for (const i of record.inputs) {
    const input = df.inputs.get(df.nodes.get(i.name)!)!;
    input.advanceTo(timeFromPlain(i.time));
    if (i.closed) input.close();
    input.sent = i.sent;
  }
}
