/**
 * Assembles the live view's HTML fragment from its parts: a header (graph, status, mode, inputs'
 * frontier, sizes), the step panel (step mode), the failures, the graph picture (or a summary
 * table for big graphs), the timeline chart, the state tables and the recent events.
 *
 * One `<div class="streamweave-view">` with inline styles only: no stylesheet, no external
 * resource, and no script but the step panel's (a step-mode run in a live display). Colours
 * follow the front end's theme (`currentColor`, translucent greys).
 */
import type { Snapshot } from "../../src/index.js";
import { queuedOf, type Plan } from "./plan.js";
import { COLORS, CSS, badge, compact, escapeHtml, statusColor, text } from "./style.js";
import { lastStepNode, markLastNode, stepPanel, type StepControl } from "./steps.js";
import { eventList, failureList, kindSummary, nodeTable, stateTables, type TableLimits } from "./tables.js";
import { timelineLegend, timelineSvg } from "./timeline.js";

/** The graph part of the view, as laid out (or not) by `index.ts`. */
export interface GraphPart {
  /** The plan used. `table` also when Graphviz failed. */
  readonly plan: Plan;
  /** The picture (inline SVG), for the `graph` and `grouped` plans. */
  readonly svg?: string;
  /** Why there is no picture although the plan wanted one. */
  readonly error?: string;
  /** Groups drawn (grouped plan). */
  readonly groups?: number;
}

const section = (title: string, body: string, attrs = "", extra = ""): string =>
  `<div${attrs} style="${CSS.card};flex:1 1 360px${extra}"><div style="${CSS.heading};margin-top:0">${title}</div>${body}</div>`;

/** The whole fragment; a step-mode run gets the step panel, with buttons when `control` says where they send. */
export function viewHtml(s: Snapshot, graph: GraphPart, limits: TableLimits = {}, control?: StepControl): string {
  const queued = s.nodes.reduce((a, n) => a + queuedOf(n), 0);
  const out: string[] = [];
  out.push(
    `<div class="streamweave-view" data-graph="${text(s.graph, 200)}" data-status="${escapeHtml(s.status)}" data-layout="${graph.plan}" data-nodes="${s.nodes.length}" data-edges="${s.edges.length}" data-queued="${queued}" data-failures="${s.failureCount}" data-inputs="${text(s.inputs.text, 200)}" ` +
      `style="font-family:inherit;font-size:13px;line-height:1.4;color:inherit;background:transparent;max-width:1200px;padding:2px 0;text-align:left">`,
  );
  out.push(header(s, queued));
  out.push(stepPanel(s, control));
  out.push(failureList(s, limits));
  out.push(graphSection(s, graph.svg !== undefined ? { ...graph, svg: markLastNode(graph.svg, lastStepNode(s)) } : graph, limits));
  const chart = timelineSvg(s.timeline, s.now);
  const legend = `<div style="font-size:12px;margin-bottom:2px">${timelineLegend(s.timeline)}</div>`;
  const timeline =
    chart !== ""
      ? legend + chart
      : s.timeline.some((p) => p.inputs !== null || p.outputs !== null || p.watermark !== null)
        ? `${legend}<div style="${CSS.muted};font-size:12px">The frontiers have not moved yet: the chart draws them as they do.</div>`
        : s.timeline.length > 0
          ? `<div style="${CSS.muted};font-size:12px">Nothing to chart: the frontiers are done or not integer times.</div>`
          : `<div style="${CSS.muted};font-size:12px">No frontier to chart yet: the timeline fills in while the graph runs under an observer.</div>`;
  const row = [section("Frontiers over processing time", timeline, ` class="sw-timeline-box"`, ";flex:1 1 420px")];
  const states = stateTables(s, limits);
  if (states !== "") row.push(section("Keyed state", states, ` class="sw-state-box"`, ";overflow-x:auto"));
  out.push(`<div style="display:flex;flex-wrap:wrap;gap:10px;margin-top:10px;align-items:flex-start">${row.join("")}</div>`);
  const events = eventList(s, limits);
  if (events !== "") out.push(`<div style="margin-top:10px">${section("Recent events", events, ` class="sw-events-box"`, ";flex:none")}</div>`);
  out.push(`</div>`);
  return out.join("");
}

function header(s: Snapshot, queued: number): string {
  const facts = [
    `inputs <code style="${CSS.mono};background:rgba(128,128,128,0.15);padding:0 4px;border-radius:3px;color:inherit">${text(s.inputs.text, 60)}</code>`,
    `${s.nodes.length} node${s.nodes.length === 1 ? "" : "s"}`,
    `${s.edges.length} edge${s.edges.length === 1 ? "" : "s"}`,
  ];
  if (queued > 0) facts.push(`<span style="color:${COLORS.amber};font-weight:600">${compact(queued)} queued</span>`);
  if (s.failureCount > 0) facts.push(`<span style="color:${COLORS.red};font-weight:600">${compact(s.failureCount)} failure${s.failureCount === 1 ? "" : "s"}</span>`);
  if (s.checkpoints !== undefined) facts.push(`<span class="sw-checkpoints" title="${text(s.checkpoints.store, 200)}">checkpoints: ${text(s.checkpoints.text, 160)}</span>`);
  return (
    `<div class="sw-header" style="display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center;margin-bottom:6px">` +
    `<span style="font-size:15px;font-weight:700">${text(s.graph, 80)}</span>` +
    badge(escapeHtml(s.status), statusColor(s.status), ` class="sw-status"`) +
    (s.mode !== undefined ? `<span style="${CSS.muted}">${text(s.mode, 30)}</span>` : "") +
    `<span style="${CSS.muted}">·</span>` +
    facts.join(`<span style="${CSS.muted}">·</span>`) +
    `</div>`
  );
}

function graphSection(s: Snapshot, graph: GraphPart, limits: TableLimits): string {
  if (s.nodes.length === 0) return `<div class="sw-graph-box" style="${CSS.card};${CSS.muted}">The graph has no nodes yet.</div>`;
  const legend =
    `<div style="font-size:11px;margin-top:4px;${CSS.muted}">` +
    `ports show their frontier · edges show what may still travel them` +
    ` · <span style="color:${COLORS.amber}">amber: items queued</span> · <span style="color:${COLORS.blue}">holds: capabilities</span> · dashed: done</div>`;
  if (graph.plan === "graph" && graph.svg !== undefined) return `<div class="sw-graph-box" style="${CSS.card};overflow-x:auto">${graph.svg}${legend}</div>`;
  const note = (msg: string): string => `<div style="font-size:12px;margin-bottom:6px">${msg}</div>`;
  const kinds = `<div style="font-size:12px;margin-bottom:6px;${CSS.muted}">${kindSummary(s)}</div>`;
  if (graph.plan === "grouped" && graph.svg !== undefined) {
    return (
      `<div class="sw-graph-box" style="${CSS.card};overflow-x:auto">` +
      note(`${s.nodes.length} nodes, drawn as ${graph.groups ?? "?"} boxes: each subgraph (<code style="${CSS.mono}">name/…</code>) is one box; the busiest nodes are listed below.`) +
      graph.svg +
      `<div style="${CSS.heading}">Busiest nodes</div>${kinds}${nodeTable(s, limits)}</div>`
    );
  }
  const why = graph.error !== undefined ? `The graph could not be laid out (${text(graph.error, 200)}); its nodes:` : `${s.nodes.length} nodes are too many to draw; the busiest:`;
  return `<div class="sw-graph-box" style="${CSS.card};overflow-x:auto">${note(why)}${kinds}${nodeTable(s, limits)}</div>`;
}
