/**
 * Graphs: named nodes with named ports, wired output → input, run as one dataflow.
 *
 * A graph is live from the moment it is created: inputs hold capabilities at time 0, frontiers
 * can be asked for before `run()`, and nodes and edges can be added (or nodes removed) while it
 * runs, so notebooks and the REPL can build it a line at a time.
 */
import type { Antichain } from "../time/antichain.js";
import { checkTime, type Time } from "../time/order.js";
import { Dataflow } from "../runtime/dataflow.js";
import { checkMode, type RunOptions, type RunResult, type RunStatus } from "../runtime/run-options.js";
import { GraphError } from "../runtime/failure.js";
import type { Mode } from "../runtime/node-spec.js";
import { checkName } from "../runtime/topology/names.js";
import { Execution } from "./execution.js";
import { InputHandle } from "./input-handle.js";
import { Scope } from "./scope.js";
import { CallRecording, type RecordOptions } from "../script/record.js";
import { Observer, type ObserverOptions } from "../observe/observer.js";
import { dataflowBundle, pictureOf, type MimeBundle } from "../observe/display.js";
import { snapshotText } from "../observe/text.js";
import type { Snapshot } from "../observe/model.js";
import { Coordinator } from "../checkpoint/coordinator.js";
import { checkCheckpointable } from "../checkpoint/cut.js";
import { CheckpointError } from "../checkpoint/errors.js";
import { checkCheckpointOptions, checkRestore, type CheckpointOptions } from "../checkpoint/options.js";
import { participantsOf } from "./participants.js";
import { durableInputs } from "../checkpoint/input-log.js";
import { buildFromMermaid, MermaidDiagram, parseMermaid, toMermaid, type MermaidFactory } from "./mermaid.js";

/** How a graph's run is started: the runtime's options, and checkpoints. */
export interface GraphRunOptions extends RunOptions {
  /** Take checkpoints into a durable store (a file path or a `SqliteStore`), every so many ms or source epochs. */
  readonly checkpoints?: CheckpointOptions;
  /**
   * Go back to a checkpoint of that store before starting: `"latest"` (the newest complete one;
   * with none, the run starts from the beginning) or an id. Every operator's state, capability and
   * timer, every input's time and every source's position are restored; sinks drop what was
   * published after it.
   */
  readonly restore?: "latest" | number;
}

/** Options of `graph.input(name, options)`. */
export interface InputOptions {
  /** Log every call in the checkpoint store, so a restored run replays what was sent after its checkpoint. */
  readonly durable?: boolean;
}

/** How a graph is made. */
export interface GraphOptions {
  /** Items a channel holds before its sender waits (default 16384). */
  readonly capacity?: number;
  /** Most items an input gathers into one batch (default 1024). */
  readonly batchSize?: number;
  /** The mode `run()` uses when it is not given one (default `concurrent`). */
  readonly mode?: Mode;
  /** The earliest time, where inputs and sources start: `0` (default), or e.g. `new Product(0, 0)`. */
  readonly minimum?: Time;
}

/** A dataflow graph. */
export class Graph extends Scope {
  private exec: Execution | undefined;
  private readonly defaultMode: Mode;

  /** A new, empty graph called `name`. */
  constructor(readonly name = "graph", options: GraphOptions = {}) {
    super(
      new Dataflow(
        checkName(name, "a graph name"),
        positive(options.capacity, "capacity", 16384),
        positive(options.batchSize, "batchSize", 1024),
        checkTime(options.minimum ?? 0, "graph option minimum"),
      ),
      "",
    );
    this.defaultMode = checkMode(options.mode ?? "concurrent");
  }

  /**
   * Adds an input called `name`: a handle to send into, and a stream to build on. A `durable`
   * input (in a run with checkpoints) writes every call to the store before applying it, and a
   * restored run replays the calls made after its checkpoint, so nothing sent before a crash is lost.
   */
  input<T = unknown>(name: string, options: InputOptions = {}): InputHandle<T> {
    if (options === null || typeof options !== "object") throw new TypeError(`input("${name}", options): options must be an object such as { durable: true }, got ${String(options)}`);
    return new InputHandle<T>(this, this.df.addInput(name, options.durable === true ? { durable: true } : undefined));
  }

  /** The graph's inputs in creation order, as handles over the same inputs `input()` made (for tools that find them by name). */
  get inputs(): InputHandle<unknown>[] {
    return [...this.df.inputs.values()].map((driver) => new InputHandle<unknown>(this, driver));
  }

  /**
   * Starts recording the input calls made on this graph from now on (`send`/`push`, `advanceTo`,
   * `close`, `exec.advanceClock`), in order: `recording.text()` is the script that replays them
   * (`runScript(freshGraph, text)`), `recording.calls` the calls as data, `stop()` ends it.
   * `maxItems` bounds what it keeps (a long-lived recorder such as the REPL's uses it).
   */
  recordCalls(options: RecordOptions = {}): CallRecording {
    return new CallRecording(this.df.calls, options);
  }

  /** Removes a node (or every node of a subgraph); its capabilities and waiting batches are released. */
  remove(name: string): void {
    if (this.df.nodes.has(name)) {
      this.df.removeNode(name);
      return;
    }
    const inner = [...this.df.nodes.keys()].filter((n) => n.startsWith(`${name}/`));
    if (inner.length === 0) this.df.node(name);
    for (const n of inner) this.df.removeNode(n);
    for (const k of [...this.df.aliases.keys()]) if (k.startsWith(`${name}.`)) this.df.aliases.delete(k);
  }

  /**
   * Starts the graph: every node becomes a task (or joins the deterministic scheduler). With
   * `checkpoints`, the run takes checkpoints into a durable store; with `restore`, it first goes
   * back to one of them (see `GraphRunOptions`).
   */
  run(options: GraphRunOptions = {}): Execution {
    const { checkpoints, restore, ...rest } = options;
    const mode = checkMode(rest.mode ?? this.defaultMode);
    const participants = participantsOf(this.df);
    if (checkpoints === undefined && restore === undefined && participants.length === 0 && durableInputs(this.df).length === 0) {
      this.df.run({ ...rest, mode });
      return (this.exec = new Execution(this.df));
    }
    if (restore !== undefined && checkpoints === undefined) throw new CheckpointError(`run({ restore }) needs run({ checkpoints: { store } }): the store holds the checkpoints to restore from`);
    const which = restore === undefined ? undefined : checkRestore(restore);
    if (checkpoints !== undefined) checkCheckpointable(this.df, participants, mode);
    const checked = checkpoints === undefined ? undefined : checkCheckpointOptions(checkpoints);
    const coordinator = new Coordinator(this.df, participants, checked);
    try {
      this.df.run({ ...rest, mode }, () => coordinator.prepare(which));
    } catch (e) {
      if (checked?.owned === true) checked.store.close();
      throw e;
    }
    coordinator.start();
    return (this.exec = new Execution(this.df, coordinator));
  }

  /** The execution started by `run()`, if any. */
  get execution(): Execution | undefined {
    return this.exec;
  }

  /** Where the graph's run is: `idle` until `run()`, then as `execution.status`. */
  get status(): RunStatus {
    return this.df.status;
  }

  /** Resolves when the graph's run ends (as `execution.done`; pending until the graph runs). */
  get done(): Promise<RunResult> {
    return this.exec?.done ?? this.df.done;
  }

  /** The current picture of the graph and its run (as an observer's snapshot, without its log or timeline). */
  picture(): Snapshot {
    return pictureOf(this.df);
  }

  /** The frontier at port `node.port` (input or output). */
  frontier(port: string): Antichain {
    return this.df.frontierOf(port);
  }

  /** The graph as a Mermaid flowchart: text that prints as itself, a picture in notebooks, and reads back with `Graph.fromMermaid`. */
  toMermaid(): MermaidDiagram {
    return new MermaidDiagram(toMermaid(this.df), () => this.picture());
  }

  /**
   * A graph read from the text `toMermaid()` writes: same nodes, kinds, ports, edges and subgraph
   * ports. Code is not text, so `registry` maps each node kind (other than `input`) to a function
   * making that node: `{ map: (node) => ({ logic: mapLogic((x) => x * 2) }) }`.
   */
  static fromMermaid(text: string | MermaidDiagram, registry: Readonly<Record<string, MermaidFactory>>, options: GraphOptions = {}): Graph {
    const parsed = parseMermaid(text);
    const g = new Graph(parsed.name, options);
    buildFromMermaid(g.df, parsed, registry);
    return g;
  }

  /** The names of the nodes, in creation order. */
  get nodeNames(): string[] {
    return [...this.df.nodes.keys()];
  }

  /** Every edge as `[from, to]` port ids. */
  get edges(): Array<[string, string]> {
    const out: Array<[string, string]> = [];
    for (const n of this.df.nodes.values()) for (const o of n.outputs) for (const e of o.edges) out.push([o.id, e.to.id]);
    return out;
  }

  /** Starts watching the graph and its run: coalesced change notices and a snapshot of the whole picture. */
  observe(options?: ObserverOptions): Observer {
    return new Observer(this.df, options);
  }

  override toString(): string {
    return `Graph(${this.name}: ${this.df.nodes.size} nodes, ${this.edges.length} edges, ${this.df.status})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return snapshotText(pictureOf(this.df));
  }

  [Symbol.for("Jupyter.display")](): MimeBundle {
    return dataflowBundle(this.df);
  }
}

function positive(v: number | undefined, what: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (!Number.isSafeInteger(v) || v < 1) throw new GraphError(`graph option ${what} must be a positive integer, got ${String(v)}`);
  return v;
}
