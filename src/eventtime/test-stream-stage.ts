/**
 * The stage that plays a test stream's script inside a graph.
 *
 * It receives the script's steps (through a control input, in order) and holds a capability at
 * the script's watermark, exactly like an event-time stage: elements at or after the watermark are
 * emitted at their timestamps, earlier ones at the watermark with their own event time kept; a
 * watermark step moves the capability forward; the end of the script (or its control input
 * closing) drops it. Processing-time steps are carried out by the driver that feeds the steps.
 */
import type { Antichain } from "../time/antichain.js";
import type { Time } from "../time/order.js";
import type { Capability } from "../runtime/capability.js";
import type { LogicContext, OperatorLogic } from "../runtime/logic.js";
import type { NodeRuntime } from "../runtime/node.js";
import { ByEventTime } from "./by-event-time.js";
import { WatermarkHold } from "./hold.js";
import type { GroupMember, IdleGroup } from "./idle-group.js";
import type { TestStreamStep } from "./test-stream.js";

/** The logic of a test stream's node. */
export class TestStreamStage implements OperatorLogic, GroupMember {
  /** The watermark capability. */
  readonly hold = new WatermarkHold();
  /** A test stream is never idle. */
  readonly idle = false;
  private stageNode: NodeRuntime | undefined;
  private started = false;

  /** A stage in `group`; `onStart(ctx)` is called at the first event of the run (to start playing). */
  constructor(private readonly group: IdleGroup, private readonly onStart: (ctx: LogicContext) => void) {}

  /** The stage's node (after `start`). */
  get node(): NodeRuntime {
    return this.stageNode!;
  }

  /** Binds the stage to its node and its watermark capability. */
  start(node: NodeRuntime, cap: Capability): void {
    this.stageNode = node;
    this.hold.start(cap);
    this.group.join(this);
  }

  onData(ctx: LogicContext, _port: number, _time: Time, steps: unknown[]): void {
    const out = new ByEventTime();
    for (const step of steps as Array<TestStreamStep<unknown>>) {
      const w = this.hold.time;
      if (step.kind === "elements") {
        for (const e of step.elements) out.add(e.value, e.timestamp, w);
      } else if (step.kind === "watermark") {
        out.flush(ctx);
        if (this.hold.advance(step.to)) this.group.changed();
      } else if (step.kind === "end") {
        out.flush(ctx);
        this.finish();
      }
    }
    out.flush(ctx);
  }

  onFrontier(ctx: LogicContext, _port: number, frontier: Antichain): void {
    if (!this.started) {
      this.started = true;
      this.onStart(ctx);
    }
    if (frontier.isEmpty) this.finish();
  }

  /** The script ended: the watermark goes to infinity. */
  private finish(): void {
    if (this.hold.released) return;
    this.hold.release();
    this.group.leave(this);
  }

  toString(): string {
    return `TestStreamStage(W=${this.hold.time})`;
  }
}
