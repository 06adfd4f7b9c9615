/**
 * Step records: what one step of a step-mode run did, as plain data (JSON-writable) that the
 * observation model carries and every view renders.
 */
import type { FrontierView, TimeView } from "../time/views.js";

/** A batch a step moved: where, at which time, how many items. */
export interface StepBatchView {
  /** The port: an input port (`node.in`) for what a node consumed, an output port for what it sent. */
  readonly port: string;
  /** The batch's time. */
  readonly time: TimeView;
  /** Items in the batch. */
  readonly count: number;
}

/** A frontier that a step moved. */
export interface StepFrontierView {
  /** `node.port`. */
  readonly port: string;
  /** The frontier before the step. */
  readonly before: FrontierView;
  /** The frontier after it. */
  readonly after: FrontierView;
}

/** A change of the capabilities a node holds. */
export interface StepCapabilityView {
  /** The node. */
  readonly node: string;
  /** The time. */
  readonly time: TimeView;
  /** How many more it holds there (negative: fewer). */
  readonly diff: number;
}

/** An input call as a step applied it (the items themselves are not repeated here). */
export type StepCallView =
  | { readonly kind: "send"; readonly input: string; readonly time: TimeView; readonly count: number }
  | { readonly kind: "advance"; readonly input: string; readonly to: TimeView }
  | { readonly kind: "close"; readonly input: string }
  | { readonly kind: "clock"; readonly ms: number };

/**
 * What one step of a step-mode run did: one node activation, or one input call applied, or
 * nothing (`idle`: no node had work and no call was queued). Plain data, JSON-writable.
 */
export interface StepRecord {
  /** The step's number, from 1 (idle steps are not counted). */
  readonly step: number;
  /** `node`: a node ran; `call`: an input call was applied; `idle`: there was nothing to do. */
  readonly kind: "node" | "call" | "idle";
  /** The node that ran (kind `node`). */
  readonly node?: string;
  /** The input call applied (kind `call`). */
  readonly call?: StepCallView;
  /** Frontier changes the node was told about (it handled them before its data). */
  readonly noticed: readonly StepNoticeView[];
  /** Batches the node consumed, in the order it handled them. */
  readonly consumed: readonly StepBatchView[];
  /** Batches sent, in order (by the node, or by the input for a `send` call). */
  readonly emitted: readonly StepBatchView[];
  /** Frontiers that moved when progress was propagated after the step. */
  readonly frontiers: readonly StepFrontierView[];
  /** Capabilities taken, moved or dropped during the step. */
  readonly capabilities: readonly StepCapabilityView[];
  /** The run's status after the step. */
  readonly status: string;
  /** One line saying what happened. */
  readonly summary: string;
}

/** A frontier change a node was told about. */
export interface StepNoticeView {
  /** The node's input port. */
  readonly port: string;
  /** The frontier it was told. */
  readonly frontier: FrontierView;
}
