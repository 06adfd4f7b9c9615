/** The sources and sinks of each graph that take part in its checkpoints (see `src/checkpoint/participant.ts`). */
import type { Dataflow } from "../runtime/dataflow.js";
import type { CheckpointParticipant } from "../checkpoint/participant.js";

const byDataflow = new WeakMap<Dataflow, CheckpointParticipant[]>();

/** The participants of `df`'s graph, in the order they were added (a live list). */
export function participantsOf(df: Dataflow): CheckpointParticipant[] {
  let list = byDataflow.get(df);
  if (list === undefined) byDataflow.set(df, (list = []));
  return list;
}
