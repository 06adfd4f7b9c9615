/**
 * The cut: a checkpoint taken between activations while the run is quiet (see `cut-record.ts`).
 *
 * Why it is consistent: the runtime runs every node on one event loop, and the cut is taken
 * synchronously once no input call is pending and no node has a batch queued or being handled, a
 * frontier change or a fired timer to handle. At that instant every pointstamp is a capability (no
 * message is in flight), so the progress state is exactly the capabilities held, which the record
 * lists per node; each operator's state reflects every batch delivered so far and no other. A
 * restore mints the same capabilities before the run starts, so every frontier is what it was.
 */
import type { Dataflow } from "../runtime/dataflow.js";
import type { NodeRuntime } from "../runtime/node.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { compareTimes, type Time } from "../time/order.js";
import { timeToPlain, type PlainTime } from "../time/plain-time.js";
import type { CheckpointParticipant } from "./participant.js";
import type { CutRecord, InputCut, NodeCut } from "./cut-record.js";
import { CheckpointError } from "./errors.js";

/** The operator of `node`, when it is one. */
export function logicOf(node: NodeRuntime): OperatorLogic | undefined {
  const body = node.spec.body;
  return body.type === "logic" ? body.logic : undefined;
}

/** True when the operator remembers nothing a checkpoint must keep. */
export function isStateless(logic: OperatorLogic): boolean {
  return logic.stateless === true || (logic.itemLoop !== undefined && logic.state === undefined && logic.restore === undefined);
}

/**
 * Throws a CheckpointError listing every node that cannot be checkpointed: nodes written as async
 * functions (their state lives in the function), and operators with state but no `restore`.
 */
export function checkCheckpointable(df: Dataflow, participants: readonly CheckpointParticipant[], mode: string): void {
  if (mode === "logical-time") throw new CheckpointError(`checkpoints need a concurrent, deterministic or step run; logical-time runs keep stashed batches that a checkpoint does not record`);
  const owned = new Set(participants.map((p) => p.name));
  const problems: string[] = [];
  for (const node of df.nodes.values()) {
    if (node.state === "removed" || owned.has(node.name) || df.inputs.has(node)) continue;
    const body = node.spec.body;
    if (body.type === "stream") problems.push(`"${node.name}" (${node.spec.kind}) runs an async function, whose state a checkpoint cannot see; write it as an operator, stream.via(kind, logic), that keeps what it remembers in logic.state and has a restore`);
    else if (body.type === "sink") problems.push(`"${node.name}" (${node.spec.kind}) hands its items to a reader outside the graph, which a restore cannot give them back to; write output that must survive a crash with stream.sink(fileSink(path))`);
    else if (body.type === "logic" && !isStateless(body.logic) && body.logic.restore === undefined) problems.push(`"${node.name}" (${node.spec.kind}) keeps state but has no restore(ctx, data) (for an operator of your own: give its logic a restore that takes back the capabilities it held, from what its snapshot() returned, or mark it stateless: true if it remembers nothing)`);
  }
  if (problems.length > 0) throw new CheckpointError(`this graph cannot be checkpointed: ${problems.join("; ")}`);
}

/** The times of `node`'s capabilities, sorted. */
export function capTimes(node: NodeRuntime): Time[] {
  return [...node.caps].map((c) => c.time).sort(compareTimes);
}

/** Takes the cut of `df` (which must be quiet); `completed`: the run has ended with every input closed; `logged`: the durable inputs' call counts. */
export function takeCut(df: Dataflow, participants: readonly CheckpointParticipant[], completed: boolean, logged: Record<string, number> = {}): CutRecord {
  const owned = new Map(participants.map((p) => [p.name, p]));
  const nodes: NodeCut[] = [];
  const inputs: InputCut[] = [];
  for (const node of df.nodes.values()) {
    if (node.state === "removed") continue;
    if (node.active.length > 0) throw new CheckpointError(`node "${node.name}" is handling a batch: a cut is taken only while the run is quiet`);
    const caps: PlainTime[] = capTimes(node).map(timeToPlain);
    const input = df.inputs.get(node);
    if (input !== undefined) inputs.push({ name: node.name, time: timeToPlain(input.time), closed: input.closed, sent: input.sent });
    const logic = logicOf(node);
    if (logic === undefined || isStateless(logic) || owned.has(node.name)) {
      nodes.push({ name: node.name, kind: node.spec.kind, caps });
      continue;
    }
    nodes.push({ name: node.name, kind: node.spec.kind, caps, data: logic.snapshot?.(), state: logic.state !== undefined });
  }
  return {
    format: 1,
    graph: df.name,
    clock: df.clock.now(),
    frontier: df.rootFrontier().elements.map(timeToPlain),
    nodes,
    inputs,
    logged,
    participants: participantsData(participants),
    completed,
  };
}

/** What each participant keeps at the cut, by node name. */
export function participantsData(participants: readonly CheckpointParticipant[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const p of participants) record[p.name] = p.snapshot();
  return record;
}
