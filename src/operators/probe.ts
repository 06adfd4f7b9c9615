/**
 * Probes: watch the frontier at a point of the graph and wait for it.
 *
 * `lessThan(t)`: a time `< t` may still arrive here. `lessEqual(t)`: a time `<= t` may.
 * `done`: nothing more will arrive. `until(t)` resolves once no time `< t` can arrive.
 */
import type { Antichain } from "../time/antichain.js";
import { checkTime, formatTime, type Time } from "../time/order.js";
import type { Dataflow } from "../runtime/dataflow.js";
import type { RunResult, RunStatus } from "../runtime/run-options.js";
import type { OperatorLogic } from "../runtime/logic.js";
import type { NodeRuntime } from "../runtime/node.js";
import type { InPort } from "../runtime/topology/ports.js";
import { Observer, type ObserverOptions } from "../observe/observer.js";
import { probeBundle } from "../observe/probe-view.js";

interface Waiter {
  readonly time: Time;
  readonly resolve: () => void;
  readonly reject: (e: Error) => void;
}

/** A probe's node consumes everything that reaches it. */
export function probeLogic(): OperatorLogic {
  return { stateless: true, onData() {} };
}

/** Watches the frontier at one input port. */
export class Probe {
  private waiters: Waiter[] = [];

  /** A probe on `port` of `df`. */
  constructor(
    /** @internal The dataflow the probe is in. */
    private readonly df: Dataflow,
    private readonly port: InPort<NodeRuntime>,
  ) {
    port.onFrontier = () => this.check();
    df.done.then(() => this.check(), () => this.check());
  }

  /** The port this probe watches. */
  get id(): string {
    return this.port.id;
  }

  /** The current frontier here. */
  get frontier(): Antichain {
    this.df.flush();
    return this.port.frontier;
  }

  /** True when a time `< t` may still arrive here. */
  lessThan(t: Time): boolean {
    return this.frontier.lessThan(checkTime(t, "probe.lessThan(t): t"));
  }

  /** True when a time `<= t` may still arrive here. */
  lessEqual(t: Time): boolean {
    return this.frontier.lessEqual(checkTime(t, "probe.lessEqual(t): t"));
  }

  /** True when nothing more will arrive here. */
  get done(): boolean {
    return this.frontier.isEmpty;
  }

  /** Where the run of the probe's graph is (`idle` until the graph runs). */
  get status(): RunStatus {
    return this.df.status;
  }

  /** Resolves when the run of the probe's graph ends (as `execution.done`). */
  whenRunEnds(): Promise<RunResult> {
    return this.df.done;
  }

  /** Starts watching the probe's graph and its run: coalesced change notices and a snapshot of the whole picture. */
  observe(options?: ObserverOptions): Observer {
    return new Observer(this.df, options);
  }

  /** Resolves once no time `< t` can arrive here; rejects if the run stops or fails first. */
  until(t: Time): Promise<void> {
    const time = checkTime(t, "probe.until(t): t");
    if (!this.frontier.lessThan(time)) return Promise.resolve();
    const why = this.ended();
    if (why !== undefined) return Promise.reject(this.stuck(time, why));
    return new Promise((resolve, reject) => this.waiters.push({ time, resolve, reject }));
  }

  private ended(): string | undefined {
    const s = this.df.status;
    return s === "stopped" || s === "failed" ? s : undefined;
  }

  private stuck(time: Time, why: string): Error {
    return new Error(`probe on ${this.port.id}: the execution ${why} before the frontier passed time ${formatTime(time)} (it is ${this.port.frontier})`);
  }

  private check(): void {
    if (this.waiters.length === 0) return;
    const f = this.port.frontier;
    const why = this.ended();
    const keep: Waiter[] = [];
    for (const w of this.waiters) {
      if (!f.lessThan(w.time)) w.resolve();
      else if (why !== undefined) w.reject(this.stuck(w.time, why));
      else keep.push(w);
    }
    this.waiters = keep;
  }

  toString(): string {
    return `Probe(${this.port.id}) frontier ${this.frontier}`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return probeBundle(this.port.id, this.frontier, this.toString());
  }
}
