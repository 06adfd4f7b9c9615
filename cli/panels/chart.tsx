/**
 * The chart panel: frontiers over processing time, drawn with asciichart. With an event-time
 * stage it plots the watermark (Beam's convention: the frontier after the stage) and the output
 * frontier (what has come all the way through); without one, the inputs' frontier and the output
 * frontier. The observer's timeline is down-sampled to the panel's width (the last value in each
 * column's slice of time), since asciichart draws one column per value.
 */
import React from "react";
import { Box, Text } from "ink";
import asciichart from "asciichart";
import type { Snapshot, TimelinePoint } from "streamweave";
import { scaled } from "../format.js";
import { fit, seg, type Line, type Seg } from "./lines.js";
import { LinesView } from "./view.js";

/** How much processing time the chart spans at most (ms). */
export const CHART_SPAN = 120_000;

/** A series to plot. */
export interface Series {
  /** What it is (`watermark`, `output`, `input`). */
  readonly name: string;
  /** Ink / chalk color name. */
  readonly color: string;
  /** The values, one per column. */
  readonly values: number[];
}

const ANSI: Record<string, string> = { cyan: asciichart.cyan, magenta: asciichart.magenta, yellow: asciichart.yellow };

/**
 * The series to plot over `cols` columns, from the timeline up to `now`: watermark and output
 * frontier when there is a watermark, else input and output frontiers. Empty when no frontier is
 * an integer yet.
 */
export function chartSeries(timeline: readonly TimelinePoint[], now: number, cols: number): { series: Series[]; spanMs: number } {
  if (timeline.length === 0 || cols < 1) return { series: [], spanMs: 0 };
  const hasWatermark = timeline.some((p) => p.watermark !== null);
  // drawn in this order: the output frontier first, so the watermark (or input) line stays visible where they meet
  const keys: Array<[keyof TimelinePoint, string, string]> = hasWatermark
    ? [
        ["outputs", "output", "magenta"],
        ["watermark", "watermark", "cyan"],
      ]
    : [
        ["outputs", "output", "magenta"],
        ["inputs", "input", "cyan"],
      ];
  const end = Math.max(now, timeline[timeline.length - 1]!.at);
  const start = Math.max(timeline[0]!.at, end - CHART_SPAN);
  const span = end - start;
  const series: Series[] = [];
  for (const [key, name, color] of keys) {
    const values = sample(timeline, key, start, span, cols);
    if (values !== undefined) series.push({ name, color, values });
  }
  return { series, spanMs: span };
}

/** The last non-null value of `key` at or before each column's end; undefined when the series has no value at all. */
function sample(points: readonly TimelinePoint[], key: keyof TimelinePoint, start: number, span: number, cols: number): number[] | undefined {
  const out: Array<number | null> = [];
  let i = 0;
  let last: number | null = null;
  for (let c = 0; c < cols; c++) {
    const t = span === 0 ? Infinity : start + ((c + 1) * span) / cols;
    while (i < points.length && points[i]!.at <= t) {
      const v = points[i]![key];
      if (typeof v === "number" && Number.isFinite(v)) last = v;
      i++;
    }
    out.push(last);
  }
  const first = out.find((v) => v !== null);
  if (first === undefined || first === null) return undefined;
  return out.map((v) => v ?? first);
}

/** The chart's lines (ANSI-colored when `colors`) for a panel of `width` × `rows` plot rows, and its legend. */
export function chartLines(s: Snapshot, width: number, rows: number, colors: boolean): { lines: string[]; legend: Line } {
  const probe = chartSeries(s.timeline, s.now, 8);
  if (probe.series.length === 0 || rows < 2) return { lines: [], legend: [seg("no integer frontier to plot yet", { color: "gray" })] };
  const all = probe.series.flatMap((x) => x.values);
  const label = scaled(Math.max(...all.map(Math.abs)));
  const labelW = Math.max(label(Math.min(...all)).length, label(Math.max(...all)).length, 3) + 1;
  // asciichart puts `labelW + 2` columns before the first value (offset 3).
  const cols = Math.max(2, width - labelW - 2);
  const { series, spanMs } = chartSeries(s.timeline, s.now, cols);
  const values = series.flatMap((x) => x.values);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const text = asciichart.plot(
    series.map((x) => x.values),
    {
      // integer frontiers: no more rows than integer steps, so every label is exact
      height: Math.max(1, Math.min(rows - 1, Math.ceil(hi - lo))),
      min: lo,
      max: hi === lo ? lo + 1 : hi,
      format: (v) => label(v).padStart(labelW),
      ...(colors ? { colors: series.map((x) => ANSI[x.color] ?? asciichart.cyan) } : {}),
    },
  );
  const legend: Seg[] = [];
  for (const x of [...series].reverse()) legend.push(seg("━ ", { color: x.color }), seg(`${x.name}  `));
  legend.push(seg(`last ${Math.max(1, Math.round(spanMs / 1000))} s`, { color: "gray" }));
  return { lines: text.split("\n"), legend };
}

/** Props of the chart panel. */
export interface ChartPanelProps {
  /** The picture to plot. */
  readonly snapshot: Snapshot | undefined;
  /** Columns. */
  readonly width: number;
  /** Rows, title and legend included. */
  readonly height: number;
  /** ANSI colors for the series. */
  readonly colors: boolean;
}

/** The chart panel. */
export const ChartPanel = React.memo(function ChartPanel({ snapshot, width, height, colors }: ChartPanelProps): React.ReactElement {
  const title: Line = fit([seg("── ", { color: "gray" }), seg("frontiers over time ", { bold: true }), seg("─".repeat(Math.max(0, width - 23)), { color: "gray" })], width, false);
  if (snapshot === undefined) return <LinesView width={width} height={height} lines={[title]} />;
  const { lines, legend } = chartLines(snapshot, width, height - 2, colors);
  return (
    <Box flexDirection="column" width={width} height={height} flexShrink={0}>
      <LinesView width={width} lines={[title]} />
      {lines.slice(0, height - 2).map((l, i) => (
        <Text key={i} wrap="truncate-end">
          {l}
        </Text>
      ))}
      <LinesView width={width} lines={[legend]} />
    </Box>
  );
});
