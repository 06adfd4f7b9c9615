// Property: for random graphs of the built-in stateful operators and random inputs, a run that is
// checkpointed at a random point, stopped, and restored into a graph built again gives, after the
// restore, exactly what the uninterrupted run gave after that point; and the final states agree.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Graph, SqliteStore, session, sliding, tumbling, type Capture, type InputHandle, type Mode, type Stream } from "../../src/internals.js";
import { within } from "../helpers.js";

interface Ev {
  readonly k: number;
  readonly ts: number;
}

/** Which operators a generated graph has, and their parameters. */
interface Shape {
  readonly bound: number;
  readonly window: { readonly kind: "tumbling" | "sliding" | "session"; readonly size: number; readonly lateness: number } | undefined;
  readonly scan: boolean;
  readonly count: boolean;
  readonly distinct: boolean;
  readonly take: number | undefined;
  readonly last: boolean;
  readonly join: boolean;
}

const shape: fc.Arbitrary<Shape> = fc.record({
  bound: fc.integer({ min: 0, max: 6 }),
  window: fc.option(fc.record({ kind: fc.constantFrom("tumbling" as const, "sliding" as const, "session" as const), size: fc.integer({ min: 2, max: 12 }), lateness: fc.integer({ min: 0, max: 5 }) }), { nil: undefined }),
  scan: fc.boolean(),
  count: fc.boolean(),
  distinct: fc.boolean(),
  take: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
  last: fc.boolean(),
  join: fc.boolean(),
});

/** Epochs of events: each epoch a few events with keys 0..3 and event times near the epoch's. */
const script = fc.array(fc.array(fc.record({ k: fc.integer({ min: 0, max: 3 }), dt: fc.integer({ min: -4, max: 4 }) }), { maxLength: 4 }), { minLength: 1, maxLength: 25 });

function build(s: Shape, mode: Mode): { g: Graph; i: InputHandle<Ev>; outs: Array<Capture<unknown>> } {
  const g = new Graph("p", { mode });
  const i = g.input<Ev>("in");
  const outs: Array<Capture<unknown>> = [];
  const keyed = i.keyBy((e) => e.k);
  if (s.window !== undefined) {
    const w = s.window;
    const assigner = w.kind === "tumbling" ? tumbling(w.size) : w.kind === "sliding" ? sliding(w.size * 2, w.size) : session(w.size);
    const timed = i.eventTime({ timestamp: (e) => e.ts, maxOutOfOrderness: s.bound, name: "et" });
    outs.push(timed.keyBy((e) => e.k).window(assigner, { allowedLateness: w.lateness, name: "win" }).count().map((r) => [r.key, r.start, r.end, r.value, r.pane.timing]).capture());
  }
  if (s.scan) outs.push(keyed.scan((a: number, e) => a + e.ts, 0, { name: "scan" }).capture());
  if (s.count) outs.push(keyed.count({ name: "count" }).capture());
  if (s.distinct) outs.push((i.map((e) => e.k, { name: "keys" }) as Stream<number>).distinct(undefined, { name: "distinct" }).capture());
  if (s.take !== undefined) outs.push(i.take(s.take, { name: "take" }).capture());
  if (s.last) outs.push(i.last({ name: "last" }).capture());
  if (s.join) outs.push(keyed.join(i.map((e) => ({ k: e.k, v: e.ts }), { name: "right" }).keyBy((r) => r.k), { name: "join" }).capture());
  return { g, i, outs };
}

async function feed(i: InputHandle<Ev>, epochs: Array<Array<{ k: number; dt: number }>>, from: number, to: number): Promise<void> {
  for (let e = from; e < to; e++) {
    i.advanceTo(e);
    for (const { k, dt } of epochs[e]!) await i.send({ k, ts: Math.max(0, e * 3 + dt) });
  }
}

const byTime = (c: Capture<unknown>): Array<[unknown, unknown[]]> => [...c.byTime()];

describe("checkpoint, restore and replay (property)", () => {
  for (const mode of ["concurrent", "deterministic"] as const) {
    it(`${mode}: outputs and final states equal the uninterrupted run's`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "sw-ckprop-"));
      let run = 0;
      try {
        await fc.assert(
          fc.asyncProperty(shape, script, fc.nat(), async (s, epochs, cutAt) => {
            const cut = cutAt % (epochs.length + 1);
            const clean = build(s, mode);
            const ce = clean.g.run({ checkpoints: { store: join(dir, `clean-${++run}.db`) } });
            await feed(clean.i, epochs, 0, epochs.length);
            clean.i.close();
            await within(ce.done, 5000, "clean run");

            const path = join(dir, `cut-${run}.db`);
            const first = build(s, mode);
            const fe = first.g.run({ checkpoints: { store: path } });
            await feed(first.i, epochs, 0, cut);
            await fe.checkpoint();
            const before = first.outs.map(byTime);
            fe.stop();
            await fe.done;

            const second = build(s, mode);
            const se = second.g.run({ checkpoints: { store: path }, restore: "latest" });
            await feed(second.i, epochs, cut, epochs.length);
            second.i.close();
            await within(se.done, 5000, "restored run");
            clean.outs.forEach((c, n) => {
              const joined = new Map<string, [unknown, unknown[]]>();
              for (const [t, xs] of [...before[n]!, ...byTime(second.outs[n]!)]) {
                const k = String(t);
                joined.set(k, [t, [...(joined.get(k)?.[1] ?? []), ...xs]]);
              }
              expect([...joined.values()]).toEqual(byTime(c));
            });
            // The final checkpoints (taken as each run completed) hold the same state.
            const finalState = (p: string): unknown => {
              const store = SqliteStore.open(p);
              try {
                store.restore("latest");
                return clean.g.nodeNames.map((n) => [n, store.state(n).snapshot().entries.map((e) => [e.key, e.value])]);
              } finally {
                store.close();
              }
            };
            expect(finalState(path)).toEqual(finalState(join(dir, `clean-${run}.db`)));
          }),
          { numRuns: 40 },
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  }
});
