import { mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fileSink, fileSource, generatorSource, type ReplayableSource } from "../../src/index.js";

const folders: string[] = [];
afterEach(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});
function folder(): string {
  const f = mkdtempSync(join(tmpdir(), "sw-conn-"));
  folders.push(f);
  return f;
}

/** Every item from `position` on, read `max` at a time, with the position after each chunk. */
async function readAll<T>(source: ReplayableSource<T>, position: number, max: number): Promise<Array<{ items: T[]; position: number }>> {
  const reader = source.open(position);
  const out: Array<{ items: T[]; position: number }> = [];
  for (let c = await reader.read(max); c !== undefined; c = await reader.read(max)) out.push({ items: c.items, position: c.position });
  await reader.close();
  return out;
}

describe("replayable sources", () => {
  it("a file source reads JSON lines and, from any position it reported, exactly the rest", async () => {
    const path = join(folder(), "events.jsonl");
    const events = Array.from({ length: 50 }, (_, i) => ({ user: `u${i % 3}`, at: i * 10, text: "é".repeat(i % 4) }));
    writeFileSync(path, events.map((e) => JSON.stringify(e)).join("\n"));
    const source = fileSource<(typeof events)[number]>(path, { eventTime: "at", chunkBytes: 37 });
    const chunks = await readAll(source, source.start, 7);
    expect(chunks.flatMap((c) => c.items)).toEqual(events);
    for (const [i, c] of chunks.entries()) {
      const rest = (await readAll(source, c.position, 5)).flatMap((x) => x.items);
      expect(rest).toEqual(events.slice((i + 1) * 7));
    }
    const reader = source.open(0);
    expect((await reader.read(2))?.eventTimes).toEqual([0, 10]);
    await reader.close();
  });

  it("a file source names the file and byte offset of a bad line or a missing event time", async () => {
    const path = join(folder(), "bad.jsonl");
    writeFileSync(path, '{"at": 1}\n{"at": oops}\n');
    await expect(readAll(fileSource(path), 0, 10)).rejects.toThrow(/file .*bad\.jsonl: the line at byte 10 is not JSON .*: \{"at": oops\}/);
    writeFileSync(path, '{"at": 1}\n{"when": 2}\n');
    await expect(readAll(fileSource(path, { eventTime: "at" }), 0, 10)).rejects.toThrow(/the line at byte 10 has no event time in field "at": expected a finite number of ms, got undefined/);
    await expect(readAll(fileSource(join(folder(), "none.jsonl")), 0, 10)).rejects.toThrow(/none\.jsonl cannot be read: no such file/);
    expect(() => fileSource(path).open(-1)).toThrow(/a position must be a byte offset/);
  });

  it("a generator source replays from any position it reported", async () => {
    const source = generatorSource((p) => (p >= 23 ? [] : [p, p + 1].filter((x) => x < 23)), "numbers");
    const chunks = await readAll(source, 0, 4);
    expect(chunks.flatMap((c) => c.items)).toEqual(Array.from({ length: 23 }, (_, i) => i));
    expect((await readAll(source, chunks[2]!.position, 100)).flatMap((c) => c.items)).toEqual(Array.from({ length: 23 - 12 }, (_, i) => i + 12));
    expect(() => generatorSource(42 as never)).toThrow(/batchAt must be a function \(position\) => items, got number/);
  });
});

describe("exactly-once file sink", () => {
  it("shows only what committed checkpoints published, and publishing again changes nothing", async () => {
    const path = join(folder(), "out.jsonl");
    const sink = fileSink<{ n: number }>(path);
    await sink.recover(undefined);
    sink.write([{ n: 1 }, { n: 2 }]);
    const first = sink.prepare();
    await sink.publish(first);
    await sink.publish(first);
    sink.write([{ n: 3 }]);
    const second = sink.prepare();
    expect(readFileSync(path, "utf8")).toBe('{"n":1}\n{"n":2}\n');
    await sink.publish(second);
    expect(readFileSync(path, "utf8")).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });

  it("recovery truncates what was published after the restored checkpoint and publishes it again", async () => {
    const path = join(folder(), "out.jsonl");
    const sink = fileSink<number>(path);
    await sink.recover(undefined);
    sink.write([1, 2]);
    const first = sink.prepare();
    await sink.publish(first);
    sink.write([3]);
    await sink.publish(sink.prepare());
    appendFileSync(path, "4\n5");
    // A new run restores the first checkpoint: the file holds exactly its output.
    const again = fileSink<number>(path);
    await again.recover(first);
    expect(readFileSync(path, "utf8")).toBe("1\n2\n");
    again.write([3]);
    await again.publish(again.prepare());
    expect(readFileSync(path, "utf8")).toBe("1\n2\n3\n");
    const fresh = fileSink<number>(path);
    await fresh.recover(undefined);
    expect(readFileSync(path, "utf8")).toBe("");
    expect(() => fileSink<number>(join(folder(), "x")).prepare()).toThrow(/prepare\(\) before recover\(\)/);
    expect(() => fresh.write([() => 1] as never)).toThrow(/an item must be JSON-writable, got function/);
  });
});
