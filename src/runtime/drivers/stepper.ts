/**
 * Step mode: the sequential scheduler run one unit per call, with a record of each unit.
 *
 * `step()` performs exactly one unit, in the order deterministic mode uses: the next node with work
 * in the current pass (one activation: its timers, frontier changes and queued batches, in order),
 * or, when a pass moved nothing, the next queued input call. Nothing runs by itself in between, so
 * a view can show the pointstamps moving one activation at a time. Calls overlap safely: each step
 * waits for the one before it.
 */
import type { ProgressTracker } from "../../progress/tracker.js";
import type { StepRecord } from "../step-record.js";
import type { Scheduler, Unit } from "./deterministic.js";
import { GraphError } from "../failure.js";
import type { InputCalls } from "./input-calls.js";
import { addMonitor, removeMonitor, type Monitor } from "../monitor.js";
import type { NodeRuntime } from "../node.js";
import { StepLog, type StepUnit } from "./step-log.js";
import type { StreamDriver } from "./stream-driver.js";

/** What the stepper needs from the dataflow. */
export interface StepHost {
  /** Where the run is. */
  readonly status: string;
  /** The attached monitor, if any. */
  monitor: Monitor | undefined;
  /** Input calls. */
  readonly calls: InputCalls;
  /** Pointstamps and frontiers. */
  readonly tracker: ProgressTracker;
  /** Nodes by name. */
  readonly nodes: ReadonlyMap<string, NodeRuntime>;
  /** The port (or node) tracked at `loc`. */
  locationOf(loc: number): object | undefined;
  /** The driver of a stream-style node. */
  driver(node: NodeRuntime): StreamDriver | undefined;
}

/** How a run of steps ended. */
export interface StepRun {
  /** True when `stepUntil`'s predicate held (for `stepToQuiescence`: when the graph went quiet or the run ended). */
  readonly reached: boolean;
  /**
   * Why stepping stopped: `predicate` (it held after the last step), `quiescent` (no node has work
   * and no input call is queued), `finished` (the run completed, stopped or failed), `limit`
   * (`maxSteps` steps were taken).
   */
  readonly reason: "predicate" | "quiescent" | "finished" | "limit";
  /** The steps taken, in order (an idle step is not one). */
  readonly steps: readonly StepRecord[];
  /** One sentence saying what happened. */
  readonly message: string;
}

/** Performs steps and records them. */
export class Stepper {
  private count = 0;
  private last: Promise<unknown> = Promise.resolve();

  /** A stepper over `df`'s `scheduler`. */
  constructor(private readonly df: StepHost, private readonly scheduler: Scheduler) {}

  /** Steps taken so far. */
  get steps(): number {
    return this.count;
  }

  /** Performs one unit and returns its record (kind `idle` when there was nothing to do). */
  step(): Promise<StepRecord> {
    const next = this.last.then(() => this.once(), () => this.once());
    this.last = next.catch(() => undefined);
    return next;
  }

  /** Steps until `predicate` holds for a step's record, the graph is quiescent, the run ends, or `maxSteps` steps. */
  async until(predicate: (record: StepRecord) => boolean, maxSteps: number, what = "stepUntil"): Promise<StepRun> {
    checkLimit(maxSteps, what);
    const steps: StepRecord[] = [];
    const quietReached = what === "stepToQuiescence";
    for (;;) {
      if (steps.length > 0 && this.df.status !== "running") {
        return done(quietReached, "finished", steps, `${what}: the run ${this.df.status} after ${plural(steps.length)}${quietReached ? "" : "; the predicate never held"}`);
      }
      if (steps.length >= maxSteps) return done(false, "limit", steps, `${what}: stopped after ${plural(steps.length)} (maxSteps)${quietReached ? "; the graph still has work" : "; the predicate never held"}`);
      const r = await this.step();
      if (r.kind === "idle") {
        return done(quietReached, "quiescent", steps, `${what}: quiescent after ${plural(steps.length)}: no node has work and no input call is queued${quietReached ? "" : "; the predicate never held"}`);
      }
      steps.push(r);
      if (!quietReached && predicate(r)) return done(true, "predicate", steps, `${what}: the predicate held after ${plural(steps.length)}`);
    }
  }

  private async once(): Promise<StepRecord> {
    const df = this.df;
    if (df.status !== "running") {
      throw new GraphError(`step(): the run has ${df.status === "completed" ? "completed (every input closed and all work done)" : df.status}; there is nothing left to step`);
    }
    df.calls.seal();
    const log = new StepLog(df);
    addMonitor(df, log);
    let unit: StepUnit;
    try {
      const u: Unit = await this.scheduler.next();
      const busy = u.kind === "idle" ? this.busy() : undefined;
      unit = u.kind === "node" ? { kind: "node", node: u.node.name } : u.kind === "call" ? u : busy !== undefined ? { kind: "idle", note: `node "${busy}" is busy with something outside the graph` } : { kind: "idle" };
    } finally {
      removeMonitor(df, log);
    }
    const record = log.record(unit.kind === "idle" ? this.count : ++this.count, unit, df.status);
    df.monitor?.step?.(record);
    return record;
  }

  /** A stream-style node that is neither waiting for a turn nor done, if any. */
  private busy(): string | undefined {
    for (const node of this.df.nodes.values()) {
      if (node.state !== "running" || node.spec.body.type !== "stream") continue;
      const drv = this.df.driver(node);
      if (drv !== undefined && !drv.settled && node.parked?.() !== true) return node.name;
    }
    return undefined;
  }
}

function done(reached: boolean, reason: StepRun["reason"], steps: StepRecord[], message: string): StepRun {
  return { reached, reason, steps, message };
}

function plural(n: number): string {
  return `${n} step${n === 1 ? "" : "s"}`;
}

function checkLimit(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 1) throw new GraphError(`${what}: maxSteps must be a positive integer, got ${String(n)}`);
}
