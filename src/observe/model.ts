/**
 * The observation model: one typed, plain-data picture of a graph and its run that every view
 * (notebook, terminal, text) renders from. Everything here is JSON-writable; times that are not
 * integers appear as their printed form.
 */

import type { FrontierView, TimeView } from "../time/views.js";
import type { StepRecord } from "../runtime/step-record.js";

/** A port with its frontier (and, for inputs, what waits in its queues). */
export interface PortView {
  /** `node.port`. */
  readonly id: string;
  /** The port's name. */
  readonly name: string;
  /** The frontier here. */
  readonly frontier: FrontierView;
  /** Items waiting in the queues into this port (inputs only). */
  readonly queuedItems?: number;
  /** Batches waiting in the queues into this port (inputs only). */
  readonly queuedBatches?: number;
}

/** A capability time a node holds, with how many it holds there. */
export interface CapabilityView {
  /** The time. */
  readonly time: TimeView;
  /** How many capabilities (or batches being handled) count there. */
  readonly count: number;
}

/** A key of a node's state that changed recently. */
export interface StateKeyView {
  /** The key. */
  readonly key: unknown;
  /** The value after the change (absent when deleted). */
  readonly value?: unknown;
  /** The version of the change. */
  readonly version: number;
  /** True when the key was deleted. */
  readonly deleted: boolean;
  /** Items of this key that wait for the frontier to pass their time (user view of a window operator). */
  readonly waiting?: readonly WaitingItemView[];
}

/** An item an operator holds until the frontier passes its time. */
export interface WaitingItemView {
  /** The item's key (undefined for an unkeyed operator). */
  readonly key: unknown;
  /** The time it waits for. */
  readonly time: TimeView;
  /** The item. */
  readonly item: unknown;
}

/** A stateful node's keyed state. */
export interface StateView {
  /** Number of keys. */
  readonly size: number;
  /** Items the operator holds until the frontier passes their time, not in the state yet (window operators). */
  readonly waiting?: number;
  /** The first of those items, earliest time first, each with its key. */
  readonly waitingItems?: readonly WaitingItemView[];
  /** The most recently changed keys, newest first. */
  readonly recent: readonly StateKeyView[];
}

/** A node. */
export interface NodeView {
  /** The node's name. */
  readonly name: string;
  /** Its kind (`input`, `map`, `window`, ...). */
  readonly kind: string;
  /** Its lifecycle: idle, running, finished or removed. */
  readonly status: string;
  /** Input ports. */
  readonly inputs: readonly PortView[];
  /** Output ports (`error` last). */
  readonly outputs: readonly PortView[];
  /** Items and batches in and out, failures, drops. */
  readonly stats: {
    readonly itemsIn: number;
    readonly itemsOut: number;
    readonly batchesIn: number;
    readonly batchesOut: number;
    readonly failures: number;
    readonly dropped: number;
  };
  /** Capabilities held (input handles hold one at their current time). */
  readonly capabilities: readonly CapabilityView[];
  /** The node's keyed state, for stateful nodes. */
  readonly state?: StateView;
}

/** An edge with what is queued on it. */
export interface EdgeView {
  /** The output port it leaves. */
  readonly from: string;
  /** The input port it enters. */
  readonly to: string;
  /** Items queued. */
  readonly queuedItems: number;
  /** Batches queued. */
  readonly queuedBatches: number;
  /** What may still travel it: the frontier of its output port. */
  readonly frontier: FrontierView;
}

/**
 * Something that happened, for the log of recent events. A `send` event stands for every batch
 * sent along one edge at one time in a row (within one event-loop turn, with nothing else logged
 * in between): its text counts the items and, when more than one, the batches.
 */
export interface EventView {
  /** Increasing number. */
  readonly seq: number;
  /** Processing time (ms, on the run's clock). */
  readonly at: number;
  /** What happened. */
  readonly kind: "send" | "frontier" | "capability" | "state" | "failure" | "status";
  /** One line saying it. */
  readonly text: string;
}

/** A failure as views show it. */
export interface FailureView {
  /** The node. */
  readonly node: string;
  /** The port it was handling. */
  readonly port?: string;
  /** The time it was handling. */
  readonly time?: TimeView;
  /** The message. */
  readonly message: string;
}

/** One point of the timeline: frontiers over processing time. */
export interface TimelinePoint {
  /** Processing time (ms). */
  readonly at: number;
  /** The inputs' frontier (its least element; null when done or not an integer). */
  readonly inputs: number | null;
  /** The least frontier over the graph's sinks (what has come all the way through). */
  readonly outputs: number | null;
  /** The least frontier after the event-time stages: the watermark (Beam's convention). */
  readonly watermark: number | null;
}

/** The whole picture. */
export interface Snapshot {
  /** The graph's name. */
  readonly graph: string;
  /** idle, running, completed, stopped or failed. */
  readonly status: string;
  /** The run's mode (undefined before `run()`). */
  readonly mode?: string;
  /** Processing time now (ms). */
  readonly now: number;
  /** The inputs' frontier. */
  readonly inputs: FrontierView;
  /** Nodes in creation order. */
  readonly nodes: readonly NodeView[];
  /** Edges. */
  readonly edges: readonly EdgeView[];
  /** Failures, most recent last. */
  readonly failures: readonly FailureView[];
  /** Failures in all. */
  readonly failureCount: number;
  /** Recent events, oldest first. */
  readonly events: readonly EventView[];
  /** Frontiers over processing time, oldest first. */
  readonly timeline: readonly TimelinePoint[];
  /** Step mode: the most recent steps, oldest first (absent in other modes). */
  readonly steps?: readonly StepRecord[];
  /** Step mode: the steps taken so far, idle ones not counted (absent in other modes). */
  readonly stepCount?: number;
  /** The run's checkpoints (absent for a run without a checkpoint store). */
  readonly checkpoints?: CheckpointsView;
}

/** A run's checkpoints: how many, the latest, where the run was restored from, one in progress. */
export interface CheckpointsView {
  /** The store's path. */
  readonly store: string;
  /** True while one is being taken. */
  readonly inProgress: boolean;
  /** How many the run has taken. */
  readonly taken: number;
  /** The latest: id, commit time, frontier at the cut, keys and bytes written, duration. */
  readonly last?: { readonly id: number; readonly at: number; readonly frontier: string; readonly keys: number; readonly bytes: number; readonly durationMs: number };
  /** The checkpoint the run was restored from. */
  readonly restoredFrom?: { readonly id: number; readonly frontier: string };
  /** All of it in one line, e.g. `3 taken · last #3 at [120] (120 keys, 12.4 kB, 40 ms) · restored from #1 at [16]`. */
  readonly text: string;
}
