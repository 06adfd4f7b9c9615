/**
 * Property-based tests (fast-check) of the operator library against a model, in both modes.
 *
 * Two inputs `a` and `b` get random scripts: sends of small integers at the input's time or a
 * little later, advances, syncs, and closes. Every operator's output is compared with a model
 * computed from the sends alone: at every sync, once the probes have passed the inputs' times,
 * everything before those times must be out and nothing at or after them (no result is emitted
 * before its time completes); at the end, everything. Outputs compare as multisets per time, and
 * in order where the operator defines an order (take, scan, buffer).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { Graph, type Capture, type InputHandle, type Probe, type Stream, type Update } from "../src/internals.js";
import { MODES, settle, within } from "./helpers.js";

type Action =
  | { readonly kind: "send"; readonly to: "a" | "b"; readonly items: number[]; readonly ahead: number }
  | { readonly kind: "advance"; readonly to: "a" | "b"; readonly by: number }
  | { readonly kind: "sync" }
  | { readonly kind: "close"; readonly to: "a" | "b" };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("send" as const), to: fc.constantFrom("a" as const, "b" as const), items: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 4 }), ahead: fc.integer({ min: 0, max: 2 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("advance" as const), to: fc.constantFrom("a" as const, "b" as const), by: fc.integer({ min: 1, max: 2 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: "sync" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("close" as const), to: fc.constantFrom("a" as const, "b" as const) }) },
);

/** Sent items: [time, item] in send order. */
type Sent = Array<[number, number]>;

/** Per time (as text), items sorted by JSON; only times < `upTo`. */
function multisets(pairs: ReadonlyArray<[number, unknown]>, upTo = Infinity): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [t, x] of pairs) if (t < upTo) (out[String(t)] ??= []).push(JSON.stringify(x));
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

function captured(c: Capture<unknown>, upTo = Infinity): Record<string, string[]> {
  const pairs: Array<[number, unknown]> = [];
  for (const b of c.batches()) for (const x of b.items) pairs.push([b.time as number, x]);
  return multisets(pairs, upTo);
}

function inOrder(c: Capture<unknown>): Array<[number, unknown]> {
  const pairs: Array<[number, unknown]> = [];
  for (const b of c.batches()) for (const x of b.items) pairs.push([b.time as number, x]);
  return pairs;
}

const times = (s: Sent): number[] => [...new Set(s.map(([t]) => t))].sort((x, y) => x - y);
const at = (s: Sent, t: number): number[] => s.filter(([u]) => u === t).map(([, x]) => x);
/** Items in logical-time order: times ascending, each time's items in send order. */
const ordered = (s: Sent): Sent => times(s).flatMap((t) => at(s, t).map((x): [number, number] => [t, x]));

/** What each operator should emit, from the sends. */
const models: Record<string, { inputs: "a" | "ab"; ordered?: boolean; holds?: boolean; model(a: Sent, b: Sent, aClosed: boolean): Array<[number, unknown]> }> = {
  count: { inputs: "a", model: (a) => times(a).map((t) => [t, at(a, t).length]) },
  keyedSum: {
    inputs: "a",
    model: (a) => times(a).flatMap((t) => [0, 1, 2].filter((k) => at(a, t).some((x) => x % 3 === k)).map((k): [number, unknown] => [t, { key: k, value: at(a, t).filter((x) => x % 3 === k).reduce((p, q) => p + q, 0) }])),
  },
  distinct: { inputs: "a", model: (a) => times(a).flatMap((t) => [...new Set(at(a, t))].map((x): [number, number] => [t, x])) },
  delayedMax: { inputs: "a", model: (a) => times(a).map((t) => [t + 2, Math.max(...at(a, t))]) },
  outerJoin: {
    inputs: "ab",
    model: (a, b) =>
      [...new Set([...times(a), ...times(b)])].flatMap((t) =>
        [0, 1, 2].flatMap((k) => {
          const ls = at(a, t).filter((x) => x % 3 === k);
          const rs = at(b, t).filter((x) => x % 3 === k);
          if (ls.length === 0) return rs.map((r): [number, unknown] => [t, { key: k, right: r }]);
          if (rs.length === 0) return ls.map((l): [number, unknown] => [t, { key: k, left: l }]);
          return ls.flatMap((l) => rs.map((r): [number, unknown] => [t, { key: k, left: l, right: r }]));
        }),
      ),
  },
  zip: { inputs: "ab", model: (a, b) => times(a).flatMap((t) => at(a, t).slice(0, at(b, t).length).map((x, i): [number, unknown] => [t, [x, at(b, t)[i]]])) },
  reclock: {
    inputs: "ab",
    model: (a, b) => a.flatMap(([t, x]): Array<[number, unknown]> => {
      const tick = times(b).find((c) => c >= t);
      return tick === undefined ? [] : [[tick, x]];
    }),
  },
  sample: {
    inputs: "ab",
    model: (a, b) => times(b).flatMap((c): Array<[number, unknown]> => {
      const upTo = ordered(a).filter(([t]) => t <= c);
      return upTo.length === 0 ? [] : [[c, upTo[upTo.length - 1]![1]]];
    }),
  },
  take: { inputs: "a", ordered: true, model: (a) => ordered(a).slice(0, 5) },
  scan: { inputs: "a", ordered: true, model: (a) => ordered(a).map(([t], i, all): [number, unknown] => [t, all.slice(0, i + 1).reduce((p, [, x]) => p + x, 0)]) },
  buffer: {
    inputs: "a",
    ordered: true,
    holds: true,
    model: (a, _b, aClosed) => {
      const xs = ordered(a);
      const out: Array<[number, unknown]> = [];
      for (let i = 0; i < xs.length; i += 3) {
        const group = xs.slice(i, i + 3);
        if (group.length === 3 || aClosed) out.push([group[group.length - 1]![0], group.map(([, x]) => x)]);
      }
      return out;
    },
  },
  last: { inputs: "a", holds: true, model: (a, _b, aClosed) => (aClosed ? ordered(a).slice(-1) : []) },
  diffCount: {
    inputs: "a",
    model: (a) => {
      const counts = new Map<number, number>();
      return times(a).flatMap((t) => {
        const net = new Map<number, number>();
        for (const x of at(a, t)) net.set(x % 4, (net.get(x % 4) ?? 0) + (x % 2 === 0 ? 1 : -1));
        const out: Array<[number, unknown]> = [];
        for (const [d, diff] of net) {
          if (diff === 0) continue;
          const old = counts.get(d) ?? 0;
          counts.set(d, old + diff);
          if (old !== 0) out.push([t, [[d, old], -1]]);
          if (old + diff !== 0) out.push([t, [[d, old + diff], 1]]);
        }
        return out;
      });
    },
  },
};

function build(a: InputHandle<number>, b: InputHandle<number>): Record<string, Stream<unknown>> {
  const ka = a.keyBy((x) => x % 3);
  const kb = b.keyBy((x) => x % 3);
  const streams: Record<string, Stream<unknown>> = {
    count: a.count(),
    keyedSum: ka.sum(),
    distinct: a.distinct(),
    delayedMax: a.delay(2).max(),
    outerJoin: ka.join(kb, { kind: "outer" }).map((j) => JSON.parse(JSON.stringify(j)) as unknown),
    zip: a.zip(b),
    reclock: a.reclock(b),
    sample: a.sample(b),
    take: a.take(5),
    scan: a.scan((p, x) => p + x, 0),
    buffer: a.buffer(3),
    last: a.last(),
    diffCount: a.map((x): Update<number> => [x % 4, x % 2 === 0 ? 1 : -1]).differential().count().stream,
  };
  return streams;
}

async function check(mode: (typeof MODES)[number], script: readonly Action[]): Promise<void> {
  const g = new Graph("prop", { batchSize: 2 });
  const a = g.input<number>("a");
  const b = g.input<number>("b");
  const streams = build(a, b);
  const caps: Record<string, Capture<unknown>> = {};
  const probes: Record<string, Probe> = {};
  for (const [name, s] of Object.entries(streams)) {
    caps[name] = s.capture();
    probes[name] = s.probe();
  }
  const sent: Record<"a" | "b", Sent> = { a: [], b: [] };
  const inputs = { a, b };
  const exec = g.run({ mode });
  const verify = async (final: boolean): Promise<void> => {
    const timeOf = (i: InputHandle<number>): number => (final || i.closed ? Infinity : (i.time as number));
    const upToOf = (m: { inputs: "a" | "ab" }): number => (m.inputs === "a" ? timeOf(a) : Math.min(timeOf(a), timeOf(b)));
    // Operators that hold a time back (buffer, last) keep their probes there: wait on the others, then a few turns.
    for (const [name, m] of Object.entries(models)) {
      const upTo = Math.min(upToOf(m) + (name === "delayedMax" ? 2 : 0), Number.MAX_SAFE_INTEGER);
      if (!m.holds) await within(probes[name]!.until(upTo), 2000, `${name} probe until ${upTo}`);
    }
    await settle();
    for (const [name, m] of Object.entries(models)) {
      const upTo = upToOf(m);
      const shift = name === "delayedMax" ? 2 : 0;
      const expected = m.model(sent.a, sent.b, final || a.closed);
      // Everything before the frontier is out, and nothing at or after it (in order, for sequences).
      if (m.ordered) expect(inOrder(caps[name]!), name).toEqual(expected.filter(([t]) => t < upTo + shift));
      else expect(captured(caps[name]!), name).toEqual(multisets(expected, upTo + shift));
    }
  };
  for (const act of script) {
    if (act.kind === "send") {
      const i = inputs[act.to];
      if (i.closed) continue;
      const t = (i.time as number) + act.ahead;
      await i.send(act.items, t);
      for (const x of act.items) sent[act.to].push([t, x]);
    } else if (act.kind === "advance") {
      const i = inputs[act.to];
      if (!i.closed) i.advanceTo((i.time as number) + act.by);
    } else if (act.kind === "close") {
      inputs[act.to].close();
    } else {
      await verify(false);
    }
  }
  if (!a.closed) a.close();
  if (!b.closed) b.close();
  await within(exec.done, 2000, "run");
  await verify(true);
}

describe("the operator library against a model (random scripts)", () => {
  const runs = 20 * Number(process.env.PROP_SCALE ?? 1);
  for (const mode of MODES) {
    it(`per-time results are complete once their time passes and never early (${mode})`, async () => {
      await fc.assert(fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 30 }), (script) => check(mode, script)), { numRuns: runs });
    });
  }
});
