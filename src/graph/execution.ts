/** Executions: the handle `graph.run()` returns — its mode, its end, frontiers, steps, and `stop()`. */
import type { Antichain } from "../time/antichain.js";
import type { Dataflow } from "../runtime/dataflow.js";
import type { RunResult, RunStatus } from "../runtime/run-options.js";
import type { Failure } from "../runtime/failure.js";
import type { Mode } from "../runtime/node-spec.js";
import type { Clock } from "../runtime/scheduling/clock.js";
import { Observer, type ObserverOptions } from "../observe/observer.js";
import { dataflowBundle, pictureOf, type MimeBundle } from "../observe/display.js";
import { snapshotText } from "../observe/text.js";
import { whenQuiet } from "../runtime/scheduling/quiet.js";
import { GraphError } from "../runtime/failure.js";
import type { Stepper, StepRun } from "../runtime/drivers/stepper.js";
import type { Snapshot } from "../observe/model.js";
import type { StepRecord } from "../runtime/step-record.js";
import { ownsStore } from "./owns.js";
import type { CheckpointInfo, Coordinator, RestoredFrom } from "../checkpoint/coordinator.js";
import { CheckpointError } from "../checkpoint/errors.js";

/** Options of `stepUntil` and `stepToQuiescence`. */
export interface StepOptions {
  /** Most steps to take before giving up (default 100000). */
  readonly maxSteps?: number;
}

const MAX_STEPS = 100_000;

/** A running (or finished) graph. */
export class Execution {
  /** The execution of `df` (the live dataflow, for the library's own tools). */
  constructor(
    /** @internal The live dataflow. */
    readonly df: Dataflow,
    /** @internal The run's checkpoint coordinator, when it checkpoints or has sinks. */
    readonly coordinator?: Coordinator,
  ) {}

  /** The name of the graph that runs. */
  get name(): string {
    return this.df.name;
  }

  /** How nodes are scheduled. */
  get mode(): Mode {
    return this.df.mode!;
  }

  /** Where the run is: running, completed, stopped or failed. */
  get status(): RunStatus {
    return this.df.status;
  }

  /** Resolves when every input is closed and all work is done (or after `stop()`); rejects when the run fails. */
  get done(): Promise<RunResult> {
    return this.coordinator?.done() ?? this.df.done;
  }

  /**
   * Takes a checkpoint now (the run needs `checkpoints: { store }`): inputs and sources wait while
   * the run becomes quiet, the cut is written in one transaction, and sinks then publish what it
   * covers. Rejects with a CheckpointError when one is already being taken.
   */
  checkpoint(): Promise<CheckpointInfo> {
    if (this.coordinator === undefined) return Promise.reject(new CheckpointError(`this run has no checkpoint store: run({ checkpoints: { store } }) to take checkpoints`));
    return this.coordinator.checkpoint();
  }

  /** The checkpoints this run took, oldest first: id, frontier, source positions, keys and bytes written, duration. */
  get checkpoints(): readonly CheckpointInfo[] {
    return this.coordinator?.taken ?? [];
  }

  /** The checkpoint this run was restored from (undefined for a run that started from the beginning). */
  get restoredFrom(): RestoredFrom | undefined {
    return this.coordinator?.restoredFrom;
  }

  /** The frontier at port `node.port` (input or output), printed like `[1]`. */
  frontier(port: string): Antichain {
    return this.df.frontierOf(port);
  }

  /** The run's processing-time clock. */
  get clock(): Clock {
    return this.df.clock;
  }

  /**
   * Resolves once every input call made so far has been applied and no node has anything left to
   * do (no batch queued or being handled, no frontier change or fired timer waiting); capabilities
   * may still be held. Useful before moving a `ManualClock`, or to print state between steps. In
   * step mode nothing runs by itself, so it resolves only as steps are taken: use
   * `stepToQuiescence()` there.
   */
  async quiet(): Promise<void> {
    await whenQuiet(this.df);
  }

  /**
   * Moves the run's `ManualClock` forward by `ms` as an input call, so it keeps its place among
   * the sends: in deterministic and step modes it is queued and applied in call order; in the
   * other modes it is applied once everything sent before it has been handled (await it before
   * making further calls). Recorded by `graph.recordCalls()`; scripts write it as `clock +ms`.
   */
  advanceClock(ms: number): Promise<void> {
    return this.df.advanceClock(ms, () => this.quiet());
  }

  /**
   * Step mode: performs exactly one unit of the schedule deterministic mode follows — the next node
   * with work (one activation) or, when no node has work, the next queued input call — and returns
   * what it did: the node or call, the batches consumed and sent (port, time, count), the frontier
   * changes the node was told, the frontiers that moved (before, after) and the capabilities that
   * changed. A record of kind `idle` says there was nothing to do. Rejects when the run has ended.
   * Observers (and so the notebook and terminal views) are told about every step.
   */
  step(): Promise<StepRecord> {
    return this.stepper("step").step();
  }

  /**
   * Step mode: steps until `predicate` holds for a step's record (checked after every step).
   * Never rejects for a predicate that does not hold: it resolves with `reached: false` and the
   * reason (`quiescent`: no node has work and no input call is queued; `finished`: the run ended;
   * `limit`: `maxSteps` steps were taken), the steps taken and a message saying so.
   */
  stepUntil(predicate: (record: StepRecord) => boolean, options: StepOptions = {}): Promise<StepRun> {
    if (typeof predicate !== "function") throw new GraphError(`stepUntil(predicate): predicate must be a function of a step record, got ${typeof predicate}`);
    return this.stepper("stepUntil").until(predicate, options.maxSteps ?? MAX_STEPS);
  }

  /** Step mode: steps until no node has work and no input call is queued (or the run ends); `reached` is true then. */
  stepToQuiescence(options: StepOptions = {}): Promise<StepRun> {
    return this.stepper("stepToQuiescence").until(() => false, options.maxSteps ?? MAX_STEPS, "stepToQuiescence");
  }

  /** Step mode: the number of steps taken so far (0 in other modes). */
  get steps(): number {
    return this.df.stepper?.steps ?? 0;
  }

  private stepper(what: string): Stepper {
    const s = this.df.stepper;
    if (s === undefined) throw new GraphError(`${what}() needs a run in step mode (g.run({ mode: "step" })); this run is ${this.mode}`);
    return s;
  }

  /** Ends the run promptly; nothing keeps running and no timer is left behind. */
  stop(): void {
    this.df.stop();
  }

  /** Failures recorded so far (most recent, at most 1000). */
  get failures(): readonly Failure[] {
    return this.df.failures;
  }

  /** Why the run failed, if it did. */
  get error(): Error | undefined {
    return this.df.error;
  }

  /** Starts watching the run: coalesced change notices and a snapshot of the whole picture. */
  observe(options?: ObserverOptions): Observer {
    return new Observer(this.df, options);
  }

  /** The current picture of the run (as an observer's snapshot, without its log or timeline). */
  picture(): Snapshot {
    return pictureOf(this.df);
  }

  /** True when one of the run's nodes keeps its state in `store` (a state store such as a `MemoryState`). */
  owns(store: object): boolean {
    return ownsStore(this.df, store);
  }

  toString(): string {
    return `Execution(${this.df.name}, ${this.mode}, ${this.status})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `${this.toString()}\n${snapshotText(pictureOf(this.df))}`;
  }

  [Symbol.for("Jupyter.display")](): MimeBundle {
    return dataflowBundle(this.df);
  }
}
