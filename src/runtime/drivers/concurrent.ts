/**
 * The concurrent driver: every operator node runs as its own async task.
 *
 * A task handles one event at a time, waits while any edge queue behind its outputs is full
 * (backpressure), hands the event loop a turn when its time slice is used, sleeps while it has
 * nothing to do, and ends once every input is done. While it sleeps with nothing queued, a sender
 * may hand it a batch directly (see `NodeRuntime.dispatch`), which saves a task switch per batch.
 */
import { failure } from "../failure.js";
import type { NodeRuntime } from "../node.js";
import type { EdgeQueue } from "../topology/edge-queue.js";

function fullOutput(node: NodeRuntime): EdgeQueue | undefined {
  for (const o of node.outputs) {
    const c = o.fullQueue();
    if (c !== undefined) return c;
  }
  return undefined;
}

/** Runs an operator node until its inputs are done or the execution stops. */
export async function driveLogic(node: NodeRuntime): Promise<void> {
  const host = node.host;
  node.state = "running";
  try {
    for (;;) {
      if (host.stopped || node.state !== "running") return;
      const full = fullOutput(node);
      if (full !== undefined) {
        await full.room();
        continue;
      }
      if (node.step(false)) {
        const y = host.yielder.check();
        if (y !== undefined) await y;
        continue;
      }
      if (node.mayFinish()) break;
      node.sleeping = true;
      await node.signal.wait();
      node.sleeping = false;
      const p = host.chaos?.pause();
      if (p !== undefined) await p;
    }
  } catch (e) {
    node.report(failure(node.name, undefined, undefined, e));
  }
  if (node.state === "running") node.finish();
}
