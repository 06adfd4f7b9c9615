/**
 * Streams: handles on an output port, with the operators that extend the graph from there.
 *
 * Each operator adds one node (named after the operator unless a name is given) whose `in` port
 * is fed by this stream, and returns the stream of its `out` port.
 */
import type { Antichain } from "../time/antichain.js";
import type { Time } from "../time/order.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { GraphError } from "../runtime/failure.js";
import { mapLogic } from "../operators/map.js";
import { filterLogic } from "../operators/filter.js";
import { flatMapLogic } from "../operators/flat-map.js";
import { inspectLogic } from "../operators/inspect.js";
import { concatLogic } from "../operators/concat.js";
import { Probe, probeLogic } from "../operators/probe.js";
import { Capture } from "../operators/capture.js";
import { OutputChannel } from "../operators/channel.js";
import { addOperator, addSink, type OpOptions, type ScopeRef } from "./build.js";
import type { KeyedState } from "../state/keyed-state.js";
import type { EventTimeOptions } from "../eventtime/event-time.js";
import type { WindowAssigner } from "../eventtime/assigners.js";
import type { WindowOptions } from "../eventtime/window-options.js";
import type { WindowRecord, WindowResult } from "../eventtime/panes.js";
import { avgOf, collectOf, countOf, fromAggregateFunction, maxOf, minOf, reduceOf, sumOf, type AggregateFunction, type Aggregation } from "../eventtime/aggregations.js";
import { checkWindowOptions } from "../eventtime/window-options.js";
import { addEventTime } from "./ops/eventtime.js";
import { addWindow } from "./ops/windows.js";

/** A handle on an output port `node.port` carrying items of type `T`. */
export class Stream<T> {
  /** A stream on output port `id` in `scope`. */
  constructor(readonly scope: ScopeRef, readonly id: string) {}

  /** The node this stream comes out of. */
  get node(): string {
    return this.id.slice(0, this.id.lastIndexOf("."));
  }

  /** `f(item)` for every item, at the same time. */
  map<U>(f: (item: T) => U, options?: OpOptions): Stream<U> {
    checkFunction(f, "map");
    return this.via<U>("map", mapLogic(f), options);
  }

  /** The items for which `p(item)` is truthy. */
  filter<S extends T>(p: (item: T) => item is S, options?: OpOptions): Stream<S>;
  filter(p: (item: T) => unknown, options?: OpOptions): Stream<T>;
  filter(p: (item: T) => unknown, options?: OpOptions): Stream<T> {
    checkFunction(p, "filter");
    return this.via<T>("filter", filterLogic(p), options);
  }

  /** Every item of `f(item)`, at the same time. */
  flatMap<U>(f: (item: T) => Iterable<U>, options?: OpOptions): Stream<U> {
    checkFunction(f, "flatMap");
    return this.via<U>("flatMap", flatMapLogic(f), options);
  }

  /** Calls `f(item, time)` for every item and passes the stream on unchanged. */
  inspect(f: (item: T, time: Time) => void, options?: OpOptions): Stream<T> {
    checkFunction(f, "inspect");
    return this.via<T>("inspect", inspectLogic(f), options);
  }

  /** This stream merged with `others` (one node, every stream an edge into its `in` port). */
  concat(...others: Array<Stream<T> | OpOptions>): Stream<T> {
    const last = others[others.length - 1];
    const options = last !== undefined && !(last instanceof Stream) ? (others.pop() as OpOptions) : undefined;
    const streams = others as Array<Stream<T>>;
    for (const s of streams) {
      if (!(s instanceof Stream)) throw new GraphError(`concat() takes streams (and an options object last), got ${String(s)}`);
      if (s.scope.df !== this.scope.df) throw new GraphError(`concat(): ${s.id} belongs to another graph`);
    }
    const out = addOperator(this.scope, "concat", [this.id, ...streams.map((s) => s.id)], concatLogic(), options);
    return new Stream<T>(this.scope, out);
  }

  /** The same items, keyed by `key(item)` for keyed operators (windows, joins, keyed aggregates). */
  keyBy<K>(key: (item: T) => K, options?: OpOptions): KeyedStream<K, T> {
    checkFunction(key, "keyBy");
    return new KeyedStream<K, T>(this.scope, addOperator(this.scope, "keyBy", [this.id], concatLogic(), options), key);
  }

  /** A node running `logic` fed by this stream (for operators defined outside the library). */
  via<U>(kind: string, logic: OperatorLogic, options?: OpOptions): Stream<U> {
    return new Stream<U>(this.scope, addOperator(this.scope, kind, [this.id], logic, options));
  }

  /** A probe on this stream: its frontier, and promises that wait for it. */
  probe(options?: OpOptions): Probe {
    const node = addSink(this.scope, "probe", this.id, { type: "logic", logic: probeLogic() }, options);
    return new Probe(this.scope.df, node.inputs[0]!);
  }

  /** Records every item with its time. */
  capture(options?: OpOptions): Capture<T> {
    const cap = new Capture<T>();
    const node = addSink(this.scope, "capture", this.id, { type: "logic", logic: cap.logic }, options);
    return cap.attach(this.scope.df, node.inputs[0]!);
  }

  /** An async-iterable of the items that ends when the graph can send nothing more here. */
  channel(options?: OpOptions): OutputChannel<T> {
    const node = addSink(this.scope, "channel", this.id, { type: "sink" }, options);
    return new OutputChannel<T>(this.scope.df, node.inputs[0]!);
  }

  /** Connects this stream to input port `port` (`node.port`) of the same scope. */
  connectTo(port: string): this {
    this.scope.df.connect(this.id, this.scope.prefix + port);
    return this;
  }

  /** The frontier of this output port: the times that may still come out of it. */
  get frontier(): Antichain {
    return this.scope.df.frontierOf(this.id);
  }

  // ---- event time and windows ----------------------------------------------------------------

  /**
   * The same items at their event times, with the watermark `maxSeen - maxOutOfOrderness` held as
   * this stream's frontier; items behind the watermark come late (at the watermark, keeping their
   * event time). See `src/eventtime/event-time.ts`.
   */
  eventTime(options: EventTimeOptions<T> & OpOptions): Stream<T> {
    return new Stream<T>(this.scope, addEventTime(this.scope, this.id, options));
  }

  /** Windows over the whole stream (no key; results have key undefined). */
  windowAll(assigner: WindowAssigner, options?: WindowOptions): WindowedStream<undefined, T> {
    return new WindowedStream<undefined, T>(this.scope, this.id, undefined, assigner, options, "windowAll(assigner, options)");
  }

  toString(): string {
    return `Stream(${this.id})`;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** A stream whose items have a key (`keyBy`): what keyed operators run on. */
export class KeyedStream<K, T> extends Stream<T> {
  private readonly keyFn: (item: never) => K;

  /** A keyed stream on output port `id`, keyed by `key`. */
  constructor(scope: ScopeRef, id: string, key: (item: T) => K) {
    super(scope, id);
    this.keyFn = key as (item: never) => K;
  }

  /** The key of `item`. */
  keyOf(item: T): K {
    return (this.keyFn as unknown as (item: T) => K)(item);
  }

  /** Windows per key (see `src/eventtime/window-logic.ts`), to aggregate with `count()`, `reduce(f)`, ... */
  window(assigner: WindowAssigner, options?: WindowOptions): WindowedStream<K, T> {
    return new WindowedStream<K, T>(this.scope, this.id, this.keyFn as (item: T) => K, assigner, options, "window(assigner, options)");
  }

  override toString(): string {
    return `KeyedStream(${this.id})`;
  }
}

/** A stream cut into windows (per key, or all at once), waiting for its aggregation. */
export class WindowedStream<K, T> {
  private readonly assigner: WindowAssigner;
  private readonly options: WindowOptions;
  /** Typed `never` in, so that the class stays covariant in `T` (as `KeyedStream` does). */
  private readonly key: ((item: never) => K) | undefined;

  /** Windows by `assigner` over output port `id`, keyed by `key` (undefined: not keyed). */
  constructor(readonly scope: ScopeRef, readonly id: string, key: ((item: T) => K) | undefined, assigner: WindowAssigner, options: WindowOptions | undefined, what: string) {
    [this.assigner, this.options] = checkWindowOptions(assigner, options, what);
    this.key = key as ((item: never) => K) | undefined;
  }

  /** Elements combined pairwise by `f`. */
  reduce(f: (a: T, b: T) => T): WindowResults<K, T, T> {
    return this.aggregateWith(reduceOf(f)) as WindowResults<K, T, T>;
  }

  /** A Flink-style aggregate function (`createAccumulator`, `add`, `getResult`, `merge` for sessions). */
  aggregate<A, R>(fn: AggregateFunction<T, A, R>): WindowResults<K, R, T> {
    return this.aggregateWith(fromAggregateFunction(fn));
  }

  /** Number of elements. */
  count(): WindowResults<K, number, T> {
    return this.aggregateWith(countOf<T>());
  }

  /** Sum of `f(item)` (default: the items, which must be numbers). */
  sum(f?: (item: T) => number): WindowResults<K, number, T> {
    return this.aggregateWith(sumOf(f));
  }

  /** Smallest `f(item)` (null for an empty pane). */
  min(f?: (item: T) => number): WindowResults<K, number | null, T> {
    return this.aggregateWith(minOf(f));
  }

  /** Largest `f(item)` (null for an empty pane). */
  max(f?: (item: T) => number): WindowResults<K, number | null, T> {
    return this.aggregateWith(maxOf(f));
  }

  /** Mean of `f(item)` (null for an empty pane). */
  avg(f?: (item: T) => number): WindowResults<K, number | null, T> {
    return this.aggregateWith(avgOf(f));
  }

  /** Every element of the pane. */
  collect(): WindowResults<K, T[], T> {
    return this.aggregateWith(collectOf<T>());
  }

  /** Any aggregation (see `src/eventtime/aggregations.ts`). */
  aggregateWith<A, R>(agg: Aggregation<T, A, R>): WindowResults<K, R, T> {
    const ports = addWindow(this.scope, this.id, this.key as ((item: T) => K) | undefined, this.assigner, this.options, agg as Aggregation<T, unknown, unknown>);
    return new WindowResults<K, R, T>(this.scope, ports.out, ports.late, ports.state);
  }

  toString(): string {
    return `WindowedStream(${this.id}, ${this.assigner.kind})`;
  }
}

/** The panes of a windowed aggregation, with the elements its windows dropped (`late()`). */
export class WindowResults<K, V, T> extends Stream<WindowResult<K, V>> {
  /** Panes on output port `id`; dropped elements on `lateId`; window contents in `state`. */
  constructor(scope: ScopeRef, id: string, private readonly lateId: string, readonly state: KeyedState<WindowRecord[]>) {
    super(scope, id);
  }

  /** The elements all of whose windows were dropped (too late), at the time they arrived, with their event time. */
  late(): Stream<T> {
    return new Stream<T>(this.scope, this.lateId);
  }

  override toString(): string {
    return `WindowResults(${this.id})`;
  }
}

function checkFunction(f: unknown, op: string): void {
  if (typeof f !== "function") throw new TypeError(`${op}() needs a function, got ${f === null ? "null" : typeof f}`);
}
