import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Graph, MemoryState, SqliteStore, fileSink, generatorSource, session, tumbling, type KeyedState, type OperatorLogic } from "../../src/internals.js";
import { tempFolders, within } from "../helpers.js";

const folder = tempFolders("sw-instore-");

interface Ev {
  readonly k: string;
  readonly ts: number;
  readonly v: number;
}

/** Event `i`: 40 keys, 10 ms apart in event time, up to 45 ms out of order. */
function event(i: number): Ev {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return { k: `k${x % 40}`, ts: i * 10 + ((x >>> 8) % 46), v: (x >>> 16) % 100 };
}

const EVENTS = 20000;

/**
 * A job whose stateful operators keep their state in `store` (or in memory when `store` is
 * undefined), every output written to its own file sink in `dir`.
 */
function job(dir: string, store: SqliteStore | undefined) {
  const g = new Graph("in-store");
  const state = (name: string): KeyedState<never> | undefined => store?.state(name);
  const src = g.source("events", generatorSource((p) => (p >= EVENTS ? undefined : Array.from({ length: Math.min(500, EVENTS - p) }, (_, j) => event(p + j)))), { batch: 500 });
  const keyed = src.eventTime({ timestamp: (e) => e.ts, maxOutOfOrderness: 30, name: "et" }).keyBy((e) => e.k);
  const sink = (name: string) => fileSink(join(dir, `${name}.jsonl`));
  keyed.window(tumbling(1000), { allowedLateness: 100, name: "tw", state: state("tw") }).count().map((r) => [r.key, r.start, r.value, r.pane.timing]).sink(sink("tw"));
  keyed.window(session(200), { name: "ses", state: state("ses") }).count().map((r) => [r.key, r.start, r.end, r.value]).sink(sink("ses"));
  const byKey = src.keyBy((e) => e.k);
  byKey.scan((a: number, e) => a + e.v, 0, { name: "scan", state: state("scan") }).sink(sink("scan"));
  byKey.sum((e) => e.v, { name: "sum", state: state("sum") }).sink(sink("sum"));
  src.map((e) => e.k).distinct(undefined, { name: "distinct", state: state("distinct") }).sink(sink("distinct"));
  byKey.join(byKey.map((e) => e.v % 7).keyBy(() => "x"), { kind: "left", name: "join", state: state("join") }).map((r) => [r.key, r.left.v, r.right]).sink(sink("join"));
  const table = src.toTable((e) => e.k, { name: "table", state: state("table") });
  return { g, table };
}

const OUTPUTS = ["tw", "ses", "scan", "sum", "distinct", "join"];

function outputs(dir: string): Record<string, string> {
  return Object.fromEntries(OUTPUTS.map((n) => [n, readFileSync(join(dir, `${n}.jsonl`), "utf8")]));
}

describe("operator state kept in the store", () => {
  it("a run with its state on disk (8 keys in memory, changes written ahead past 4) restores from an early checkpoint and ends as the in-memory run", async () => {
    const clean = folder();
    const memory = job(clean, undefined);
    await within(memory.g.run().done, 20000, "in-memory run");
    const want = outputs(clean);
    const wantTable = [...memory.table.entries()].map((e) => [e.key, e.value]);

    const dir = folder();
    const path = join(dir, "state.db");
    // keep: every checkpoint stays (under load more are taken, and the first must not be pruned).
    const first = SqliteStore.open(path, { cacheEntries: 8, spillEntries: 4, keep: 100 });
    const a = job(dir, first);
    const ea = a.g.run({ checkpoints: { store: first, every: { epochs: 5 } } });
    await within(ea.done, 20000, "first run");
    // The first checkpoint comes after the fifth epoch (the source waits while it is taken).
    expect(ea.checkpoints[0]).toMatchObject({ id: 1, frontier: "[5]", sources: { events: { position: 2500 } } });
    // Every stateful node's state is the store's own namespace: nothing was copied into it.
    for (const name of ["tw", "ses", "scan", "sum", "distinct", "join", "table"]) expect(first.holds(first.state(name))).toBe(true);
    first.close();
    expect(outputs(dir)).toEqual(want);

    // Built again and restored from the first checkpoint (not the last): every output is rewritten from there.
    const second = SqliteStore.open(path, { cacheEntries: 8, spillEntries: 4 });
    const b = job(dir, second);
    const eb = b.g.run({ checkpoints: { store: second }, restore: 1 });
    expect(eb.restoredFrom?.id).toBe(1);
    await within(eb.done, 20000, "restored run");
    expect(outputs(dir)).toEqual(want);
    expect([...b.table.entries()].map((e) => [e.key, e.value]).sort()).toEqual(wantTable.sort());
    second.close();
  }, 60000);

  it("refuses a state option that is not a keyed state, naming the operator", () => {
    const g = new Graph("bad");
    const i = g.input<number>("in");
    expect(() => i.count({ state: 5 as never })).toThrow(/count\(\): state must be a KeyedState .*got number/);
    expect(() => i.keyBy((x) => x).scan((a: number, x) => a + x, 0, { state: {} as never })).toThrow(/scan\(\): state must be a KeyedState/);
    expect(() => i.toTable((x) => x, { state: null as never })).toThrow(/toTable\(\): state must be a KeyedState .*got null/);
  });
});

describe("checkpoints every n epochs", () => {
  it("counts the epochs of an input fed by hand (each advanceTo)", async () => {
    const g = new Graph("epochs");
    const i = g.input<number>("in");
    i.keyBy((x) => x % 2).scan((a: number, x) => a + x, 0, { name: "totals" });
    const exec = g.run({ checkpoints: { store: join(folder(), "s.db"), every: { epochs: 3 } } });
    for (let t = 1; t <= 9; t++) {
      await i.send(t);
      i.advanceTo(t);
      await exec.quiet();
      // The checkpoint the third advance asks for is taken once the run is quiet at that time.
      while (exec.checkpoints.length < Math.floor(t / 3)) await new Promise((r) => setTimeout(r, 1));
    }
    expect(exec.checkpoints.map((c) => c.frontier)).toEqual(["[3]", "[6]", "[9]"]);
    i.close();
    await within(exec.done, 5000, "run");
  });
});

/** A user's operator: passes each key's first item only, whenever it comes; what it remembers is its keyed state. */
function firstPerKey(key: (item: unknown) => unknown): OperatorLogic {
  const state = new MemoryState<true>();
  return {
    state,
    onData(ctx, _port, time, items) {
      const out = items.filter((item) => state.put(key(item), true, 1));
      if (out.length > 0) ctx.emit(0, time, out);
    },
    // Everything it remembers is in `state`, which a checkpoint keeps; it holds no capability between batches.
    restore() {},
  };
}

describe("a user's own operator (stream.via) with keyed state", () => {
  it("is checkpointed and restored with its state", async () => {
    const dir = folder();
    const store = join(dir, "s.db");
    const build = () => {
      const g = new Graph("user-op");
      const i = g.input<{ user: string; n: number }>("clicks", { durable: true });
      i.via<{ user: string; n: number }>("firstPerKey", firstPerKey((c) => (c as { user: string }).user), { name: "first" }).sink(fileSink(join(dir, "first.jsonl")));
      return { g, i };
    };
    const a = build();
    const ea = a.g.run({ checkpoints: { store } });
    await a.i.send([{ user: "ann", n: 1 }, { user: "bob", n: 2 }, { user: "ann", n: 3 }]);
    a.i.advanceTo(1);
    await ea.checkpoint();
    ea.stop();
    await ea.done;

    const b = build();
    const eb = b.g.run({ checkpoints: { store }, restore: "latest" });
    await b.i.send([{ user: "bob", n: 4 }, { user: "cy", n: 5 }, { user: "ann", n: 6 }]);
    b.i.close();
    await within(eb.done, 5000, "restored run");
    const rows = readFileSync(join(dir, "first.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l) as { user: string; n: number });
    expect(rows).toEqual([{ user: "ann", n: 1 }, { user: "bob", n: 2 }, { user: "cy", n: 5 }]);
  });

  it("is refused when it keeps state but cannot be restored, with the way to fix it", () => {
    const g = new Graph("user-op");
    const i = g.input<number>("in");
    const logic = firstPerKey((x) => x);
    i.via("firstPerKey", { state: logic.state, onData: logic.onData }, { name: "first" });
    expect(() => g.run({ checkpoints: { store: join(folder(), "s.db") } })).toThrow(/"first" \(firstPerKey\) keeps state but has no restore/);
  });
});
