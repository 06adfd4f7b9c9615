/**
 * Step records: what one step of a step-mode run did, gathered while it runs.
 *
 * A `StepLog` is attached as a monitor for the length of one step and hears every batch consumed
 * and sent, every frontier change a node was told, every capability change and every frontier
 * that moved when progress was propagated; `record()` turns that into a `StepRecord` (plain data,
 * the observation model's form) with a one-line summary.
 */
import type { Antichain } from "../../time/antichain.js";
import { timeEquals, type Time } from "../../time/order.js";
import type { ProgressTracker } from "../../progress/tracker.js";
import type { StepBatchView, StepCallView, StepCapabilityView, StepFrontierView, StepNoticeView, StepRecord } from "../step-record.js";
import { frontierView, timeView } from "../../time/views.js";
import type { Failure } from "../failure.js";
import type { InputCall } from "./input-driver.js";
import type { Monitor } from "../monitor.js";

/** What a step log needs from the dataflow. */
export interface StepSource {
  /** Pointstamps and frontiers. */
  readonly tracker: ProgressTracker;
  /** The port tracked at `loc`, if it is a port. */
  locationOf(loc: number): { readonly id: string } | object | undefined;
}

/** What a step did, as far as the log is concerned. */
export type StepUnit = { readonly kind: "node"; readonly node: string } | { readonly kind: "call"; readonly call: InputCall } | { readonly kind: "idle"; readonly note?: string };

/** Hears one step. */
export class StepLog implements Monitor {
  private readonly noticedList: StepNoticeView[] = [];
  private readonly consumedList: StepBatchView[] = [];
  private readonly emittedList: StepBatchView[] = [];
  private readonly moves = new Map<string, { before: Antichain; after: Antichain }>();
  private readonly caps: Array<{ node: string; time: Time; diff: number }> = [];

  /** A log of one step of `df`. */
  constructor(private readonly df: StepSource) {}

  sent(): void {}

  failure(_node: string, _f: Failure): void {}

  changed(): void {}

  frontiers(locations: readonly number[], before: readonly Antichain[]): void {
    locations.forEach((loc, i) => {
      const x = this.df.locationOf(loc);
      if (x === undefined || !("id" in x)) return;
      const after = this.df.tracker.frontier(loc);
      const seen = this.moves.get(x.id);
      if (seen !== undefined) seen.after = after;
      else this.moves.set(x.id, { before: before[i]!, after });
    });
  }

  capability(node: string, time: Time, diff: number): void {
    const same = this.caps.find((c) => c.node === node && timeEquals(c.time, time));
    if (same !== undefined) same.diff += diff;
    else this.caps.push({ node, time, diff });
  }

  consumed(port: string, time: Time, count: number): void {
    this.consumedList.push({ port, time: timeView(time), count });
  }

  emitted(port: string, time: Time, items: readonly unknown[]): void {
    this.emittedList.push({ port, time: timeView(time), count: items.length });
  }

  noticed(port: string, frontier: Antichain): void {
    this.noticedList.push({ port, frontier: frontierView(frontier) });
  }

  /** The record of the step: number `step`, what ran, and the run's status after it. */
  record(step: number, unit: StepUnit, status: string): StepRecord {
    const frontiers: StepFrontierView[] = [];
    for (const [port, m] of this.moves) if (!m.before.equals(m.after)) frontiers.push({ port, before: frontierView(m.before), after: frontierView(m.after) });
    const capabilities: StepCapabilityView[] = this.caps.filter((c) => c.diff !== 0).map((c) => ({ node: c.node, time: timeView(c.time), diff: c.diff }));
    const base = { step, noticed: this.noticedList, consumed: this.consumedList, emitted: this.emittedList, frontiers, capabilities, status };
    if (unit.kind === "node") return { ...base, kind: "node", node: unit.node, summary: summarize(base, `${unit.node} ran`) };
    if (unit.kind === "call") {
      const call = callView(unit.call);
      return { ...base, kind: "call", call, summary: summarize(base, `applied ${describeCall(call)}`) };
    }
    const none = `nothing to do: no node has work and no input call is queued${unit.note !== undefined ? ` (${unit.note})` : ""}`;
    return { ...base, kind: "idle", summary: status === "running" ? none : `${none}; the run has ${status}` };
  }
}

/** An input call as a step record shows it. */
function callView(c: InputCall): StepCallView {
  switch (c.kind) {
    case "data": return { kind: "send", input: c.batch.input.name, time: timeView(c.batch.time), count: c.batch.items.length };
    case "advance": return { kind: "advance", input: c.input.name, to: timeView(c.to) };
    case "close": return { kind: "close", input: c.input.name };
    case "clock": return { kind: "clock", ms: c.ms };
  }
}

function describeCall(c: StepCallView): string {
  switch (c.kind) {
    case "send": return `send ${c.input} @${c.time} (${plural(c.count, "item")})`;
    case "advance": return `advance ${c.input} to ${c.to}`;
    case "close": return `close ${c.input}`;
    case "clock": return `clock +${c.ms} ms`;
  }
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}

function batches(list: readonly StepBatchView[]): string {
  return list.map((b) => `${b.port} ${plural(b.count, "item")} @${b.time}`).join(", ");
}

function summarize(r: Omit<StepRecord, "kind" | "summary">, head: string): string {
  const parts = [`step ${r.step}: ${head}`];
  if (r.noticed.length > 0) parts.push(`saw ${r.noticed.map((n) => `${n.port} ${n.frontier.text}`).join(", ")}`);
  if (r.consumed.length > 0) parts.push(`took ${batches(r.consumed)}`);
  if (r.emitted.length > 0) parts.push(`sent ${batches(r.emitted)}`);
  if (r.capabilities.length > 0) parts.push(`capabilities ${r.capabilities.map((c) => `${c.node} ${c.diff > 0 ? "+" : ""}${c.diff} @${c.time}`).join(", ")}`);
  if (r.frontiers.length > 0) parts.push(`frontiers ${r.frontiers.map((f) => `${f.port} ${f.before.text} → ${f.after.text}`).join(", ")}`);
  if (r.status !== "running") parts.push(`run ${r.status}`);
  return parts.join("; ");
}
