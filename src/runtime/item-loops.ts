/**
 * Item loops: the operators that look at one item at a time (map, filter, filterMap,
 * flatMap, inspect), and the loops that run one or several of them over a batch.
 *
 * A chain of item loops (adjacent nodes handed a batch in one synchronous call) runs as one loop per
 * item instead of one loop per node, with no array between the nodes. The loop for each shape of
 * chain (`map,filter`, ...) is generated once and reused, so every stage calls its function
 * directly. Invariants: each stage sees exactly the items the previous one emitted, in order; an
 * item whose call throws is reported for that stage (with the item) and goes no further, except
 * through `inspect`, which passes it on; a call that returns a promise (an async function, which
 * the loop does not wait for) fails its item the same way, its rejection taken so it never reaches
 * the process; per stage, the counts of items in and out are returned.
 */
import type { Time } from "../time/order.js";

/** One per-item operator: what it does, and the user's function. */
export type ItemLoop =
  | { readonly kind: "map"; readonly f: (item: never) => unknown }
  | { readonly kind: "filter"; readonly f: (item: never) => unknown }
  | { readonly kind: "filterMap"; readonly f: (item: never) => unknown }
  | { readonly kind: "flatMap"; readonly f: (item: never) => Iterable<unknown> }
  | { readonly kind: "inspect"; readonly f: (item: never, time: Time) => void };

/** Reports that stage `stage` failed on `item`. */
export type StageFail = (stage: number, error: unknown, item: unknown) => void;

/** Runs a chain over `items` at `time` and returns what the last stage emits; `counts[2k]`/`[2k+1]` get stage k's items in/out. */
export type ChainRun = (items: readonly unknown[], time: Time, counts: number[], fail: StageFail) => unknown[];

type ChainFactory = (fs: ReadonlyArray<ItemLoop["f"]>, toArray: (r: unknown) => unknown[], promised: (r: PromiseLike<unknown>, kind: string) => Error) => ChainRun;

const factories = new Map<string, ChainFactory>();

/** The loop for `loops`, specialized to their functions. */
export function chainRunner(loops: readonly ItemLoop[]): ChainRun {
  const shape = loops.map((k) => k.kind).join(",");
  let factory = factories.get(shape);
  if (factory === undefined) factories.set(shape, (factory = compile(loops.map((k) => k.kind))));
  return factory(loops.map((k) => k.f), iterableToArray, promised);
}

/**
 * The error for a function that returned a promise (an async function): the operator does not
 * wait for it. Its rejection, if any, is taken here, so it never reaches the process.
 */
function promised(r: PromiseLike<unknown>, kind: string): Error {
  Promise.resolve(r).catch(() => undefined);
  return new TypeError(`${kind}'s function returned a Promise, which ${kind} does not wait for; ${kind === "map" ? "use mapAsync(f), which awaits each call" : `await first with mapAsync(f), then ${kind}`}`);
}

/** The items of what a flatMap function returned, or a TypeError saying what it returned. */
function iterableToArray(r: unknown): unknown[] {
  if (Array.isArray(r)) return r;
  if (isThenable(r)) throw promised(r, "flatMap");
  if (r != null && typeof (r as Iterable<unknown>)[Symbol.iterator] === "function") return [...(r as Iterable<unknown>)];
  throw new TypeError(`flatMap's function must return an iterable (such as an array), got ${r === null ? "null" : typeof r}`);
}

/** True when `r` is a promise (or any thenable). */
function isThenable(r: unknown): r is PromiseLike<unknown> {
  return typeof r === "object" && r !== null && typeof (r as PromiseLike<unknown>).then === "function";
}

/** The generated test of a stage's result `y`: a promise fails the item (see `promised`). */
const THENABLE = (y: string, k: number, kind: string, x: string): string =>
  `if (typeof ${y} === "object" && ${y} !== null && typeof ${y}.then === "function") { fail(${k}, promised(${y}, "${kind}"), ${x}); continue; }`;

/** Generates the loop for a chain of item-loop kinds. */
function compile(kinds: ReadonlyArray<ItemLoop["kind"]>): ChainFactory {
  const n = kinds.length;
  // Without flatMap a chain never emits more than it gets: write into an array of that size.
  const bounded = !kinds.includes("flatMap");
  const stage = (k: number, x: string): string => {
    if (k === n) return bounded ? `out[w++] = ${x};` : `out.push(${x});`;
    const f = `f${k}`;
    const next = (y: string): string => `o${k}++; ${stage(k + 1, y)}`;
    switch (kinds[k]!) {
      case "map":
        return `i${k}++; let y${k}; try { y${k} = ${f}(${x}); } catch (e) { fail(${k}, e, ${x}); continue; } ${THENABLE(`y${k}`, k, "map", x)} ${next(`y${k}`)}`;
      case "filter":
        return `i${k}++; let y${k}; try { y${k} = ${f}(${x}); } catch (e) { fail(${k}, e, ${x}); continue; } if (!y${k}) continue; if (y${k} !== true) { ${THENABLE(`y${k}`, k, "filter", x)} } ${next(x)}`;
      case "filterMap":
        return `i${k}++; let y${k}; try { y${k} = ${f}(${x}); } catch (e) { fail(${k}, e, ${x}); continue; } if (y${k} === undefined) continue; ${THENABLE(`y${k}`, k, "filterMap", x)} ${next(`y${k}`)}`;
      case "inspect":
        return `i${k}++; let y${k}; try { y${k} = ${f}(${x}, time); } catch (e) { fail(${k}, e, ${x}); } if (y${k} !== undefined) { ${THENABLE(`y${k}`, k, "inspect", x).replace("continue; }", "}")} } ${next(x)}`;
      case "flatMap":
        return `i${k}++; let ys${k}; try { ys${k} = toArray(${f}(${x})); } catch (e) { fail(${k}, e, ${x}); continue; } for (let j${k} = 0; j${k} < ys${k}.length; j${k}++) { const z${k} = ys${k}[j${k}]; ${next(`z${k}`)} } continue;`;
    }
  };
  const params = kinds.map((_, k) => `f${k}`);
  const counters = kinds.map((_, k) => `i${k} = 0, o${k} = 0`).join(", ");
  const writeBack = kinds.map((_, k) => `counts[${2 * k}] = i${k}; counts[${2 * k + 1}] = o${k};`).join(" ");
  const body = `
    const [${params.join(", ")}] = fs;
    return function run(items, time, counts, fail) {
      const n = items.length;
      const out = ${bounded ? "new Array(n)" : "[]"};
      let w = 0, ${counters};
      for (let i = 0; i < n; i++) { const x = items[i]; ${stage(0, "x")} }
      ${bounded ? "if (w < n) out.length = w;" : ""}
      ${writeBack}
      return out;
    };`;
  return new Function("fs", "toArray", "promised", body) as ChainFactory;
}
