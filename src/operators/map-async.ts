/**
 * `mapAsync`: Flink's asynchronous I/O. Each item's `f(item)` may return a promise; at most
 * `concurrency` calls are in flight at once, and each result leaves at its item's own time, in
 * input order (`ordered`, the default) or as the calls complete.
 *
 * Invariants: while an item's call is waiting to start, in flight, or done but not yet sent, the
 * operator holds a capability at the item's time (one per time, counted), so the frontier
 * downstream cannot pass a result still to come. A call that throws or rejects (or outlasts
 * `timeout`) sends its item to the `error` port; nothing reaches the process. A checkpoint keeps
 * the items whose results have not been sent, and a restore calls `f` on them again (as Flink
 * does), so every item's result is sent once.
 */
import type { LogicContext, OperatorLogic, RestoreContext } from "../runtime/logic.js";
import { timeKey, type Time } from "../time/order.js";
import { timeFromPlain, timeToPlain, type PlainTime } from "../time/plain-time.js";
import { CapabilityPool } from "./capability-pool.js";

/** How `mapAsync` runs its calls. */
export interface AsyncCalls {
  /** Most calls in flight at once (default 100, as Flink's capacity). */
  readonly concurrency?: number;
  /** True (default): results leave in the order of their items; false: as their calls complete. */
  readonly ordered?: boolean;
  /** A call not settled after this many ms fails with a timeout (default: none). */
  readonly timeout?: number;
}

/** One item's call. */
interface Call {
  readonly time: Time;
  readonly item: unknown;
  /** waiting to start, in flight, done (value), failed (error). */
  state: "waiting" | "running" | "done" | "failed";
  value?: unknown;
  error?: unknown;
}

/** What a checkpoint keeps: the items whose results have not been sent, in order. */
interface AsyncSnapshot {
  readonly calls: ReadonlyArray<{ readonly time: PlainTime; readonly item: unknown }>;
}

/** Checks `mapAsync`'s options, naming what is wrong. */
export function checkAsyncCalls(o: AsyncCalls | undefined): Required<Omit<AsyncCalls, "timeout">> & { timeout: number | undefined } {
  const concurrency = o?.concurrency ?? 100;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) throw new RangeError(`mapAsync(): concurrency must be a positive integer, got ${String(o?.concurrency)}`);
  const ordered = o?.ordered ?? true;
  if (typeof ordered !== "boolean") throw new TypeError(`mapAsync(): ordered must be true or false, got ${String(o?.ordered)}`);
  const timeout = o?.timeout;
  if (timeout !== undefined && !(typeof timeout === "number" && timeout > 0 && Number.isFinite(timeout))) throw new RangeError(`mapAsync(): timeout must be a positive number of ms, got ${String(timeout)}`);
  return { concurrency, ordered, timeout };
}

/** Runs `f` on every item (awaiting what it returns) and sends the results at their items' times. */
export function mapAsyncLogic<T, U>(f: (item: T) => U | PromiseLike<U>, options?: AsyncCalls): OperatorLogic {
  const { concurrency, ordered, timeout } = checkAsyncCalls(options);
  const pool = new CapabilityPool();
  let calls: Call[] = [];
  let running = 0;

  const start = (ctx: LogicContext): void => {
    for (const c of calls) {
      if (running >= concurrency) return;
      if (c.state !== "waiting") continue;
      c.state = "running";
      running++;
      let timer: NodeJS.Timeout | undefined;
      const settle = (state: "done" | "failed", v: unknown): void => {
        if (c.state !== "running") return;
        if (timer !== undefined) clearTimeout(timer);
        c.state = state;
        if (state === "done") c.value = v;
        else c.error = v;
        running--;
        ctx.wake();
      };
      let r: unknown;
      try {
        r = f(c.item as T);
      } catch (e) {
        settle("failed", e);
        continue;
      }
      if (timeout !== undefined) {
        timer = setTimeout(() => settle("failed", new Error(`mapAsync(): the call did not settle within ${timeout} ms`)), timeout);
        timer.unref?.();
      }
      Promise.resolve(r).then(
        (v) => settle("done", v),
        (e: unknown) => settle("failed", e),
      );
    }
  };

  /** Sends what finished (in order: only the finished calls at the front), then starts more calls. */
  const flush = (ctx: LogicContext): void => {
    const left: Call[] = [];
    let blocked = false;
    let time: Time | undefined;
    let out: unknown[] = [];
    const send = (): void => {
      if (time !== undefined && out.length > 0) ctx.emit(0, time, out);
      out = [];
    };
    for (const c of calls) {
      const finished = c.state === "done" || c.state === "failed";
      if (!finished || (ordered && blocked)) {
        blocked = true;
        left.push(c);
        continue;
      }
      if (time === undefined || timeKey(time) !== timeKey(c.time)) {
        send();
        time = c.time;
      }
      if (c.state === "done") out.push(c.value);
      else ctx.fail(c.time, c.error, c.item);
      pool.release(c.time);
    }
    send();
    calls = left;
    start(ctx);
    pool.sweep();
  };

  return {
    onData(ctx, _port, time, items) {
      for (const item of items) {
        pool.acquire(ctx, time);
        calls.push({ time, item, state: "waiting" });
      }
      start(ctx);
    },
    onTimer: flush,
    pending: () => calls.length > 0,
    snapshot(): AsyncSnapshot {
      return { calls: calls.map((c) => ({ time: timeToPlain(c.time), item: structuredClone(c.item) })) };
    },
    restore(ctx: RestoreContext, data: unknown) {
      const d = data as AsyncSnapshot | null;
      if (d === null || typeof d !== "object" || !Array.isArray(d.calls)) throw new TypeError(`node "${ctx.name}": a checkpoint of mapAsync must be { calls }, got ${JSON.stringify(data)}`);
      calls = d.calls.map((c) => ({ time: timeFromPlain(c.time), item: c.item, state: "waiting" }));
      const counts = new Map<number | string, [Time, number]>();
      for (const c of calls) {
        const k = timeKey(c.time);
        const e = counts.get(k);
        if (e === undefined) counts.set(k, [c.time, 1]);
        else e[1]++;
      }
      pool.restore(ctx, [...counts.values()].map(([t, n]) => [timeToPlain(t), n] as const));
      // The calls start again once the run does.
      if (calls.length > 0) ctx.wake();
    },
  };
}
