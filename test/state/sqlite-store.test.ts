import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const library = join(root, "dist", "index.js");

const folders: string[] = [];
const stores: SqliteStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const f of folders.splice(0)) {
    chmodSync(f, 0o755);
    rmSync(f, { recursive: true, force: true });
  }
});

function folder(): string {
  const f = mkdtempSync(join(tmpdir(), "sw-store-"));
  folders.push(f);
  return f;
}

function open(path: string, options?: Parameters<typeof SqliteStore.open>[1]): SqliteStore {
  const s = SqliteStore.open(path, options);
  stores.push(s);
  return s;
}

function closeAll(): void {
  for (const s of stores.splice(0)) s.close();
}

describe("sqlite store: checkpoints", () => {
  it("keeps what a checkpoint committed across a reopen, and drops what came after it", () => {
    const path = join(folder(), "job.db");
    const store = open(path);
    const a = store.state<number>("count");
    a.put("x", 1, 1);
    a.put("y", 2, 2);
    const first = store.commit({ positions: { events: 10 } });
    expect(first).toMatchObject({ id: 1, keys: 2, details: { positions: { events: 10 } } });
    a.put("x", 10, 3);
    a.put("z", 3, 4);
    closeAll();
    const again = open(path);
    const b = again.state<number>("count");
    expect(b.get("x")).toBe(1);
    expect(b.get("z")).toBeUndefined();
    expect(b.size).toBe(2);
    expect(again.checkpoints().map((c) => c.id)).toEqual([1]);
  });

  it("writes only the keys changed since the previous checkpoint", () => {
    const store = open(join(folder(), "job.db"));
    const s = store.state<number>("sum");
    for (let i = 0; i < 1000; i++) s.put(i, i, i + 1);
    expect(store.commit({}).keys).toBe(1000);
    for (let i = 0; i < 10; i++) s.put(i * 7, -i, 2000 + i);
    s.delete(999, 3000);
    const second = store.commit({});
    expect(second.keys).toBe(11);
    expect(store.commit({}).keys).toBe(0);
  });

  it("restores an earlier kept checkpoint, and folds the older ones into the oldest kept", () => {
    const store = open(join(folder(), "job.db"), { keep: 2 });
    const s = store.state<string>("last");
    s.put("a", "one", 1);
    s.put("gone", "soon", 2);
    store.commit({ n: 1 });
    s.put("a", "two", 3);
    s.delete("gone", 4);
    store.commit({ n: 2 });
    s.put("a", "three", 5);
    s.put("b", "new", 6);
    store.commit({ n: 3 });
    expect(store.checkpoints().map((c) => c.id)).toEqual([2, 3]);
    const { checkpoint, problems } = store.restore(2);
    expect(problems).toEqual([]);
    expect(checkpoint?.details).toEqual({ n: 2 });
    expect(s.get("a")).toBe("two");
    expect(s.get("gone")).toBeUndefined();
    expect(s.get("b")).toBeUndefined();
    expect(s.size).toBe(1);
    expect(store.checkpoints().map((c) => c.id)).toEqual([2]);
    s.put("c", "after", 7);
    expect(store.commit({ n: 4 }).id).toBe(3);
    expect(() => store.restore(1)).toThrow(/has no checkpoint 1; it holds 2, 3/);
  });

  it("state larger than its memory limits is read back from the database", () => {
    const store = open(join(folder(), "big.db"), { cacheEntries: 100, spillEntries: 500 });
    const s = store.state<{ n: number }>("wide");
    for (let i = 0; i < 20_000; i++) s.put(`k${i}`, { n: i }, i + 1);
    expect(s.size).toBe(20_000);
    expect(s.get("k12345")).toEqual({ n: 12345 });
    let count = 0;
    for (const e of s.entries()) count += (e.value as { n: number }).n === Number((e.key as string).slice(1)) ? 1 : 0;
    expect(count).toBe(20_000);
    store.commit({});
    expect(s.get("k7")).toEqual({ n: 7 });
  }, 30_000);
});

describe("sqlite store: bad stores and bad input", () => {
  it("reports a corrupt latest checkpoint with its id and uses the previous complete one", () => {
    const path = join(folder(), "job.db");
    const store = open(path);
    const s = store.state<number>("n");
    s.put("a", 1, 1);
    store.commit({ n: 1 });
    s.put("a", 2, 2);
    store.commit({ n: 2 });
    closeAll();
    const db = new Database(path);
    db.prepare("UPDATE entries SET value = '7' WHERE ck = 2").run();
    db.close();
    const again = open(path);
    const { checkpoint, problems } = again.restore("latest");
    expect(problems).toEqual([{ id: 2, reason: "its checksum does not match its contents" }]);
    expect(checkpoint?.id).toBe(1);
    expect(again.state<number>("n").get("a")).toBe(1);
  });

  it("refuses a store that cannot be read at all, never starting empty", () => {
    const path = join(folder(), "job.db");
    const store = open(path);
    const s = store.state<string>("n");
    for (let i = 0; i < 2000; i++) s.put(i, "x".repeat(100), i + 1);
    store.commit({});
    closeAll();
    truncateSync(path, Math.floor(statSync(path).size / 3));
    let message = "";
    try {
      const broken = open(path);
      broken.restore("latest");
      broken.state("n").get(5);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/store .*job\.db (cannot be read|holds no usable checkpoint)/);
  });

  it("names a missing folder, a read-only folder, a file in the way and a foreign file", () => {
    const f = folder();
    expect(() => SqliteStore.open(join(f, "missing", "job.db"))).toThrow(/folder .*missing does not exist/);
    writeFileSync(join(f, "plain"), "x");
    expect(() => SqliteStore.open(join(f, "plain", "job.db"))).toThrow(/plain is not a folder/);
    writeFileSync(join(f, "notes.txt"), "these are not a database, just some words that fill a page ".repeat(100));
    expect(() => SqliteStore.open(join(f, "notes.txt"))).toThrow(/store .*notes\.txt cannot be read: file is not a database/);
    expect(() => SqliteStore.open("")).toThrow(/a store path must be a non-empty string/);
    expect(() => SqliteStore.open(join(f, "k.db"), { keep: 0 })).toThrow(/keep must be a whole number of checkpoints, at least 1, got 0/);
    chmodSync(f, 0o755);
    const locked = join(f, "ro");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    // Root may write anywhere, so the attempt runs as an unprivileged user when the tests run as root.
    const asUser = process.getuid?.() === 0 ? "process.setgid(65534); process.setuid(65534);" : "";
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", `${asUser} const { SqliteStore } = await import(${JSON.stringify(library)}); try { SqliteStore.open(${JSON.stringify(join(locked, "job.db"))}); console.log("opened"); } catch (e) { console.log(e.message); }`], { encoding: "utf8" });
    expect(r.stdout.trim()).toMatch(/store .*ro\/job\.db cannot be written: folder .*ro is read-only \(EACCES\)/);
  });

  it("refuses a second run on the same store while the first holds it, and frees it when the first is killed", async () => {
    const path = join(folder(), "job.db");
    const holder = spawn(process.execPath, ["--input-type=module", "-e", `const { SqliteStore } = await import(${JSON.stringify(library)}); const s = SqliteStore.open(${JSON.stringify(path)}); s.state("n").put("a", 1, 1); s.commit({}); console.log("holding"); setInterval(() => {}, 1000);`], { stdio: ["ignore", "pipe", "inherit"] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on("data", (d: Buffer) => (String(d).includes("holding") ? resolve() : undefined));
        holder.on("exit", (code) => reject(new Error(`the holding run exited with ${code}`)));
      });
      expect(() => SqliteStore.open(path)).toThrow(/store .*job\.db is in use by another run/);
    } finally {
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("exit", r));
    }
    const after = open(path);
    expect(after.state<number>("n").get("a")).toBe(1);
  }, 30_000);

  it("never shows a partial checkpoint after kill -9 at random instants", async () => {
    const path = join(folder(), "loop.db");
    // Each checkpoint n sets every one of 200 keys to n; a reader must see all keys equal to the latest id.
    const script = `const { SqliteStore } = await import(${JSON.stringify(library)});
      const s = SqliteStore.open(${JSON.stringify(path)}, { spillEntries: 50 });
      const st = s.state("k"); let v = 0; console.log("go");
      const start = (s.checkpoints().at(-1)?.id ?? 0);
      for (let n = start + 1; ; n++) { for (let i = 0; i < 200; i++) st.put(i, n, ++v + n * 1000); s.commit({ n }); }`;
    let seen = 0;
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
      await new Promise((r) => child.stdout.once("data", r));
      await new Promise((r) => setTimeout(r, 20 + Math.floor(Math.random() * 200)));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      const store = SqliteStore.open(path);
      const { checkpoint } = store.restore("latest");
      const st = store.state<number>("k");
      const id = checkpoint?.id ?? 0;
      const values = new Set<number | undefined>();
      for (let i = 0; i < 200; i++) values.add(st.get(i));
      store.close();
      expect(checkpoint?.details).toEqual(id === 0 ? undefined : { n: id });
      expect([...values]).toEqual([id === 0 ? undefined : id]);
      expect(id).toBeGreaterThanOrEqual(seen);
      seen = id;
    }
    expect(seen).toBeGreaterThan(0);
    expect(readFileSync(path).length).toBeGreaterThan(0);
  }, 60_000);
});
