/**
 * Adding nodes on behalf of streams and scopes: naming, prefixes (subgraphs) and wiring.
 *
 * A scope is the graph itself (no prefix) or a subgraph (`name/` prefix); every node a stream
 * operator creates lands in the scope of the stream it was called on.
 */
import type { Dataflow } from "../runtime/dataflow.js";
import type { OperatorLogic } from "../runtime/logic.js";
import type { NodeRuntime } from "../runtime/node.js";
import type { NodeBody } from "../runtime/node-spec.js";
import type { Summary } from "../time/summary.js";
import { checkName } from "../runtime/topology/names.js";
import { checkKeyedState, type KeyedState } from "../state/keyed-state.js";

/** Where new nodes go: a dataflow and a name prefix. */
export interface ScopeRef {
  /** @internal The live dataflow. */
  readonly df: Dataflow;
  /** `""` for the graph, `"sub/"` inside subgraph `sub`. */
  readonly prefix: string;
}

/** Options every stream operator takes. */
export interface OpOptions {
  /** The node's name (default: the operator's name, then `map2`, `map3`, ...). */
  readonly name?: string;
}

/** Options of a stateful operator: its name, and where it keeps its keyed state. */
export interface StateOptions extends OpOptions {
  /**
   * The keyed state the operator keeps (default: in memory). `store.state(name)` of a `SqliteStore`
   * keeps it on disk with only the recently used keys in memory, for state larger than memory;
   * pass the same store as the run's checkpoint store and checkpoints write it in place.
   */
  readonly state?: KeyedState<unknown>;
}

/** The `state` option of `options` (checked), for the operator `what`. */
export function stateOption(options: StateOptions | undefined, what: string): KeyedState<unknown> | undefined {
  const state = options?.state;
  if (state !== undefined) checkKeyedState(state, what);
  return state;
}

/** The first free name among `base`, `base2`, `base3`, ... in the scope. */
export function freshName(scope: ScopeRef, base: string): string {
  const nodes = scope.df.nodes;
  if (!nodes.has(scope.prefix + base)) return scope.prefix + base;
  for (let i = 2; ; i++) if (!nodes.has(`${scope.prefix}${base}${i}`)) return `${scope.prefix}${base}${i}`;
}

/** The full name of a node named `name` (or defaulting from `kind`) in the scope. */
export function nodeName(scope: ScopeRef, kind: string, name: string | undefined): string {
  if (name === undefined) return freshName(scope, kind);
  return scope.prefix + checkName(name, `the name of a ${kind} node`);
}

/** Adds a one-output operator fed by `sources` (fan-in into its `in` port); returns its `out` id. */
export function addOperator(scope: ScopeRef, kind: string, sources: readonly string[], logic: OperatorLogic, options?: OpOptions, summary: Summary = 0, meta?: Record<string, unknown>): string {
  const name = nodeName(scope, kind, options?.name);
  scope.df.addNode({ name, kind, inputs: ["in"], outputs: ["out"], summary, body: { type: "logic", logic }, meta });
  for (const s of sources) scope.df.connect(s, `${name}.in`);
  return `${name}.out`;
}

/** Adds a sink (one input, no outputs) fed by `source`; returns the node. */
export function addSink(scope: ScopeRef, kind: string, source: string, body: NodeBody, options?: OpOptions): NodeRuntime {
  const name = nodeName(scope, kind, options?.name);
  const node = scope.df.addNode({ name, kind, inputs: ["in"], outputs: [], summary: 0, body });
  scope.df.connect(source, `${name}.in`);
  return node;
}
