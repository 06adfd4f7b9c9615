// The same workload through peer libraries, each written the way its documentation suggests.
// Every function takes n and returns (or resolves to) the sum of the filtered, mapped items.
import { Readable, Transform, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { range, lastValueFrom, map as rxMap, filter as rxFilter, reduce as rxReduce } from "rxjs";
import { newStream, map as mostMap, filter as mostFilter, tap as mostTap, runEffects } from "@most/core";
import { newDefaultScheduler, asap } from "@most/scheduler";
import { Effect, Stream } from "effect";

/** Reference for per-item awaiting: an async function doing the work, awaited per item. */
export async function bareAwait(n) {
  let s = 0;
  const step = async (x) => {
    const y = x * 2;
    if (y % 3 === 0) s += y;
  };
  for (let i = 0; i < n; i++) await step(i);
  return s;
}

/** RxJS 7: range → map → filter → reduce (synchronous source). */
export function rxjs(n) {
  return lastValueFrom(
    range(0, n).pipe(
      rxMap((x) => x * 2),
      rxFilter((x) => x % 3 === 0),
      rxReduce((a, x) => a + x, 0),
    ),
  );
}

/**
 * @most/core has no array/range source; this is the usual custom source: one task scheduled with
 * `asap` that emits 0..n-1 at the current time, then ends.
 */
function mostRange(n) {
  return newStream((sink, scheduler) => {
    let active = true;
    const task = asap(
      {
        run(t) {
          for (let i = 0; i < n && active; i++) sink.event(t, i);
          if (active) sink.end(t);
        },
        error(t, e) {
          sink.error(t, e);
        },
        dispose() {
          active = false;
        },
      },
      scheduler,
    );
    return { dispose: () => task.dispose() };
  });
}

/** @most/core: custom range source → map → filter → tap (sum), run with runEffects. */
export async function most(n) {
  let s = 0;
  const stream = mostTap((x) => (s += x), mostFilter((x) => x % 3 === 0, mostMap((x) => x * 2, mostRange(n))));
  await runEffects(stream, newDefaultScheduler());
  return s;
}

/** Effect 3: Stream.range (chunks of 4096 by default) → map → filter → runFold. */
export function effect(n) {
  return Effect.runPromise(
    Stream.range(0, n - 1).pipe(
      Stream.map((x) => x * 2),
      Stream.filter((x) => x % 3 === 0),
      Stream.runFold(0, (a, x) => a + x),
    ),
  );
}

function* ints(n) {
  for (let i = 0; i < n; i++) yield i;
}

/** Node object-mode streams: Readable.from → Transform (map) → Transform (filter) → Writable (sum). */
export async function nodeStreams(n) {
  let s = 0;
  await pipeline(
    Readable.from(ints(n)),
    new Transform({ objectMode: true, transform: (x, _e, cb) => cb(null, x * 2) }),
    new Transform({ objectMode: true, transform: (x, _e, cb) => (x % 3 === 0 ? cb(null, x) : cb()) }),
    new Writable({ objectMode: true, write: (x, _e, cb) => ((s += x), cb()) }),
  );
  return s;
}

async function* agenInts(n) {
  for (let i = 0; i < n; i++) yield i;
}
async function* agenMap(src, f) {
  for await (const x of src) yield f(x);
}
async function* agenFilter(src, p) {
  for await (const x of src) if (p(x)) yield x;
}

/** Async generators chained: source → map → filter, summed with for await. */
export async function asyncGenerators(n) {
  let s = 0;
  for await (const x of agenFilter(agenMap(agenInts(n), (x) => x * 2), (x) => x % 3 === 0)) s += x;
  return s;
}

/**
 * Reference for batched channels: a minimal hand-written pipeline of async tasks joined by bounded
 * queues of `{ time, items }` batches of 1024 (4 batches per queue), with no progress tracking. It
 * shows what batching over async channels costs on this machine today, the figure the batched
 * target was set from.
 */
export async function handChannels(n) {
  const CAP = 4;
  class Queue {
    q = [];
    reader = null;
    writer = null;
    closed = false;
    async put(b) {
      while (this.q.length >= CAP) await new Promise((r) => (this.writer = r));
      this.q.push(b);
      this.wake("reader");
    }
    async take() {
      while (this.q.length === 0) {
        if (this.closed) return null;
        await new Promise((r) => (this.reader = r));
      }
      const b = this.q.shift();
      this.wake("writer");
      return b;
    }
    close() {
      this.closed = true;
      this.wake("reader");
    }
    wake(who) {
      const r = this[who];
      this[who] = null;
      r?.();
    }
  }
  const toMap = new Queue();
  const toFilter = new Queue();
  const toSum = new Queue();
  let total = 0;
  const mapper = async () => {
    for (let b; (b = await toMap.take()) !== null; ) {
      const out = new Array(b.items.length);
      for (let i = 0; i < out.length; i++) out[i] = b.items[i] * 2;
      await toFilter.put({ time: b.time, items: out });
    }
    toFilter.close();
  };
  const filterer = async () => {
    for (let b; (b = await toFilter.take()) !== null; ) {
      const out = [];
      for (const x of b.items) if (x % 3 === 0) out.push(x);
      await toSum.put({ time: b.time, items: out });
    }
    toSum.close();
  };
  const summer = async () => {
    for (let b; (b = await toSum.take()) !== null; ) {
      let a = 0;
      for (const x of b.items) a += x;
      total += a;
    }
  };
  const tasks = [mapper(), filterer(), summer()];
  const buf = new Array(1024);
  for (let i = 0; i < n; i += 1024) {
    const m = Math.min(1024, n - i);
    if (buf.length !== m) buf.length = m;
    for (let j = 0; j < m; j++) buf[j] = i + j;
    await toMap.put({ time: 0, items: buf.slice() });
  }
  toMap.close();
  await Promise.all(tasks);
  return total;
}
