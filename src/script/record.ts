/**
 * Recording a session's input calls as a script: `graph.recordCalls()` hears every `send`/`push`,
 * `advanceTo`, `close` and `exec.advanceClock` from then on, in the order they are made, so
 * `recording.text()` (the script format) replays the session exactly with `runScript`.
 * Consecutive sends to one input at one time are kept as one `send` (batch boundaries are not
 * part of what a run means).
 */
import { timeEquals } from "../time/order.js";
import type { InputCalls } from "../runtime/input-calls.js";
import type { ScriptCall } from "../runtime/input-driver.js";
import { formatScript } from "./format.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The input calls made on a graph since recording started. */
export class CallRecording {
  private readonly list: Array<Mutable<ScriptCall>> = [];
  private readonly stopListening: () => void;

  /** Starts recording the calls of `calls`. */
  constructor(calls: InputCalls) {
    this.stopListening = calls.listen((c) => this.add(c));
  }

  /** The calls so far, in order. */
  get calls(): readonly ScriptCall[] {
    return this.list;
  }

  /** The calls so far in the script format (what `parseScript` and `runScript` read). */
  text(): string {
    return formatScript(this.list);
  }

  /** Stops recording (the calls so far stay). */
  stop(): void {
    this.stopListening();
  }

  private add(c: ScriptCall): void {
    const last = this.list[this.list.length - 1];
    if (c.kind === "send" && last?.kind === "send" && last.input === c.input && timeEquals(last.time, c.time)) {
      const items = last.items as unknown[]; // our own copy (see below)
      for (const x of c.items) items.push(x);
      return;
    }
    this.list.push(c.kind === "send" ? { ...c, items: [...c.items] } : { ...c });
  }
}
