/**
 * Builder for windows: one node per windowed aggregation, with outputs `out` (panes) and `late`
 * (elements all of whose windows were dropped).
 */
import type { KeyedState } from "../../state/keyed-state.js";
import type { Aggregation } from "../../eventtime/aggregations.js";
import type { WindowAssigner } from "../../eventtime/assigners.js";
import type { WindowRecord } from "../../eventtime/panes.js";
import { ProcessingWindowLogic } from "../../eventtime/processing-window-logic.js";
import { describeTrigger, usesProcessingTime } from "../../eventtime/triggers.js";
import { windowConfig, type WindowOptions } from "../../eventtime/window-options.js";
import { WindowLogic } from "../../eventtime/window-logic.js";
import { nodeName, type ScopeRef } from "../build.js";

/** What `addWindow` made: the ports of the node, and its state. */
export interface WindowPorts {
  /** The panes (`node.out`). */
  readonly out: string;
  /** The dropped elements (`node.late`). */
  readonly late: string;
  /** The window contents. */
  readonly state: KeyedState<WindowRecord[]>;
}

/** Adds a window node fed by `source` (options already checked by `checkWindowOptions`). */
export function addWindow<T>(scope: ScopeRef, source: string, key: ((item: T) => unknown) | undefined, assigner: WindowAssigner, options: WindowOptions, agg: Aggregation<T, unknown, unknown>): WindowPorts {
  const cfg = windowConfig(key as ((item: unknown) => unknown) | undefined, assigner, options, agg as Aggregation<unknown, unknown, unknown>);
  const processing = assigner.kind === "tumbling" && assigner.domain === "processing";
  const logic = processing ? new ProcessingWindowLogic(cfg) : new WindowLogic(cfg);
  const name = nodeName(scope, "window", options.name);
  const meta = { assigner, aggregation: agg.name, keyed: key !== undefined, allowedLateness: cfg.lateness, trigger: describeTrigger(cfg.trigger), processingTime: usesProcessingTime(cfg.trigger), accumulation: cfg.discarding ? "discarding" : cfg.retracting ? "retracting" : "accumulating" };
  scope.df.addNode({ name, kind: "window", inputs: ["in"], outputs: ["out", "late"], summary: 0, body: { type: "logic", logic }, meta });
  scope.df.connect(source, `${name}.in`);
  return { out: `${name}.out`, late: `${name}.late`, state: cfg.state };
}
