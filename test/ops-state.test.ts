import { describe, expect, it } from "vitest";
import { Graph, MemoryState, NodeState, aggregateLogic, countFold, perKey, scanLogic, type StateSnapshot } from "../src/internals.js";
import { settle, within } from "./helpers.js";

describe("stateful operators keep their state in keyed state, as plain data", () => {
  it("per-time groups live in the backend until their time completes, then leave it", async () => {
    const store = new MemoryState<unknown>();
    const g = new Graph("state");
    const s = g.input<string>("s");
    const out = s.via<{ key: string; value: number }>("count", aggregateLogic(perKey((x) => x), countFold(), store)).capture();
    const exec = g.run({ mode: "deterministic" });
    await s.send(["a", "b", "a"]);
    await s.send(["c"], 1);
    await settle();
    const snap: StateSnapshot<unknown> = store.snapshot();
    // Plain data: a JSON round trip gives it back unchanged.
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap.entries.map((e) => JSON.stringify(e.key)).sort()).toEqual(['["g",0,"a"]', '["g",0,"b"]', '["g",1,"c"]', '["k",0]', '["k",1]']);
    expect(store.get(["g", 0, "a"])).toEqual({ acc: 2 });
    expect(store.get(["k", 0])).toEqual(["a", "b"]);
    const versions = snap.entries.map((e) => e.version);
    expect(new Set(versions).size).toBe(versions.length);
    s.advanceTo(1);
    await settle();
    expect(out.items()).toEqual([{ key: "a", value: 2 }, { key: "b", value: 1 }]);
    expect(store.snapshot().entries.map((e) => JSON.stringify(e.key)).sort()).toEqual(['["g",1,"c"]', '["k",1]']);
    s.close();
    await within(exec.done, 1000, "run");
    expect(store.size).toBe(0);
  });

  it("running state (scan) is kept per key", async () => {
    const store = new MemoryState<unknown>();
    const g = new Graph("scan-state");
    const s = g.input<number>("s");
    s.via("scan", scanLogic(perKey((x) => (x as number) % 2), (acc: number, x: number) => acc + x, 0, store));
    const exec = g.run();
    await s.send([1, 2, 3, 4]);
    s.close();
    await exec.done;
    expect(store.get(["acc", 1])).toEqual({ acc: 4 });
    expect(store.get(["acc", 0])).toEqual({ acc: 6 });
  });

  it("a node's versions only grow, and continue after the newest version already stored", () => {
    const store = new MemoryState<unknown>();
    store.put("x", 1, 41);
    const st = new NodeState(store);
    st.set("y", 2);
    expect(store.version("y")).toBe(42);
    st.delete("x");
    expect(store.version("x")).toBe(43);
    st.set("x", 3);
    expect(st.get("x")).toBe(3);
    expect(store.version("x")).toBe(44);
  });
});
