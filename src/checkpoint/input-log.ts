/**
 * Durable inputs: every call made on an input created with `{ durable: true }` is written to the
 * checkpoint store before it is applied; a checkpoint records how many calls each such input had
 * logged at its cut, and a restored run replays the calls logged after that, in order, so the
 * input is where it was when the process died.
 *
 * Invariant: calls numbered up to a cut's count are reflected in that cut's state; those after it
 * are in the log (or were never made). Replayed calls are not logged again.
 */
import type { Dataflow } from "../runtime/dataflow.js";
import type { InputDriver, ScriptCall } from "../runtime/drivers/input-driver.js";
import type { SqliteStore } from "../state/sqlite-store.js";
import { timeFromPlain, timeToPlain } from "../time/plain-time.js";
import { CheckpointError } from "./errors.js";

/** The durable inputs of a dataflow. */
export function durableInputs(df: Dataflow): InputDriver[] {
  return [...df.inputs.values()].filter((d) => d.node.spec.meta?.["durable"] === true && d.node.state !== "removed");
}

/** The call logs of one run's durable inputs. */
export class InputLog {
  private readonly seqs = new Map<string, number>();
  private replaying = false;
  private readonly stop: () => void;

  /** Logs the calls of `df`'s durable inputs into `store`. */
  constructor(private readonly df: Dataflow, private readonly store: SqliteStore | undefined) {
    const inputs = durableInputs(df);
    if (inputs.length > 0 && store === undefined) {
      throw new CheckpointError(`input${inputs.length > 1 ? "s" : ""} ${inputs.map((d) => `"${d.name}"`).join(", ")} ${inputs.length > 1 ? "are" : "is"} durable, which needs a store to log to: run({ checkpoints: { store } })`);
    }
    for (const d of inputs) this.seqs.set(d.name, 0);
    this.stop = inputs.length === 0 ? () => undefined : df.calls.listen((c) => this.logged(c));
  }

  /** How many calls each durable input has logged (what a cut records). */
  counts(): Record<string, number> {
    return Object.fromEntries(this.seqs);
  }

  /** Recovery: replays the calls each durable input logged after `counts` (a cut's record; none: from the start). */
  replay(counts: Readonly<Record<string, number>> | undefined): void {
    this.replaying = true;
    try {
      for (const name of this.seqs.keys()) {
        const driver = this.df.inputs.get(this.df.nodes.get(name)!)!;
        let seq = counts?.[name] ?? 0;
        for (const [n, call] of this.store!.loggedCalls(name, seq)) {
          apply(driver, call as PlainCall);
          seq = n;
        }
        this.seqs.set(name, seq);
      }
    } finally {
      this.replaying = false;
    }
  }

  /** A fresh start: forgets whatever the durable inputs' logs hold. */
  forget(): void {
    for (const name of this.seqs.keys()) this.store!.dropCalls(name, Infinity);
  }

  /** After a commit: forgets the calls no kept checkpoint needs (`oldest`: the counts of the oldest kept one). */
  prune(oldest: Readonly<Record<string, number>> | undefined): void {
    if (oldest === undefined) return;
    for (const [name, n] of Object.entries(oldest)) if (this.seqs.has(name)) this.store!.dropCalls(name, n);
  }

  /** Stops listening. */
  close(): void {
    this.stop();
  }

  private logged(c: ScriptCall): void {
    if (this.replaying || c.kind === "clock") return;
    const seq = this.seqs.get(c.input);
    if (seq === undefined) return;
    this.seqs.set(c.input, seq + 1);
    const plain: PlainCall =
      c.kind === "send" ? { kind: "send", time: timeToPlain(c.time), items: c.items } : c.kind === "advance" ? { kind: "advance", to: timeToPlain(c.to) } : { kind: "close" };
    this.store!.appendCall(c.input, seq + 1, plain);
  }
}

/** A logged call. */
type PlainCall = { readonly kind: "send"; readonly time: unknown; readonly items: readonly unknown[] } | { readonly kind: "advance"; readonly to: unknown } | { readonly kind: "close" };

function apply(driver: InputDriver, call: PlainCall): void {
  switch (call.kind) {
    case "send":
      driver.push(call.items.slice(), timeFromPlain(call.time));
      return;
    case "advance":
      driver.advanceTo(timeFromPlain(call.to));
      return;
    case "close":
      driver.close();
  }
}
