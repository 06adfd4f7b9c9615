/**
 * The status line: the current graph's run (status and mode), items per second entering it (in
 * step mode: the step count and what the last step ran), its
 * epoch (the inputs' frontier), the watermark when there is one, failures, and what the REPL is
 * doing (evaluating, a hint).
 */
import React from "react";
import type { Snapshot } from "streamweave";
import { compact } from "../format.js";
import { seg, type Line, type Seg } from "./lines.js";
import { LinesView } from "./view.js";

/** What the status line shows besides the snapshot. */
export interface StatusInfo {
  /** Items per second entering the graph. */
  readonly rate: number;
  /** The REPL is evaluating an input. */
  readonly busy: boolean;
  /** A short hint (right-aligned), e.g. "Ctrl+C again exits". */
  readonly hint?: string;
}

const MARK: Record<string, [string, string]> = {
  idle: ["○", "gray"],
  running: ["●", "green"],
  completed: ["✓", "green"],
  stopped: ["■", "yellow"],
  failed: ["✗", "red"],
};

/** The status line's text for `s` within `width` (segments that do not fit are left out, last first). */
export function statusLine(s: Snapshot | undefined, info: StatusInfo, width: number): Line {
  const sep = seg(" │ ", { color: "gray" });
  const parts: Seg[][] = [];
  if (s === undefined) parts.push([seg("○ ", { color: "gray" }), seg("no graph yet")], [seg('const g = new Graph("clicks") makes one', { color: "gray" })]);
  else {
    const [mark, color] = MARK[s.status] ?? ["?", "gray"];
    parts.push([seg(`${mark} `, { color }), seg(s.status, { bold: true }), seg(s.mode !== undefined ? ` ${s.mode}` : "", { color: "gray" })]);
    const last = s.steps?.[s.steps.length - 1];
    if (s.mode === "step") parts.push([seg("step ", { color: "gray" }), seg(String(last?.step ?? 0), { bold: true }), seg(last?.kind === "node" ? ` ${last.node} ran` : last?.kind === "call" ? " input call" : "", { color: "gray" })]);
    else parts.push([seg(`${compact(info.rate)}`, { bold: true }), seg(" in/s", { color: "gray" })]);
    parts.push([seg("epoch ", { color: "gray" }), seg(s.inputs.text, { color: "yellow" })]);
    const wm = s.timeline.length > 0 ? s.timeline[s.timeline.length - 1]!.watermark : null;
    if (wm !== null) parts.push([seg("watermark ", { color: "gray" }), seg(String(wm), { color: "cyan" })]);
    parts.push([seg("errors ", { color: "gray" }), seg(String(s.failureCount), s.failureCount > 0 ? { color: "red", bold: true } : {})]);
    const c = s.checkpoints;
    if (c !== undefined) {
      const what = c.inProgress ? "taking…" : c.last !== undefined ? `#${c.last.id} at ${c.last.frontier}` : c.restoredFrom !== undefined ? `restored #${c.restoredFrom.id}` : "none yet";
      parts.push([seg("checkpoint ", { color: "gray" }), seg(what, { color: c.inProgress ? "yellow" : "green" })]);
    }
  }
  const right: Seg[] = info.busy ? [seg("evaluating… ", { color: "yellow" }), seg("Ctrl+C cancels", { color: "gray" })] : info.hint !== undefined ? [seg(info.hint, { color: "yellow" })] : [seg(".help", { color: "gray" })];
  const rightLen = right.reduce((a, x) => a + x.text.length, 0);
  const left: Seg[] = [];
  let len = 0;
  for (const p of parts) {
    const plen = p.reduce((a, x) => a + x.text.length, 0) + (left.length > 0 ? 3 : 0);
    if (len + plen + rightLen + 1 > width && left.length > 0) break;
    if (left.length > 0) left.push(sep);
    left.push(...p);
    len += plen;
  }
  const gap = Math.max(1, width - len - rightLen);
  return len + gap + rightLen <= width ? [...left, seg(" ".repeat(gap)), ...right] : left;
}

/** Props of the status line. */
export interface StatusLineProps extends StatusInfo {
  /** The picture (undefined: no graph). */
  readonly snapshot: Snapshot | undefined;
  /** Columns. */
  readonly width: number;
}

/** The status line. */
export const StatusLine = React.memo(function StatusLine({ snapshot, width, ...info }: StatusLineProps): React.ReactElement {
  return <LinesView width={width} height={1} lines={[statusLine(snapshot, info, width)]} />;
});
