/**
 * Scopes: the graph, or a subgraph inside it — where nodes are defined and wired by name.
 *
 * Names given to a scope are local: inside subgraph `sub`, node `a` is `sub/a` in the graph, and
 * `connect("a.out", "b.in")` means `sub/a.out → sub/b.in`.
 */
import { checkSummary, type Summary } from "../time/summary.js";
import { GraphError } from "../runtime/failure.js";
import type { Dataflow } from "../runtime/dataflow.js";
import type { NodeContext } from "../runtime/context.js";
import { checkName } from "../runtime/topology/names.js";
import { addOperator, type OpOptions, type ScopeRef } from "./build.js";
import { NodeHandle } from "./node-handle.js";
import { Stream } from "./stream.js";
import { concatLogic } from "../operators/concat.js";
import type { TestStream, TestStreamPlayer } from "../eventtime/test-stream.js";
import { addTestStream } from "./ops/eventtime.js";
import { addSource, type SourceOptions } from "./ops/connectors.js";
import type { ReplayableSource } from "../connectors/source.js";

/** How a stream-style node is declared. */
export interface NodeOptions {
  /** Input port names (default none). */
  readonly inputs?: readonly string[];
  /** Output port names (default none; every node also has `error`). */
  readonly outputs?: readonly string[];
  /**
   * What the node does to times from its inputs to its outputs: `0` (default) keeps them, `k`
   * adds k (a loop's feedback), `null` means its inputs do not limit its outputs at all (it sends
   * only through capabilities it keeps).
   */
  readonly summary?: Summary | null;
}

/** Port mappings of a subgraph: outer port name → inner `node.port`. */
export interface PortMappings {
  /** Outer input name → inner input port. */
  readonly inputs?: Readonly<Record<string, string>>;
  /** Outer output name → inner output port. */
  readonly outputs?: Readonly<Record<string, string>>;
}

/** Where nodes are defined: the graph or a subgraph. */
export class Scope implements ScopeRef {
  /** A scope over `df` whose node names start with `prefix`. */
  constructor(
    /** @internal The live dataflow. */
    readonly df: Dataflow,
    readonly prefix: string,
  ) {}

  /** Adds a stream-style node: `fn(ctx)` reads `ctx.input(port)` and sends with `ctx.output(port).send(time, items)`. */
  node(name: string, options: NodeOptions, fn: (ctx: NodeContext) => unknown): NodeHandle {
    if (typeof fn !== "function") throw new TypeError(`node("${name}"): the third argument must be the node's function (async ctx => ...), got ${typeof fn}`);
    const full = this.prefix + checkName(name, "a node name");
    const o = options ?? {};
    const summary = o.summary === undefined ? 0 : o.summary === null ? null : checkSummary(o.summary, `node "${full}": summary`);
    this.df.addNode({
      name: full,
      kind: "node",
      inputs: portList(o.inputs, full, "inputs"),
      outputs: portList(o.outputs, full, "outputs"),
      summary,
      body: { type: "stream", fn },
    });
    return new NodeHandle(this, full, name);
  }

  /** Connects output port `from` (or a stream) to input port `to` (`node.port`, local names). */
  connect(from: string | Stream<unknown>, to: string): void {
    const src = from instanceof Stream ? from.id : this.prefix + String(from);
    this.df.connect(src, this.prefix + to);
  }

  /** The stream of output port `port` (`node.port`, local name). */
  stream<T = unknown>(port: string): Stream<T> {
    const id = this.prefix + port;
    this.df.outPort(id, `stream("${port}")`);
    return new Stream<T>(this, id);
  }

  /**
   * Adds a subgraph `name`: `build(sub)` defines its nodes (named `name/...`) and either returns
   * port mappings or declares ports with `sub.input(...)` / `sub.output(...)`. Outside, its ports
   * are `name.port`. It streams through: no waiting for the inner graph, no extra buffer.
   */
  subgraph(name: string, build: (sub: Subgraph) => PortMappings | void): SubgraphHandle {
    const local = checkName(name, "a subgraph name");
    const full = this.prefix + local;
    if (this.df.nodes.has(full) || [...this.df.nodes.keys()].some((n) => n.startsWith(`${full}/`))) {
      throw new GraphError(`graph already has a node or subgraph named "${full}"`);
    }
    const sub = new Subgraph(this.df, `${full}/`, full);
    const mappings = build(sub);
    if (mappings) sub.expose(mappings);
    return new SubgraphHandle(this, full, local, sub.ports());
  }

  /**
   * An input fed by a replayable source when the graph runs: each chunk of `batch` items is one
   * epoch (logical time 0, 1, 2, ...), and the input closes when the source has no more. Its
   * position is part of every checkpoint, so a restored run reads on from there.
   */
  source<T>(name: string, source: ReplayableSource<T>, options?: SourceOptions): Stream<T> {
    return new Stream<T>(this, addSource(this, name, source, options));
  }

  /**
   * A stream that plays `script` (elements at event times, watermarks, processing time) when the
   * graph runs; given `script.player()` instead, it plays a step only when told (`await player.step()`).
   */
  testStream<T>(script: TestStream<T> | TestStreamPlayer<T>, options?: OpOptions): Stream<T> {
    return new Stream<T>(this, addTestStream(this, script, options));
  }
}

/** The inside of a subgraph while it is being built. */
export class Subgraph extends Scope {
  private readonly ins: string[] = [];
  private readonly outs: string[] = [];

  /** A subgraph called `name` whose nodes start with `prefix`. */
  constructor(df: Dataflow, prefix: string, readonly name: string) {
    super(df, prefix);
  }

  /** Declares outer input port `port` and returns the stream of what arrives there. */
  input<T = unknown>(port: string): Stream<T> {
    checkName(port, `an input port of subgraph "${this.name}"`);
    const out = addOperator(this, "boundary", [], concatLogic(), { name: port });
    this.alias(`${this.name}.${port}`, `${out.slice(0, -".out".length)}.in`, this.ins, port);
    return new Stream<T>(this, out);
  }

  /** Declares outer output port `port`, carrying `stream`. */
  output(port: string, stream: Stream<unknown>): void {
    checkName(port, `an output port of subgraph "${this.name}"`);
    this.alias(`${this.name}.${port}`, stream.id, this.outs, port);
  }

  /** Maps outer port names to inner ports (`node.port`, local names). */
  expose(m: PortMappings): void {
    for (const [outer, inner] of Object.entries(m.inputs ?? {})) {
      const id = this.prefix + inner;
      this.df.inPort(id, `subgraph "${this.name}" input "${outer}"`);
      this.alias(`${this.name}.${outer}`, id, this.ins, outer);
    }
    for (const [outer, inner] of Object.entries(m.outputs ?? {})) {
      const id = this.prefix + inner;
      this.df.outPort(id, `subgraph "${this.name}" output "${outer}"`);
      this.alias(`${this.name}.${outer}`, id, this.outs, outer);
    }
  }

  /** The declared outer ports. */
  ports(): { inputs: string[]; outputs: string[] } {
    return { inputs: [...this.ins], outputs: [...this.outs] };
  }

  private alias(outer: string, inner: string, list: string[], port: string): void {
    checkName(port, `a port of subgraph "${this.name}"`);
    if (this.df.aliases.has(outer)) throw new GraphError(`subgraph "${this.name}" already has a port "${port}"`);
    this.df.aliases.set(outer, inner);
    list.push(port);
  }
}

/** A subgraph seen from outside: its ports. */
export class SubgraphHandle {
  /** The handle of subgraph `name` (called `local` in the scope that made it) with the given outer ports. */
  constructor(
    private readonly scope: ScopeRef,
    readonly name: string,
    private readonly local: string,
    readonly ports: { readonly inputs: readonly string[]; readonly outputs: readonly string[] },
  ) {}

  /** Outer output `port` as a stream. */
  output<T = unknown>(port = "out"): Stream<T> {
    if (!this.ports.outputs.includes(port)) {
      throw new GraphError(`subgraph "${this.name}" has no output "${port}"; its outputs are: ${this.ports.outputs.join(", ") || "(none)"}`);
    }
    return new Stream<T>(this.scope, `${this.name}.${port}`);
  }

  /** The id of outer input `port` as the enclosing scope names it, for `connect` there. */
  input(port = "in"): string {
    if (!this.ports.inputs.includes(port)) {
      throw new GraphError(`subgraph "${this.name}" has no input "${port}"; its inputs are: ${this.ports.inputs.join(", ") || "(none)"}`);
    }
    return `${this.local}.${port}`;
  }

  toString(): string {
    return `Subgraph(${this.name})`;
  }
}

function portList(ports: readonly string[] | undefined, node: string, what: string): string[] {
  if (ports === undefined) return [];
  if (!Array.isArray(ports)) throw new GraphError(`node "${node}": ${what} must be an array of port names, got ${typeof ports}`);
  return [...ports];
}
