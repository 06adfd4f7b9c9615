/** Node handles: what `graph.node(...)` returns — the node's ports as streams and names. */
import type { ScopeRef } from "./build.js";
import { Stream } from "./stream.js";

/** A node added with `graph.node(...)`. */
export class NodeHandle {
  /** The handle of node `name` (called `local` in `scope`). */
  constructor(private readonly scope: ScopeRef, readonly name: string, private readonly local: string = name) {}

  /** Output port `port` as a stream (to chain operators on it). */
  output<T = unknown>(port = "out"): Stream<T> {
    this.scope.df.outPort(`${this.name}.${port}`, `output("${port}")`);
    return new Stream<T>(this.scope, `${this.name}.${port}`);
  }

  /** The id of input port `port` as the node's scope names it, for `connect` there. */
  input(port = "in"): string {
    this.scope.df.inPort(`${this.name}.${port}`, `input("${port}")`);
    return `${this.local}.${port}`;
  }

  toString(): string {
    return `Node(${this.name})`;
  }
}
