/** Executions: the handle `graph.run()` returns — its mode, its end, frontiers, and `stop()`. */
import type { Antichain } from "../time/antichain.js";
import type { Dataflow, RunResult, RunStatus } from "../runtime/dataflow.js";
import type { Failure } from "../runtime/failure.js";
import type { Mode } from "../runtime/node.js";
import type { Clock } from "../runtime/clock.js";
import { Observer, type ObserverOptions } from "../observe/observer.js";
import { dataflowBundle, pictureOf, type MimeBundle } from "../observe/display.js";
import { snapshotText } from "../observe/text.js";
import { whenQuiet } from "../runtime/quiet.js";

/** A running (or finished) graph. */
export class Execution {
  /** The execution of `df`. */
  constructor(private readonly df: Dataflow) {}

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
    return this.df.done;
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
   * may still be held. Useful before moving a `ManualClock`, or to print state between steps.
   */
  quiet(): Promise<void> {
    return whenQuiet(this.df);
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
