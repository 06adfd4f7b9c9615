import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryState, SqliteStore, type KeyedState } from "../../src/index.js";

const folders: string[] = [];
const stores: SqliteStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

/** A fresh folder for one test, removed after it. */
function folder(): string {
  const f = mkdtempSync(join(tmpdir(), "sw-state-"));
  folders.push(f);
  return f;
}

/** A durable state in a fresh store (small cache and spill limits, so the database is exercised). */
function sqliteState<V>(): KeyedState<V> {
  const store = SqliteStore.open(join(folder(), "s.db"), { cacheEntries: 4, spillEntries: 3 });
  stores.push(store);
  return store.state<V>("node");
}

const BACKENDS: Array<[string, <V>() => KeyedState<V>]> = [
  ["memory", <V>() => new MemoryState<V>()],
  ["sqlite", sqliteState],
];

describe.each(BACKENDS)("keyed state contract (%s)", (_name, make) => {
  it("applies an update only when its version is newer, deletes by version, and counts keys", () => {
    const s = make<number>();
    expect(s.put("ada", 1, 1)).toBe(true);
    expect(s.put("ada", 2, 2)).toBe(true);
    expect(s.put("ada", 99, 2)).toBe(false);
    expect(s.get("ada")).toBe(2);
    expect(s.version("bob")).toBe(-Infinity);
    for (let i = 0; i < 10; i++) s.put(["k", i], i * 10, 10 + i);
    expect(s.size).toBe(11);
    expect(s.delete(["k", 3], 5)).toBe(false);
    expect(s.delete(["k", 3], 50)).toBe(true);
    expect(s.put(["k", 3], 7, 49)).toBe(false);
    expect(s.get(["k", 3])).toBeUndefined();
    expect(s.size).toBe(10);
    expect(s.get(["k", 9])).toBe(90);
    expect(s.version(["k", 3])).toBe(50);
  });

  it("lists every entry once, with changed and stored keys merged", () => {
    const s = make<number>();
    for (let i = 0; i < 12; i++) s.put(`k${i}`, i, i + 1);
    s.put("k2", 200, 100);
    s.delete("k5", 101);
    const seen = [...s.entries()].map((e) => [e.key, e.value]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(seen).toHaveLength(11);
    expect(seen).toContainEqual(["k2", 200]);
    expect(seen.map((e) => e[0])).not.toContain("k5");
  });

  it("snapshots are copies: changing the snapshot or the state afterwards never changes the other", () => {
    const s = make<{ n: number[] }>();
    s.put("a", { n: [1] }, 1);
    const snap = s.snapshot();
    (snap.entries[0]!.value as { n: number[] }).n.push(99);
    expect(s.get("a")).toEqual({ n: [1] });
    s.put("a", { n: [2] }, 2);
    expect(snap.entries[0]!.value).toEqual({ n: [1, 99] });
    const given = { entries: [{ key: "b", value: { n: [5] }, version: 3 }] };
    const t = make<{ n: number[] }>();
    t.put("old", { n: [0] }, 1);
    t.restore(given);
    given.entries[0]!.value.n.push(6);
    expect(t.get("b")).toEqual({ n: [5] });
    expect(t.get("old")).toBeUndefined();
    expect(t.size).toBe(1);
    const some = t.snapshotForKeys(["b", "missing"]);
    (some.entries[0]!.value as { n: number[] }).n.length = 0;
    expect(t.get("b")).toEqual({ n: [5] });
  });

  it("keeps what JSON alone would lose: infinities, -0, bigints, undefined slots and $-keys", () => {
    const s = make<unknown>();
    const value = { w: -Infinity, z: -0, big: 12345678901234567890n, xs: [1, undefined, Number.NaN], $n: "not a tag", nested: { $o: 1 } };
    s.put(10n, value, 1);
    for (let i = 0; i < 10; i++) s.put(`filler${i}`, i, 2 + i);
    const back = s.get(10n) as typeof value;
    expect(back).toEqual(value);
    expect(Object.is(back.z, -0)).toBe(true);
  });
});
