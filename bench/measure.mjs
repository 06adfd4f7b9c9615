// Timing, statistics, memory and event-loop-delay helpers for the benchmark.
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { verify } from "./workload.mjs";

/**
 * The gc policy, printed with the results. No timed run follows a gc() call: in a check on this
 * machine the two StreamWeave batched runs right after gc() were 30–45% slower than later ones
 * (FIELD-NOTES saw the same for closure-heavy code), so gc() is only called before the
 * instrumented runs, to take their RSS baseline; the warm ones run after everything timed.
 */
export const GC_POLICY = typeof globalThis.gc === "function"
  ? "gc() is not called before or between timed runs (only before each instrumented memory run, for its RSS baseline)"
  : "gc() is not available (run with --expose-gc): no gc() calls; RSS baselines are taken without a collection";

function collect() {
  if (typeof globalThis.gc === "function") globalThis.gc();
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}

/**
 * Runs `fn(n)` (which returns, or resolves to, the sum) `warmups` times to warm up (so the JIT
 * has compiled the hot code) and `runs` times timed. Every run's result is verified. Returns
 * items/s of every timed run and their median, and of the first warm-up run.
 */
export async function timeCase(c, { n, runs, warmups, expected, log }) {
  let warm = 0;
  for (let w = 0; w < warmups; w++) {
    const w0 = performance.now();
    verify(`${c.name} (warm-up)`, await c.fn(n), expected);
    if (w === 0) warm = (n / (performance.now() - w0)) * 1000;
  }
  const rates = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const got = await c.fn(n);
    const ms = performance.now() - t0;
    verify(c.name, got, expected);
    rates.push((n / ms) * 1000);
  }
  const res = { name: c.name, notes: c.notes ?? "", target: c.target, rates, warm, median: median(rates), min: Math.min(...rates), max: Math.max(...rates) };
  log?.(`  ${c.name.padEnd(40)} ${fmtRate(res.median).padStart(8)} items/s  (runs: ${rates.map(fmtRate).join(", ")}; first warm-up ${fmtRate(warm)})`);
  return res;
}

/**
 * Watches one run: peak RSS (sampled by a 5 ms interval timer and by `sample()` calls from the
 * feed loop) and the event-loop delay histogram (resolution 1 ms).
 */
export class RunMonitor {
  constructor() {
    collect();
    this.baseline = process.memoryUsage.rss();
    this.peak = this.baseline;
    this.samples = 0;
    this.eld = monitorEventLoopDelay({ resolution: 1 });
    this.timerFires = 0;
  }

  start() {
    this.eld.enable();
    this.t0 = performance.now();
    this.timer = setInterval(() => {
      this.timerFires++;
      this.sample();
    }, 5);
  }

  sample() {
    this.samples++;
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  stop() {
    this.sample();
    const ms = performance.now() - this.t0;
    clearInterval(this.timer);
    this.eld.disable();
    return {
      ms,
      baselineMB: this.baseline / 2 ** 20,
      peakMB: this.peak / 2 ** 20,
      growthMB: (this.peak - this.baseline) / 2 ** 20,
      samples: this.samples,
      // A 5 ms interval timer over the run: how often timers actually got a turn.
      timerFires: this.timerFires,
      timerExpected: Math.floor(ms / 5),
      eldMaxMs: this.eld.max / 1e6,
      eldP99Ms: this.eld.percentile(99) / 1e6,
      eldMeanMs: this.eld.mean / 1e6,
    };
  }
}

/** 123456789 → "123 M", 1.2e9 → "1.20 G". */
export function fmtRate(r) {
  if (r >= 1e9) return `${(r / 1e9).toFixed(2)} G`;
  if (r >= 1e8) return `${(r / 1e6).toFixed(0)} M`;
  if (r >= 1e7) return `${(r / 1e6).toFixed(1)} M`;
  return `${(r / 1e6).toFixed(2)} M`;
}

/** A ratio to three significant digits. */
export function fmtRatio(x) {
  return x >= 0.1 ? x.toFixed(2) : x.toPrecision(2);
}

/**
 * Controls for the event-loop-delay numbers, with the same monitor: an idle event loop (the
 * machine's noise floor) and a synchronous busy loop that hands the event loop a turn with
 * setImmediate every `sliceMs` ms (what a perfectly cooperative task achieves at that slice).
 */
export async function eldControls(ms = 1000, sliceMs = 4) {
  const idle = new RunMonitor();
  idle.start();
  await new Promise((r) => setTimeout(r, ms));
  const a = idle.stop();
  const busy = new RunMonitor();
  busy.start();
  const end = performance.now() + ms;
  let last = performance.now();
  let x = 0;
  while (performance.now() < end) {
    x++;
    if (performance.now() - last >= sliceMs) {
      await new Promise((r) => setImmediate(r));
      last = performance.now();
    }
  }
  const b = busy.stop();
  return [
    { name: `control: idle event loop (${ms} ms)`, ...a },
    { name: `control: busy loop yielding (setImmediate) every ${sliceMs} ms (${ms} ms)`, ...b, spins: x },
  ];
}
