import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Graph, generatorSource, session, snapshotHtml, snapshotText, tumbling, sliding, type Mode } from "../../src/internals.js";
import { tempFolders, within } from "../helpers.js";

const folder = tempFolders("sw-ckpt-");
const storePath = (): string => join(folder(), "state.db");

interface Ev {
  readonly k: string;
  readonly ts: number;
}

/** The job: event time, three keyed windowed counts, a keyed scan, a per-time count and distinct. */
function build(mode: Mode) {
  const g = new Graph("job", { mode });
  const i = g.input<Ev>("events");
  const et = i.eventTime({ timestamp: (e) => e.ts, maxOutOfOrderness: 3, name: "et" });
  const keyed = et.keyBy((e) => e.k);
  const out = {
    tumbling: keyed.window(tumbling(10), { allowedLateness: 5, name: "tw" }).count().map((r) => [r.key, r.start, r.value, r.pane.timing]).capture(),
    sliding: keyed.window(sliding(10, 5), { name: "sw" }).count().map((r) => [r.key, r.start, r.value]).capture(),
    sessions: keyed.window(session(4), { allowedLateness: 2, name: "ses" }).count().map((r) => [r.key, r.start, r.end, r.value]).capture(),
    scan: i.keyBy((e) => e.k).scan((a: number, e) => a + e.ts, 0, { name: "sc" }).capture(),
    count: i.count({ name: "cnt" }).capture(),
    distinct: i.map((e) => e.k, { name: "ks" }).distinct(undefined, { name: "dis" }).capture(),
  };
  return { g, i, out };
}

/** A deterministic workload: `n` events over epochs of 7, keys a..e, event times a little out of order. */
function events(n: number): Array<{ epoch: number; ev: Ev }> {
  const out: Array<{ epoch: number; ev: Ev }> = [];
  let x = 12345;
  for (let j = 0; j < n; j++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push({ epoch: Math.floor(j / 7), ev: { k: "abcde"[x % 5]!, ts: j + (x % 6) - 3 + 10 } });
  }
  return out;
}

async function feed(i: ReturnType<typeof build>["i"], evs: Array<{ epoch: number; ev: Ev }>, from: number, to: number): Promise<void> {
  for (let j = from; j < to; j++) {
    const { epoch, ev } = evs[j]!;
    if (i.time !== epoch) i.advanceTo(epoch);
    await i.send(ev);
  }
}

const results = (out: ReturnType<typeof build>["out"]) =>
  Object.fromEntries(Object.entries(out).map(([k, c]) => [k, [...c.byTime()].map(([t, xs]) => [t, xs])]));

describe("checkpoint and restore into a new graph", () => {
  for (const mode of ["concurrent", "deterministic"] as const) {
    it(`${mode}: a run cut at a checkpoint and restored gives the uninterrupted run's results after it`, async () => {
      const evs = events(300);
      const clean = build(mode);
      const ce = clean.g.run();
      await feed(clean.i, evs, 0, evs.length);
      clean.i.close();
      await within(ce.done, 5000, "clean run");
      const all = results(clean.out);

      const path = storePath();
      const first = build(mode);
      const fe = first.g.run({ checkpoints: { store: path } });
      await feed(first.i, evs, 0, 150);
      const info = await fe.checkpoint();
      expect(info.id).toBe(1);
      expect(info.keys).toBeGreaterThan(0);
      const before = results(first.out);
      fe.stop();
      await fe.done;

      const second = build(mode);
      const se = second.g.run({ checkpoints: { store: path }, restore: "latest" });
      expect(se.restoredFrom?.id).toBe(1);
      await feed(second.i, evs, 150, evs.length);
      second.i.close();
      await within(se.done, 5000, "restored run");
      const after = results(second.out);
      // Everything the clean run emitted is what the first run emitted before the cut, then what the restored run emitted.
      for (const k of Object.keys(all)) {
        const joined = new Map<unknown, unknown[]>();
        for (const [t, xs] of [...before[k]!, ...after[k]!] as Array<[unknown, unknown[]]>) joined.set(t, [...(joined.get(t) ?? []), ...xs]);
        expect([...joined], k).toEqual(all[k]);
      }
      expect(after.tumbling!.length).toBeGreaterThan(0);
    });
  }
});

describe("checkpoints as observers see them", () => {
  it("the picture counts checkpoints, shows the latest and where the run came from, in text and HTML", async () => {
    const path = storePath();
    const first = build("deterministic");
    const fe = first.g.run({ checkpoints: { store: path } });
    expect(fe.picture().checkpoints).toMatchObject({ taken: 0, inProgress: false, text: "0 taken" });
    await feed(first.i, events(40), 0, 40);
    const p = fe.checkpoint();
    expect(fe.picture().checkpoints?.inProgress).toBe(true);
    const info = await p;
    const pic = fe.picture();
    expect(pic.checkpoints).toMatchObject({ taken: 1, inProgress: false, last: { id: 1, frontier: info.frontier, keys: info.keys } });
    expect(pic.checkpoints?.text).toMatch(/^1 taken · last #1 at \[\d+\] \(\d+ keys, [\d.]+ (kB|B), \d+ ms\)$/);
    expect(snapshotText(pic)).toContain(`  checkpoints: ${pic.checkpoints!.text}`);
    expect(snapshotHtml(pic)).toContain(`<p class="sw-checkpoints">checkpoints: 1 taken · last #1`);
    fe.stop();
    await fe.done;
    const second = build("deterministic");
    const se = second.g.run({ checkpoints: { store: path }, restore: "latest" });
    expect(se.picture().checkpoints?.text).toBe(`0 taken · restored from #1 at ${info.frontier}`);
    se.stop();
    await se.done;
    // A run without a store has no checkpoint line.
    const plain = build("deterministic").g.run();
    expect(plain.picture().checkpoints).toBeUndefined();
    plain.stop();
  });
});

describe("checkpoints taken by the run itself", () => {
  it("every: { epochs: n } checkpoints after every n source epochs (skipping one while another is being taken)", async () => {
    const g = new Graph("epochs");
    g.source("nums", generatorSource((p) => (p < 40 ? [p] : undefined)), { batch: 2 }).count({ name: "per" }).capture();
    const exec = g.run({ checkpoints: { store: storePath(), every: { epochs: 5 } } });
    await within(exec.done, 5000, "run");
    const ids = exec.checkpoints.map((c) => c.id);
    const regular = exec.checkpoints.filter((c) => !c.final);
    expect(regular.length).toBeGreaterThanOrEqual(1);
    expect(regular.length).toBeLessThanOrEqual(4);
    for (const c of regular) expect((c.sources["nums"] as { epoch: number }).epoch % 5).toBe(0);
    expect(exec.checkpoints[exec.checkpoints.length - 1]!.final).toBe(true);
    expect(ids).toEqual(ids.map((_, n) => n + 1));
  });

  it("every: ms checkpoints on a timer while the run goes on", async () => {
    const g = new Graph("timer");
    const i = g.input<number>("in");
    i.count({ name: "per" }).capture();
    const exec = g.run({ checkpoints: { store: storePath(), every: 20 } });
    for (let t = 0; t < 10; t++) {
      i.advanceTo(t);
      await i.send([t]);
      await new Promise((r) => setTimeout(r, 15));
    }
    i.close();
    await within(exec.done, 5000, "run");
    expect(exec.checkpoints.filter((c) => !c.final).length).toBeGreaterThanOrEqual(2);
  });
});
