/**
 * The timeline chart: frontiers over processing time, drawn as an SVG line chart (no layout
 * library needed: a chart is arithmetic).
 *
 * The x axis is processing time, labelled as time before the snapshot (`−10 s` … `now`); the y
 * axis is logical time. One step line per series, because a frontier holds its value until it
 * moves: the inputs' frontier, the least frontier at the sinks (what has come all the way through)
 * and the watermark after the event-time stages. The gap between the lines is the work in
 * flight. A series is absent while its value is not an integer (done, or a structured time).
 *
 * Each series is one `<path class="sw-series" data-series="inputs">` whose `d` has exactly one
 * `M` or `V` command per timeline point with a value (so tests and readers can count points).
 */
import type { TimelinePoint } from "../../src/index.js";
import { COLORS, escapeHtml } from "./style.js";

/** The series of the chart, in drawing order. */
export const SERIES = [
  { key: "inputs", label: "inputs", color: COLORS.blue, dash: "" },
  { key: "outputs", label: "sinks", color: COLORS.green, dash: "" },
  { key: "watermark", label: "watermark", color: COLORS.amber, dash: "5 3" },
] as const;

/** Chart options. */
export interface TimelineOptions {
  /** Width in pixels (default 480). */
  readonly width?: number;
  /** Height in pixels (default 180). */
  readonly height?: number;
  /** Most points drawn: the latest ones (default 2000). */
  readonly maxPoints?: number;
}

/** A step of 1, 2 or 5 times a power of ten, at least `min`, near `span / count`. */
export function niceStep(span: number, count: number, min = 0): number {
  const raw = Math.max(span / Math.max(1, count), min, Number.MIN_VALUE);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  const step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  return Math.max(step, min);
}

/** A tick `back` ms before now, in the unit (and with the decimals) the step `step` needs. */
export function tickLabel(back: number, step: number): string {
  const [unit, div] = step < 1000 ? ["ms", 1] : step < 60_000 ? ["s", 1000] : ["min", 60_000];
  const decimals = Math.max(0, Math.min(3, -Math.floor(Math.log10(step / div) + 1e-9)));
  return `${(back / div).toFixed(decimals)} ${unit}`;
}

function fmt(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/**
 * The chart of `points` up to processing time `now`, as an SVG element; `""` with fewer than two
 * points (nothing has moved yet) or no integer value to draw.
 */
export function timelineSvg(allPoints: readonly TimelinePoint[], now: number, options: TimelineOptions = {}): string {
  const W = options.width ?? 480;
  const H = options.height ?? 180;
  const points = allPoints.slice(-(options.maxPoints ?? 2000));
  const values: number[] = [];
  for (const p of points) for (const s of SERIES) if (p[s.key] !== null) values.push(p[s.key]!);
  if (points.length < 2 || values.length === 0) return "";
  const m = { left: 46, right: 14, top: 10, bottom: 34 };
  const x0 = points[0]!.at;
  const x1 = Math.max(now, points[points.length - 1]!.at, x0 + 1);
  let y0 = Math.min(...values);
  let y1 = Math.max(...values);
  if (y0 === y1) {
    y0 -= 1;
    y1 += 1;
  }
  const yStep = niceStep(y1 - y0, 4, 1);
  y0 = Math.floor(y0 / yStep) * yStep;
  y1 = Math.ceil(y1 / yStep) * yStep;
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const sx = (t: number): number => m.left + ((t - x0) / (x1 - x0)) * pw;
  const sy = (v: number): number => m.top + ph - ((v - y0) / (y1 - y0)) * ph;

  const parts: string[] = [];
  // Grid and y ticks.
  const yt: string[] = [];
  for (let v = y0; v <= y1 + yStep / 2; v += yStep) {
    const y = fmt(sy(v));
    yt.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${y}" y2="${y}" stroke="currentColor" stroke-opacity="0.12"/>`);
    yt.push(`<text x="${m.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(String(v))}</text>`);
  }
  parts.push(`<g class="sw-axis" data-axis="y">${yt.join("")}<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + ph}" stroke="currentColor" stroke-opacity="0.5"/><text transform="translate(11 ${fmt(m.top + ph / 2)}) rotate(-90)" text-anchor="middle" opacity="0.75">logical time</text></g>`);
  // X ticks: time before `x1`, in a unit that suits the span.
  const span = x1 - x0;
  const xStep = niceStep(span, 5, 1);
  const xt: string[] = [];
  for (let back = 0; back <= span + 1e-9; back += xStep) {
    const x = fmt(sx(x1 - back));
    xt.push(`<line x1="${x}" x2="${x}" y1="${m.top + ph}" y2="${m.top + ph + 4}" stroke="currentColor" stroke-opacity="0.5"/>`);
    xt.push(`<text x="${x}" y="${m.top + ph + 15}" text-anchor="${back === 0 ? "end" : "middle"}">${back === 0 ? "now" : `−${tickLabel(back, xStep)}`}</text>`);
  }
  parts.push(`<g class="sw-axis" data-axis="x">${xt.join("")}<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}" stroke="currentColor" stroke-opacity="0.5"/><text x="${fmt(m.left + pw / 2)}" y="${H - 3}" text-anchor="middle" opacity="0.75">processing time</text></g>`);
  // Series.
  for (const s of SERIES) {
    let d = "";
    let open = false;
    let count = 0;
    let last: { x: number; y: number } | undefined;
    for (const p of points) {
      const v = p[s.key];
      const x = fmt(sx(p.at));
      if (v === null) {
        if (open) d += `H${x}`;
        open = false;
        continue;
      }
      const y = fmt(sy(v));
      d += open ? `H${x}V${y}` : `M${x} ${y}`;
      open = true;
      count++;
      last = { x: sx(p.at), y: sy(v) };
    }
    if (count === 0) continue;
    if (open) d += `H${fmt(sx(x1))}`;
    const lastValue = [...points].reverse().find((p) => p[s.key] !== null)![s.key];
    parts.push(
      `<path class="sw-series" data-series="${s.key}" data-points="${count}" data-last="${lastValue}" d="${d}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"${s.dash !== "" ? ` stroke-dasharray="${s.dash}"` : ""}/>`,
    );
    if (open && last !== undefined) parts.push(`<circle cx="${fmt(sx(x1))}" cy="${fmt(last.y)}" r="3" fill="${s.color}"/>`);
  }
  return (
    `<svg class="sw-timeline" data-points="${points.length}" role="img" aria-label="frontiers over processing time" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" ` +
    `font-size="10" fill="currentColor" style="max-width:100%;height:auto;display:block;color:inherit;overflow:visible">` +
    parts.join("") +
    `</svg>`
  );
}

/** The chart's legend as HTML: a swatch, the name and the latest value (`–` when there is none) of each series that has had one. */
export function timelineLegend(points: readonly TimelinePoint[]): string {
  const items: string[] = [];
  for (const s of SERIES) {
    if (!points.some((p) => p[s.key] !== null)) continue;
    // The latest value; none once the frontier is done (or not an integer).
    const latest = points[points.length - 1]![s.key];
    const swatch = `<svg width="18" height="8" style="vertical-align:middle;margin-right:4px"><line x1="0" y1="4" x2="18" y2="4" stroke="${s.color}" stroke-width="2.5"${s.dash !== "" ? ` stroke-dasharray="${s.dash}"` : ""}/></svg>`;
    items.push(`<span data-series="${s.key}" style="margin-right:12px;white-space:nowrap">${swatch}${s.label} <b style="font-variant-numeric:tabular-nums">${latest ?? "–"}</b></span>`);
  }
  return items.join("");
}
