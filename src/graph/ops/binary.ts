/**
 * Two-input builders: one node with two named input ports, each fed by one stream, and one `out`
 * port (`join`, `zip`, `sample`, `reclock`). Input 0 is the first port, input 1 the second.
 */
import type { OperatorLogic } from "../../runtime/logic.js";
import { nodeName, type OpOptions, type ScopeRef } from "../build.js";

/** Adds node `kind` (or `options.name`) with input ports `[port, source]` × 2; returns its `out` id. */
export function addBinary(scope: ScopeRef, kind: string, inputs: readonly [[port: string, source: string], [port: string, source: string]], logic: OperatorLogic, options?: OpOptions): string {
  const name = nodeName(scope, kind, options?.name);
  scope.df.addNode({ name, kind, inputs: inputs.map(([port]) => port), outputs: ["out"], summary: 0, body: { type: "logic", logic } });
  for (const [port, source] of inputs) scope.df.connect(source, `${name}.${port}`);
  return `${name}.out`;
}
