import { describe, expect, it } from "vitest";
import { MemoryState, stateKey } from "../src/index.js";

describe("keyed state", () => {
  it("applies an update only when its version is newer (replay changes nothing)", () => {
    const s = new MemoryState<number>();
    expect(s.put("ada", 1, 1)).toBe(true);
    expect(s.put("ada", 2, 2)).toBe(true);
    expect(s.put("ada", 99, 2)).toBe(false);
    expect(s.put("ada", 98, 1)).toBe(false);
    expect(s.get("ada")).toBe(2);
    expect(s.version("ada")).toBe(2);
    expect(s.version("bob")).toBe(-Infinity);
    expect(s.size).toBe(1);
  });

  it("deletes by version too, and an older replayed put cannot bring a key back", () => {
    const s = new MemoryState<string>();
    s.put("k", "v", 3);
    expect(s.delete("k", 3)).toBe(false);
    expect(s.delete("k", 4)).toBe(true);
    expect(s.get("k")).toBeUndefined();
    expect(s.put("k", "old", 3)).toBe(false);
    expect(s.put("k", "new", 5)).toBe(true);
    expect(s.get("k")).toBe("new");
  });

  it("snapshots and restores everything, or some keys", () => {
    const s = new MemoryState<number>();
    s.put("a", 1, 1);
    s.put({ user: "b" }, 2, 2);
    s.put(3, 3, 3);
    const snap = JSON.parse(JSON.stringify(s.snapshot()));
    const t = new MemoryState<number>();
    t.restore(snap);
    expect(t.get({ user: "b" })).toBe(2);
    expect([...t.entries()].map((e) => [e.key, e.value, e.version])).toEqual([["a", 1, 1], [{ user: "b" }, 2, 2], [3, 3, 3]]);
    const some = s.snapshotForKeys(["a", 3, "missing"]);
    expect(some.entries.map((e) => e.key)).toEqual(["a", 3]);
    const u = new MemoryState<number>();
    u.put("a", 100, 10);
    u.restoreKeys(some);
    expect(u.get("a")).toBe(100);
    expect(u.get(3)).toBe(3);
  });

  it("keys objects by their JSON text and refuses what JSON cannot write", () => {
    expect(stateKey({ a: 1 })).toBe(stateKey({ a: 1 }));
    expect(stateKey("x")).toBe("x");
    expect(() => stateKey(() => 1)).toThrow(/a state key must be a string, number, boolean, bigint or JSON-writable value, got function/);
    expect(() => new MemoryState().put("a", 1, Number.NaN)).toThrow(/a state version must be a number, got NaN/);
  });
});

describe("keyed state memory", () => {
  it("stays bounded when keys come and go, and still refuses older updates to deleted keys", () => {
    const s = new MemoryState<number>();
    let v = 0;
    for (let i = 0; i < 100_000; i++) {
      s.put(`k${i}`, i, ++v);
      s.delete(`k${i}`, ++v);
    }
    expect(s.size).toBe(0);
    const inner = s as unknown as { tombstones: Map<unknown, number> };
    expect(inner.tombstones.size).toBeLessThanOrEqual(1024);
    expect(s.put("k5", 5, 11)).toBe(false);
    expect(s.put("k99999", 1, v)).toBe(false);
    expect(s.put("fresh", 1, v + 1)).toBe(true);
  });
});
