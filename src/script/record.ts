/**
 * Recording a session's input calls as a script: `graph.recordCalls()` hears every `send`/`push`,
 * `advanceTo`, `close` and `exec.advanceClock` from then on, in the order they are made, so
 * `recording.text()` (the script format) replays the session exactly with `runScript`.
 * Consecutive sends to one input at one time are kept as one `send` (batch boundaries are not
 * part of what a run means).
 */
import { timeEquals } from "../time/order.js";
import type { InputCalls } from "../runtime/drivers/input-calls.js";
import type { ScriptCall } from "../runtime/drivers/input-driver.js";
import { formatScript } from "./format.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Options of `graph.recordCalls()`. */
export interface RecordOptions {
  /** Most items to keep (default: no bound); a send past it ends the recording, and `full` says so. */
  readonly maxItems?: number;
}

/** The input calls made on a graph since recording started. */
export class CallRecording {
  private readonly list: Array<Mutable<ScriptCall>> = [];
  private readonly stopListening: () => void;
  private readonly maxItems: number;
  private items = 0;
  private fullAt: number | undefined;

  /** Starts recording the calls of `calls`. */
  constructor(calls: InputCalls, options: RecordOptions = {}) {
    const max = options.maxItems ?? Infinity;
    if (max !== Infinity && (!Number.isSafeInteger(max) || max < 0)) throw new RangeError(`recordCalls: maxItems must be a non-negative integer, got ${String(max)}`);
    this.maxItems = max;
    this.stopListening = calls.listen((c) => this.add(c));
  }

  /**
   * Undefined while every call has been kept; once a send went past `maxItems`, a sentence saying
   * that the recording ended there (the calls kept are those before it).
   */
  get full(): string | undefined {
    return this.fullAt === undefined ? undefined : `the recording ended at call ${this.fullAt}: it would have held more than ${this.maxItems} items`;
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
    if (c.kind === "send" && (this.items += c.items.length) > this.maxItems) {
      this.fullAt = this.list.length + 1;
      this.stop();
      return;
    }
    const last = this.list[this.list.length - 1];
    if (c.kind === "send" && last?.kind === "send" && last.input === c.input && timeEquals(last.time, c.time)) {
      const items = last.items as unknown[]; // our own copy (see below)
      for (const x of c.items) items.push(x);
      return;
    }
    this.list.push(c.kind === "send" ? { ...c, items: [...c.items] } : { ...c });
  }
}
