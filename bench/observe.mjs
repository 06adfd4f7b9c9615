// What observing costs, measured as ratios that hold on a noisy shared machine. Both figures come
// from runs interleaved in pairs, each pair's two runs back to back (so that a burst of load from
// elsewhere, or a change in what the JIT has compiled, hits both alike) in an order that alternates
// from pair to pair; each figure is a median of ratios, with a 95% confidence interval from order
// statistics (no assumption about the noise's distribution).
//
// - Live view attached / detached: the batched pipeline (concurrent mode) with and without an
//   observer whose coalesced change notices take a full snapshot at most 20 times a second (and a
//   last one at the end), as a notebook view does; one ratio per round.
// - No one observing: copies of the library as built against as many copies with their monitor
//   hooks compiled out (hookless.mjs), all detached. How well the JIT happens to compile one copy
//   moves its speed by several per cent either way (two identical copies differ that much), so
//   several copies of each kind run, each paired with one of the other kind; one ratio per pair
//   of copies, from their median runs.
import { performance } from "node:perf_hooks";
import { verify } from "./workload.mjs";
import { median, percentile } from "./measure.mjs";
import * as sw from "./streamweave.mjs";
import { libraryCopies } from "./hookless.mjs";

/** Runs `run()` (which returns the sum), checks it and returns items/s. */
async function timed(what, n, expected, run) {
  const t0 = performance.now();
  const sum = await run();
  const ms = performance.now() - t0;
  verify(what, sum, expected);
  return (n / ms) * 1000;
}

/** Runs `a` and `b` back to back, `a` first when `aFirst`; returns both rates. */
async function pair(aFirst, a, b) {
  if (aFirst) {
    const ra = await a();
    return [ra, await b()];
  }
  const rb = await b();
  return [await a(), rb];
}

/** Live view attached against detached: `rounds` measured pairs after `warmups`; rates, ratios and what the view did. */
export async function liveViewRounds({ n, rounds, warmups, expected }) {
  const detached = [];
  const live = [];
  const ratios = [];
  const before = { ...sw.liveViews };
  for (let r = 0; r < warmups + rounds; r++) {
    const [d, l] = await pair(
      r % 2 === 0,
      () => timed(`observing round ${r}, detached`, n, expected, () => sw.batched(n, "concurrent")),
      () => timed(`observing round ${r}, live view`, n, expected, () => sw.batched(n, "concurrent", undefined, { observed: true })),
    );
    if (r < warmups) continue;
    detached.push(d);
    live.push(l);
    ratios.push(l / d);
  }
  const views = sw.liveViews;
  const runs = views.runs - before.runs;
  return {
    rounds,
    warmups,
    rates: { detached: spread(detached), live: spread(live) },
    ratio: spread(ratios),
    view: { notices: (views.notices - before.notices) / runs, snapshots: (views.snapshots - before.snapshots) / runs, events: views.events },
  };
}

/**
 * The runtime as built against the runtime without monitor hooks, nobody observing either:
 * `copies` copies of each kind, each pair run back to back `warmups + runs` times.
 */
export async function noOneObserving({ n, copies, runs, warmups, expected }) {
  const { shipped, hookless, removed } = await libraryCopies(copies);
  const rates = shipped.map(() => ({ shipped: [], hookless: [] }));
  for (let r = 0; r < warmups + runs; r++) {
    for (let i = 0; i < copies; i++) {
      const [s, h] = await pair(
        (r + i) % 2 === 0,
        () => timed(`no one observing, copy ${i} as built`, n, expected, () => sw.batched(n, "concurrent", undefined, { lib: shipped[i] })),
        () => timed(`no one observing, copy ${i} without hooks`, n, expected, () => sw.batched(n, "concurrent", undefined, { lib: hookless[i] })),
      );
      if (r < warmups) continue;
      rates[i].shipped.push(s);
      rates[i].hookless.push(h);
    }
  }
  return {
    copies,
    runs,
    warmups,
    removed,
    rates: { shipped: spread(rates.flatMap((x) => x.shipped)), hookless: spread(rates.flatMap((x) => x.hookless)) },
    ratio: spread(rates.map((x) => median(x.shipped) / median(x.hookless))),
  };
}

/** Median, its 95% interval (order statistics k and n-1-k, k = ⌊(n − 1.96·√n) / 2⌋), quartiles and extremes of `xs`. */
function spread(xs) {
  const sorted = [...xs].sort((a, b) => a - b);
  const k = Math.max(0, Math.floor((xs.length - 1.96 * Math.sqrt(xs.length)) / 2));
  return {
    all: xs,
    median: median(xs),
    ci: [sorted[k], sorted[xs.length - 1 - k]],
    q1: percentile(xs, 25),
    q3: percentile(xs, 75),
    min: sorted[0],
    max: sorted[xs.length - 1],
  };
}
