/**
 * Builders for connectors: a replayable source read into an input of the graph, and a
 * transactional sink at the end of a stream, both registered for the run's checkpoints.
 */
import { GraphError } from "../../runtime/failure.js";
import { SourcePump } from "../../connectors/source-pump.js";
import { SinkNode } from "../../connectors/sink-node.js";
import type { ReplayableSource } from "../../connectors/source.js";
import type { TransactionalSink } from "../../connectors/sink.js";
import { addSink, nodeName, type OpOptions, type ScopeRef } from "../build.js";
import { participantsOf } from "../participants.js";

/** Options of `g.source(name, source)`. */
export interface SourceOptions {
  /** Items read per epoch (default: the graph's batch size). */
  readonly batch?: number;
}

/** Adds input `name` fed by `source` when the graph runs; returns its `out` port id. */
export function addSource<T>(scope: ScopeRef, name: string, source: ReplayableSource<T>, options: SourceOptions = {}): string {
  const s = source as Partial<ReplayableSource<T>> | null;
  if (s === null || typeof s !== "object" || typeof s.open !== "function" || typeof s.description !== "string") {
    throw new TypeError(`source("${name}", source): source must be a replayable source (fileSource(path), generatorSource(f), ...), got ${String(source)}`);
  }
  const df = scope.df;
  if (typeof df.minimum !== "number") throw new GraphError(`source("${name}") sends one epoch per chunk at integer times, but this graph's times start at ${String(df.minimum)}`);
  const batch = options.batch ?? df.batchSize;
  if (!Number.isSafeInteger(batch) || batch < 1) throw new TypeError(`source("${name}"): batch must be a positive integer, got ${String(batch)}`);
  const input = df.addInput(nodeName(scope, "source", name), { source: source.description });
  participantsOf(df).push(new SourcePump(df, input, source, batch, df.minimum));
  return `${input.name}.out`;
}

/** Adds a node that writes what reaches it through `sink`, exactly once with the run's checkpoints. */
export function addTransactionalSink<T>(scope: ScopeRef, from: string, sink: TransactionalSink<T>, options?: OpOptions): string {
  const s = sink as Partial<TransactionalSink<T>> | null;
  if (s === null || typeof s !== "object" || typeof s.write !== "function" || typeof s.prepare !== "function" || typeof s.publish !== "function" || typeof s.recover !== "function") {
    throw new TypeError(`sink(sink): sink must be a transactional sink (fileSink(path), ...), got ${String(sink)}`);
  }
  const name = nodeName(scope, "sink", options?.name);
  const node = new SinkNode<T>(name, sink);
  addSink(scope, "sink", from, { type: "logic", logic: node.logic }, { name: name.slice(scope.prefix.length) });
  participantsOf(scope.df).push(node);
  return name;
}
