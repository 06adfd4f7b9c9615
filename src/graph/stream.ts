/**
 * Streams: handles on an output port, with the operators that extend the graph from there.
 *
 * Each operator adds one node (named after the operator unless a name is given) whose `in` port
 * is fed by this stream, and returns the stream of its `out` port.
 */
import { addTransactionalSink } from "./ops/connectors.js";
import type { TransactionalSink } from "../connectors/sink.js";
import type { Antichain } from "../time/antichain.js";
import type { Time } from "../time/order.js";
import type { OperatorLogic } from "../runtime/logic.js";
import { GraphError } from "../runtime/failure.js";
import { mapLogic } from "../operators/map.js";
import { mapAsyncLogic, type AsyncCalls } from "../operators/map-async.js";
import { filterLogic } from "../operators/filter.js";
import { flatMapLogic } from "../operators/flat-map.js";
import { inspectLogic } from "../operators/inspect.js";
import { concatLogic } from "../operators/concat.js";
import { Probe, probeLogic } from "../operators/probe.js";
import { tableLogic } from "../operators/table.js";
import { Capture } from "../operators/capture.js";
import { OutputChannel } from "../operators/channel.js";
import { addOperator, addSink, stateOption, type OpOptions, type ScopeRef, type StateOptions } from "./build.js";
import { checkSummary, type Summary } from "../time/summary.js";
import { filterMapLogic } from "../operators/filter-map.js";
import { partitionLogic } from "../operators/partition.js";
import { branchLogic } from "../operators/branch.js";
import { exchangeLogic } from "../operators/exchange.js";
import { aggregateLogic } from "../operators/aggregate.js";
import { aggregatorFold, avgFold, countFold, extremeFold, firstFold, reduceFold, sumFold, type Aggregator, type Fold } from "../operators/folds.js";
import { perKey, refine, WHOLE_STREAM, type Grouping, type KeyValue } from "../operators/grouping.js";
import { scanLogic } from "../operators/scan.js";
import { takeLogic } from "../operators/take.js";
import { skipLogic } from "../operators/skip.js";
import { lastLogic } from "../operators/last.js";
import { bufferLogic } from "../operators/buffer.js";
import { delayLogic } from "../operators/delay.js";
import { reclockLogic } from "../operators/reclock.js";
import { throttleLogic } from "../operators/throttle.js";
import { debounceLogic } from "../operators/debounce.js";
import { zipLogic } from "../operators/zip.js";
import { sampleLogic } from "../operators/sample.js";
import { joinLogic, type Joined, type JoinKind } from "../operators/join.js";
import { diffCountLogic } from "../differential/count.js";
import { diffDistinctLogic } from "../differential/distinct.js";
import type { Update } from "../differential/differential.js";
import { addRouter } from "./ops/route.js";
import { addBinary } from "./ops/binary.js";
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
  /**
   * `await f(item)` for every item, sent at the item's time (Flink's asynchronous I/O): at most
   * `concurrency` calls in flight (default 100), results in input order unless `ordered: false`,
   * an optional `timeout` in ms. A call that throws, rejects or times out sends its item to the
   * `error` port.
   */
  mapAsync<U>(f: (item: T) => U | PromiseLike<U>, options?: MapAsyncOptions): Stream<Awaited<U>> {
    if (typeof f !== "function") throw new TypeError(`mapAsync() needs a function, got ${f === null ? "null" : typeof f}`);
    return this.via<Awaited<U>>("mapAsync", mapAsyncLogic(f, options), options);
  }

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
    return fanIn(this, "concat", others);
  }

  /** The same items, keyed by `key(item)` for keyed operators (windows, joins, keyed aggregates). */
  keyBy<K>(key: (item: T) => K, options?: OpOptions): KeyedStream<K, T> {
    checkFunction(key, "keyBy");
    return new KeyedStream<K, T>(this.scope, addOperator(this.scope, "keyBy", [this.id], concatLogic(), options), key);
  }

  /**
   * Per time, this keyed stream's items matched with `other`'s by key, as `{ key, left, right }`,
   * once both frontiers pass the time: `kind` "inner" (default), "left", "right" or "outer"
   * (unmatched items with `undefined` on the missing side). Both streams must be keyed: the `this`
   * type makes `join` on a stream that is not keyed a type error, and at run time (JavaScript) it
   * throws a GraphError saying to key it first with `.keyBy(fn)`.
   */
  join<K, U, J extends JoinKind = "inner">(this: KeyedStream<K, T>, other: KeyedStream<K, U>, options?: JoinOptions<J>): KeyedStream<K, JoinResult<K, T, U, J>> {
    if (!(this instanceof KeyedStream)) throw new GraphError("join(): this stream is not keyed; key it first with .keyBy(fn)");
    checkStream(this, other, "join");
    if (!(other instanceof KeyedStream)) {
      throw new GraphError(`join(): the other stream ${String(other)} is not keyed; key it first with .keyBy(item => key)`);
    }
    const logic = joinLogic(options?.kind ?? "inner", (item) => this.keyOf(item as T), (item) => other.keyOf(item as U), stateOption(options, "join()"));
    const id = addBinary(this.scope, "join", [["left", this.id], ["right", other.id]], logic, options);
    return new KeyedStream<K, JoinResult<K, T, U, J>>(this.scope, id, (r) => r.key);
  }

  // ---- operator library: routing, per-time aggregates, sequences, time, differential ----------

  /** `f(item)` for every item for which it is not `undefined` (map and filter in one), at the same time. */
  filterMap<U>(f: (item: T) => U | undefined, options?: OpOptions): Stream<U> {
    checkFunction(f, "filterMap");
    return this.via<U>("filterMap", filterMapLogic(f), options);
  }

  /** This stream merged with `others`, times kept (the same as `concat`; the node is named `merge`). */
  merge(...others: Array<Stream<T> | OpOptions>): Stream<T> {
    return fanIn(this, "merge", others);
  }

  /** `n` streams: each item goes to stream number `f(item)`, an integer from 0 to n-1 (node outputs `out0`...). */
  partition(n: number, f: (item: T) => number, options?: OpOptions): Array<Stream<T>> {
    checkFunction(f, "partition");
    const logic = partitionLogic(n, f as (item: unknown) => number);
    const ports = Array.from({ length: n }, (_, i) => `out${i}`);
    return addRouter(this.scope, "partition", this.id, ports, logic, options).map((id) => new Stream<T>(this.scope, id));
  }

  /** `[yes, no]`: the items for which `p(item)` is truthy, and the others (node outputs `true`, `false`). */
  branch(p: (item: T) => unknown, options?: OpOptions): [Stream<T>, Stream<T>] {
    checkFunction(p, "branch");
    const [yes, no] = addRouter(this.scope, "branch", this.id, ["true", "false"], branchLogic(p), options);
    return [new Stream<T>(this.scope, yes!), new Stream<T>(this.scope, no!)];
  }

  /**
   * Keyed by `key(item)` and marked as partitioned by it (node meta `{ partitions: 1 }`): a
   * pass-through in one process. With `n`, `n` keyed streams: each item goes to partition
   * `hash(key) % n` (stable across runs and processes), so equal keys always meet.
   */
  exchange<K>(key: (item: T) => K, options?: OpOptions): KeyedStream<K, T>;
  exchange<K>(key: (item: T) => K, n: number, options?: OpOptions): Array<KeyedStream<K, T>>;
  exchange<K>(key: (item: T) => K, n?: number | OpOptions, options?: OpOptions): KeyedStream<K, T> | Array<KeyedStream<K, T>> {
    checkFunction(key, "exchange");
    if (typeof n !== "number") {
      const id = addOperator(this.scope, "exchange", [this.id], concatLogic(), n, 0, { partitions: 1 });
      return new KeyedStream<K, T>(this.scope, id, key);
    }
    const logic = exchangeLogic(key, n);
    const ports = Array.from({ length: n }, (_, i) => `out${i}`);
    return addRouter(this.scope, "exchange", this.id, ports, logic, options, { partitions: n }).map((id) => new KeyedStream<K, T>(this.scope, id, key));
  }

  /** Per time (per key and time on a keyed stream): the items folded with `f`, once the time completes. */
  reduce(f: (acc: T, item: T) => T, options?: StateOptions): Aggregated<this, T> {
    checkFunction(f, "reduce");
    return aggregated(this, "reduce", reduceFold(f), options);
  }

  /** Per time (per key and time on a keyed stream): `result(add(...add(init(), x1)..., xn))`, once the time completes. */
  aggregate<A, R = A>(agg: Aggregator<T, A, R>, options?: StateOptions): Aggregated<this, R> {
    if (agg === null || typeof agg !== "object") throw new TypeError(`aggregate() needs { init, add, result? }, got ${agg === null ? "null" : typeof agg}`);
    checkFunction(agg.init, "aggregate: init");
    checkFunction(agg.add, "aggregate: add");
    if (agg.result !== undefined) checkFunction(agg.result, "aggregate: result");
    return aggregated(this, "aggregate", aggregatorFold(agg), options);
  }

  /** Per time (per key and time on a keyed stream): how many items, once the time completes. */
  count(options?: StateOptions): Aggregated<this, number> {
    return aggregated(this, "count", countFold(), options);
  }

  /** Per time (per key and time): the sum of `f(item)` (default: the items, numbers), once the time completes. */
  sum(f?: (item: T) => number, options?: StateOptions): Aggregated<this, number> {
    checkOptionalFunction(f, "sum");
    return aggregated(this, "sum", sumFold("sum()", f), options);
  }

  /** Per time (per key and time): the item with the least `by(item)` (default: the item; first of equals). */
  min(by?: (item: T) => unknown, options?: StateOptions): Aggregated<this, T> {
    checkOptionalFunction(by, "min");
    return aggregated(this, "min", extremeFold("min", by), options);
  }

  /** Per time (per key and time): the item with the greatest `by(item)` (default: the item; first of equals). */
  max(by?: (item: T) => unknown, options?: StateOptions): Aggregated<this, T> {
    checkOptionalFunction(by, "max");
    return aggregated(this, "max", extremeFold("max", by), options);
  }

  /** Per time (per key and time): the mean of `f(item)` (default: the items, numbers), once the time completes. */
  avg(f?: (item: T) => number, options?: StateOptions): Aggregated<this, number> {
    checkOptionalFunction(f, "avg");
    return aggregated(this, "avg", avgFold("avg()", f), options);
  }

  /** Per time (per key and time): the first item of each distinct `by(item)` (default: the item), once the time completes. */
  distinct(by?: (item: T) => unknown, options?: StateOptions): Aggregated<this, T> {
    checkOptionalFunction(by, "distinct");
    const key = by ?? ((item: T) => item);
    return grouped(this, "distinct", (g, state) => aggregateLogic(refine(g, key as (item: unknown) => unknown), firstFold(), state), options);
  }

  /** The running `acc = f(acc, item)` after every item, in logical-time order (per key on a keyed stream). */
  scan<A>(f: (acc: A, item: T) => A, init: A, options?: StateOptions): Aggregated<this, A> {
    checkFunction(f, "scan");
    return grouped(this, "scan", (g, state) => scanLogic(g, f, init, state), options);
  }

  /** The first `n` items in logical-time order, each at its own time. */
  take(n: number, options?: OpOptions): Stream<T> {
    return this.via<T>("take", takeLogic(n), options);
  }

  /** Every item but the first `n`, in logical-time order. */
  skip(n: number, options?: OpOptions): Stream<T> {
    return this.via<T>("skip", skipLogic(n), options);
  }

  /** The first item in logical-time order. */
  first(options?: OpOptions): Stream<T> {
    return this.via<T>("first", takeLogic(1), options);
  }

  /** The last item in logical-time order, at its own time, once the input has closed. */
  last(options?: OpOptions): Stream<T> {
    return this.via<T>("last", lastLogic(), options);
  }

  /** Arrays of `n` consecutive items in logical-time order, each at the time of its last item (the rest on close). */
  buffer(n: number, options?: OpOptions): Stream<T[]> {
    return this.via<T[]>("buffer", bufferLogic(n), options);
  }

  /** The same items at `summary(t)`: `delay(5)` re-stamps `t` as `t + 5` (a product summary for product times). */
  delay(summary: Summary, options?: OpOptions): Stream<T> {
    const s = checkSummary(summary, "delay(summary): summary");
    return new Stream<T>(this.scope, addOperator(this.scope, "delay", [this.id], delayLogic(s, this.scope.df.minimum), options, s));
  }

  /** Data at `t` released at the first time `>= t` at which `clock` has an item, once both frontiers pass it. */
  reclock(clock: Stream<unknown>, options?: OpOptions): Stream<T> {
    checkStream(this, clock, "reclock");
    return new Stream<T>(this.scope, addBinary(this.scope, "reclock", [["in", this.id], ["clock", clock.id]], reclockLogic(), options));
  }

  /** An item, then nothing for `ms` of processing time (the run's clock); items keep their times. */
  throttle(ms: number, options?: OpOptions): Stream<T> {
    return this.via<T>("throttle", throttleLogic(ms), options);
  }

  /** An item once `ms` of processing time pass without a newer one (at once when the input closes). */
  debounce(ms: number, options?: OpOptions): Stream<T> {
    return this.via<T>("debounce", debounceLogic(ms), options);
  }

  /** Per time, `[a, b]` pairs of this stream's and `other`'s items in arrival order (extras dropped). */
  zip<U>(other: Stream<U>, options?: OpOptions): Stream<[T, U]> {
    checkStream(this, other, "zip");
    return new Stream<[T, U]>(this.scope, addBinary(this.scope, "zip", [["left", this.id], ["right", other.id]], zipLogic(), options));
  }

  /** At every time `sampler` has an item, the latest item of this stream at a time `<=` it. */
  sample(sampler: Stream<unknown>, options?: OpOptions): Stream<T> {
    checkStream(this, sampler, "sample");
    return new Stream<T>(this.scope, addBinary(this.scope, "sample", [["in", this.id], ["sampler", sampler.id]], sampleLogic(), options));
  }

  /** This stream of `[data, diff]` updates as a differential collection (`count()`, `distinct()`). */
  differential<D>(this: Stream<Update<D>>): Collection<D> {
    return new Collection<D>(this);
  }

  // ---- end of the operator library ------------------------------------------------------------

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

  /**
   * A keyed table sink: the latest item of each `key(item)`, returned as the node's live keyed
   * state. With checkpoints, the table is written to the store with every checkpoint (namespace:
   * the node's name, default `table`), so its committed rows are exactly those the checkpoint covers.
   */
  toTable(key: (item: T) => unknown, options?: StateOptions): KeyedState<T> {
    checkFunction(key, "toTable");
    const logic = tableLogic(key, stateOption(options, "toTable()"));
    addSink(this.scope, "table", this.id, { type: "logic", logic }, options);
    return logic.state as KeyedState<T>;
  }

  /**
   * Writes every item through a transactional sink (`fileSink(path)`, ...), exactly once: what a
   * checkpoint covers is published once it has committed, and a restored run drops what was
   * published after its checkpoint. Without checkpoints, the output is published when the run
   * completes. Returns the sink node's name.
   */
  sink(sink: TransactionalSink<T>, options?: OpOptions): string {
    return addTransactionalSink(this.scope, this.id, sink, options);
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

/** What a per-time aggregate of stream `S` gives: `Stream<V>`, or per key `{ key, value }` on a keyed stream. */
export type Aggregated<S, V> = S extends { keyOf(item: never): infer K } ? KeyedStream<K, KeyValue<K, V>> : Stream<V>;

/** Options of `mapAsync`: the node's name, and how its calls run. */
export interface MapAsyncOptions extends OpOptions, AsyncCalls {}

/** A join's options: the kind, the node's name, and where its state lives. */
export interface JoinOptions<J extends JoinKind = JoinKind> extends StateOptions {
  /** `inner` (default): matched pairs only; `left` / `right` / `outer`: also the unmatched items of that side / both. */
  readonly kind?: J;
}

/** What a join of kind `J` emits: the side that may be unmatched is `undefined` there. */
export type JoinResult<K, L, R, J extends JoinKind> = Joined<K, J extends "inner" | "left" ? L : L | undefined, J extends "inner" | "right" ? R : R | undefined>;

/**
 * A differential collection: a stream of updates `[data, diff]` at logical times, whose contents
 * at `t` are the sums of the diffs at times `<= t`. Its operators consume and produce updates
 * (retractions included), emitted once the frontier has passed each time; times must be integers.
 */
export class Collection<D> {
  /** The collection whose updates are `stream`'s items. */
  constructor(readonly stream: Stream<Update<D>>) {}

  /** `[data, count]` for each datum with a non-zero count: `[[d, old], -1]` and `[[d, new], +1]` when it changes. */
  count(options?: StateOptions): Collection<[D, number]> {
    return new Collection(this.stream.via<Update<[D, number]>>("diffCount", diffCountLogic(), options));
  }

  /** Each datum once while its count is positive: `[d, +1]` when it becomes positive, `[d, -1]` when it stops. */
  distinct(options?: OpOptions): Collection<D> {
    return new Collection(this.stream.via<Update<D>>("diffDistinct", diffDistinctLogic(), options));
  }

  toString(): string {
    return `Collection(${this.stream.id})`;
  }
}

/** Adds a per-time operator made by `make` for `s`'s grouping: per key on a keyed stream (then keyed by result key), else whole. */
function grouped<S extends Stream<any>, V>(s: S, kind: string, make: (g: Grouping, state: KeyedState<unknown> | undefined) => OperatorLogic, options?: StateOptions): Aggregated<S, V> {
  const state = stateOption(options, `${kind}()`);
  if (s instanceof KeyedStream) {
    const id = addOperator(s.scope, kind, [s.id], make(perKey((item) => s.keyOf(item)), state), options);
    return new KeyedStream(s.scope, id, (r: KeyValue<unknown, V>) => r.key) as unknown as Aggregated<S, V>;
  }
  return new Stream<V>(s.scope, addOperator(s.scope, kind, [s.id], make(WHOLE_STREAM, state), options)) as unknown as Aggregated<S, V>;
}

/** A per-time aggregate folding with `fold`. */
function aggregated<S extends Stream<any>, T, A, V>(s: S, kind: string, fold: Fold<T, A, V>, options?: StateOptions): Aggregated<S, V> {
  return grouped<S, V>(s, kind, (g, state) => aggregateLogic(g, fold, state), options);
}

/** One node whose `in` port every stream of `others` (and `s`) feeds; an options object may come last. */
function fanIn<T>(s: Stream<T>, kind: string, others: Array<Stream<T> | OpOptions>): Stream<T> {
  const last = others[others.length - 1];
  const options = typeof last === "object" && last !== null && !(last instanceof Stream) ? (others.pop() as OpOptions) : undefined;
  const streams = others as Array<Stream<T>>;
  for (const o of streams) {
    if (!(o instanceof Stream)) throw new GraphError(`${kind}() takes streams (and an options object last), got ${String(o)}`);
    if (o.scope.df !== s.scope.df) throw new GraphError(`${kind}(): ${o.id} belongs to another graph`);
  }
  return new Stream<T>(s.scope, addOperator(s.scope, kind, [s.id, ...streams.map((o) => o.id)], concatLogic(), options));
}

/** Checks that `other` is a stream of the same graph as `s`, for operator `op`. */
function checkStream(s: Stream<unknown>, other: unknown, op: string): void {
  if (!(other instanceof Stream)) throw new GraphError(`${op}() needs a stream, got ${other === null ? "null" : typeof other}`);
  if (other.scope.df !== s.scope.df) throw new GraphError(`${op}(): ${other.id} belongs to another graph`);
}

function checkOptionalFunction(f: unknown, op: string): void {
  if (f !== undefined) checkFunction(f, op);
}

function checkFunction(f: unknown, op: string): void {
  if (typeof f !== "function") throw new TypeError(`${op}() needs a function, got ${f === null ? "null" : typeof f}`);
  const tag = Object.prototype.toString.call(f);
  if (tag === "[object AsyncFunction]" || tag === "[object AsyncGeneratorFunction]") {
    const name = op.split(":")[0]!;
    throw new TypeError(
      `${name}() got an async function, whose result is a Promise that ${name} would not wait for; ` +
        (name === "map" ? "use mapAsync(f, { concurrency, ordered }), which awaits each call" : `${name} needs a synchronous function: await first with mapAsync(f), then ${name}`),
    );
  }
}
