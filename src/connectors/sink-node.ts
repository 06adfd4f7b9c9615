/**
 * A transactional sink in a graph: its node stages every batch it receives, and the sink takes
 * part in checkpoints — what it staged goes into the checkpoint (`prepare`) and is published once
 * that checkpoint has committed; a restored run first recovers the sink to its checkpoint.
 */
import type { OperatorLogic } from "../runtime/logic.js";
import type { CheckpointParticipant } from "../checkpoint/participant.js";
import type { TransactionalSink } from "./sink.js";

/** The node logic and checkpoint participant of `sink` in node `name`. */
export class SinkNode<T> implements CheckpointParticipant {
  readonly kind = "sink";
  /** The node's logic: stages each batch (its staged output is kept by the sink, not as operator state). */
  readonly logic: OperatorLogic;

  /** Sink `sink` at node `name`. */
  constructor(readonly name: string, private readonly sink: TransactionalSink<T>) {
    this.logic = {
      stateless: true,
      onData: (_ctx, _port, _time, items) => sink.write(items as T[]),
    };
  }

  snapshot(): unknown {
    return this.sink.prepare();
  }

  committed(data: unknown): Promise<void> {
    return this.sink.publish(data);
  }

  restore(data: unknown): Promise<void> {
    return this.sink.recover(data);
  }
}
