/**
 * What a node is made from: the scheduling modes, a node's body and spec, its counters and its
 * tracker locations.
 */
import type { Summary } from "../time/summary.js";
import type { NodeContext } from "./context.js";
import type { OperatorLogic } from "./logic.js";

/**
 * How an execution schedules its nodes: `concurrent` (a task per node), `logical-time` (a task
 * per node; nodes with several input edges take their inputs in time order), `deterministic`
 * (one scheduler task, a fixed order) or `step` (the same scheduler, one activation per
 * `exec.step()`).
 */
export type Mode = "concurrent" | "deterministic" | "step" | "logical-time";

/** Every mode, in the order messages list them. */
export const MODES: readonly Mode[] = ["concurrent", "logical-time", "deterministic", "step"];

/** True for the modes in which one scheduler task runs every node (deterministic and step). */
export function isSequential(mode: Mode | undefined): boolean {
  return mode === "deterministic" || mode === "step";
}

/** What a node does. */
export type NodeBody =
  | { readonly type: "logic"; readonly logic: OperatorLogic }
  | { readonly type: "stream"; readonly fn: (ctx: NodeContext) => unknown }
  | { readonly type: "source" }
  | { readonly type: "sink" };

/** Everything needed to create a node. */
export interface NodeSpec {
  /** Unique name within the graph. */
  readonly name: string;
  /** What kind of node (`input`, `map`, `node`, ...), for views and Mermaid. */
  readonly kind: string;
  /** Input port names. */
  readonly inputs: readonly string[];
  /** Output port names, without `error` (every node gets one). */
  readonly outputs: readonly string[];
  /** What the node does to times from any input to any output; null when inputs do not imply outputs. */
  readonly summary: Summary | null;
  /** The node's code. */
  readonly body: NodeBody;
  /** Free-form facts for views and export (operator arguments, labels). */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** Counters kept for every node. */
export interface NodeStats {
  /** Items handled. */
  itemsIn: number;
  /** Items sent on the outputs (failures on `error` are not counted here). */
  itemsOut: number;
  /** Batches handled. */
  batchesIn: number;
  /** Batches sent on the outputs. */
  batchesOut: number;
  /** Failures reported. */
  failures: number;
  /** Items dropped because the node had finished or was removed. */
  dropped: number;
}

/** Where a node's ports and capabilities are tracked. */
export interface NodeLocations {
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  readonly cap: number;
}
