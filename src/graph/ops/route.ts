/**
 * Routing builders: one node fed by one stream, with several outputs (`partition`, `branch`,
 * `exchange`). Returns the output port ids, in the order of the output names.
 */
import type { OperatorLogic } from "../../runtime/logic.js";
import { nodeName, type OpOptions, type ScopeRef } from "../build.js";

/** Adds node `kind` (or `options.name`) fed by `source` into `in`, with outputs `outputs`; returns their ids. */
export function addRouter(scope: ScopeRef, kind: string, source: string, outputs: readonly string[], logic: OperatorLogic, options?: OpOptions, meta?: Record<string, unknown>): string[] {
  const name = nodeName(scope, kind, options?.name);
  scope.df.addNode({ name, kind, inputs: ["in"], outputs, summary: 0, body: { type: "logic", logic }, meta });
  scope.df.connect(source, `${name}.in`);
  return outputs.map((o) => `${name}.${o}`);
}
