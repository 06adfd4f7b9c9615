/**
 * Notebook views of a graph and its run, rendered from the observation model's snapshot.
 *
 * `renderView(snapshot)` is what `show(graph)` / `show(exec)` display and update in place (up to
 * 20 times a second while a graph runs): a MIME bundle with `text/plain` (`snapshotText`) and
 * `text/html`, one fragment with inline styles only (no stylesheet or external resource, and no
 * script but a step panel's buttons') that follows the front end's light or dark theme. It shows:
 *
 * - a header: graph name, run status, mode, the inputs' frontier, node/edge counts, queued items,
 *   failures;
 * - the graph laid out by Graphviz (`@viz-js/viz`, WebAssembly; started once, on the first
 *   call): every node with its kind, items in and out, queue depth, held capabilities, state size
 *   and failures; every port with its frontier; every edge with its frontier and queued items;
 *   subgraphs (`name/...`, two or more nodes or a boundary) as dashed boxes. Above 60 nodes, 150
 *   edges or 300 ports, one box per top-level subgraph with aggregated figures (left to right when
 *   the boxes stand more side by side than in a row), plus a table of the 25 busiest nodes; when
 *   even that is more than 60 boxes, only the table. (1,000 nodes: about 36 kB as a table, 110 kB as
 *   50 subgraph boxes.)
 * - a chart of the inputs', sinks' and watermark frontiers over processing time;
 * - a table per stateful node (up to 6): size and the most recently changed keys with values and
 *   versions;
 * - the failures (count and the last 3) and the last 8 events;
 * - for a step-mode run, a step panel (`steps.ts`): the steps taken, the last 8 step records
 *   newest first, the node that ran last (also drawn with a thick teal border), and, in a live
 *   display (`options.control`), the buttons "Step" and "Step to quiescence" with their script.
 *
 * Speed: while a graph runs, frames differ mostly in numbers, and frames whose numbers keep their
 * number of digits share one Graphviz layout (see `dot.ts`), so a frame of a 10-node graph takes
 * about a millisecond, a new layout a few; the first call adds Graphviz's start (about 20 ms;
 * `graphviz()` starts it ahead of time).
 *
 * User data (names, ports, items, keys, values, messages) is escaped everywhere: in the DOT text
 * given to Graphviz (XML-escaped HTML-like labels, synthetic Graphviz ids) and in the HTML and SVG
 * (`escapeHtml`); control characters are shown as escapes (`\n`, `\u0007`) and long texts are cut.
 *
 * ## Hooks for tests and scripts
 *
 * Stable classes and `data-*` attributes (values are the model's texts, with control characters
 * shown as escapes, HTML-escaped):
 *
 * | element | class | attributes |
 * |---|---|---|
 * | root `<div>` | `streamweave-view` | `data-graph`, `data-status` (idle, running, completed, stopped, failed), `data-layout` (`graph`, `grouped`, `table`), `data-nodes`, `data-edges`, `data-queued`, `data-failures`, `data-inputs` (the inputs' frontier) |
 * | status pill | `sw-status` | |
 * | graph picture `<svg>` | `sw-graph` | |
 * | node `<g>` | `node sw-node` (+ `sw-stateful`, `sw-failed`) | `data-node` (name), `data-kind`, `data-status`, `data-items-in`, `data-items-out`, `data-queued`, `data-capabilities` (`5`, `3×2, 7`), `data-failures`, `data-state-size` |
 * | port `<g>` (inside its node) | `sw-port` | `data-port` (`map.in`), `data-direction` (`in`/`out`), `data-frontier` (`[5]`), `data-watermark` (Flink's, `4`, for a single integer frontier), `data-queued` (inputs); its text shows name and frontier, its tooltip all of it |
 * | edge `<g>` | `edge sw-edge` | `data-from`, `data-to` (port ids), `data-frontier`, `data-queued`, `data-batches` |
 * | grouped plan: box `<g>` | `node sw-group` (+ `sw-node` for a lone node) | `data-group` (prefix) or `data-node`, `data-nodes`, `data-queued`, `data-frontier`, `data-failures` |
 * | grouped plan: edge `<g>` | `edge sw-edge` | `data-from-group`, `data-to-group`, `data-edges`, `data-frontier`, `data-queued` |
 * | node table (big graphs) | `sw-nodes`, rows `sw-node-row` | rows: `data-node`, `data-kind`, `data-items-in`, `data-items-out`, `data-queued`; frontier spans: `data-port`, `data-frontier` |
 * | timeline `<svg>` | `sw-timeline` | `data-points` (timeline entries drawn); axes `<g class="sw-axis" data-axis="x|y">`; series `<path class="sw-series" data-series="inputs|outputs|watermark" data-points data-last>` |
 * | state table | `sw-state` (in a `sw-state-card`) | `data-node`, `data-size`; rows `sw-key` with `data-key`, `data-version`, `data-deleted` |
 * | failures | `sw-failures` | `data-count`; items `<li data-node>` |
 * | events | `sw-events`, items `sw-event` | `data-seq`, `data-kind` |
 * | step panel (step mode) | `sw-steps`; count `sw-step-count`; list `sw-step-list`, items `sw-step`; buttons `sw-step-button` (in `sw-step-controls`); reply text `sw-step-status`; code hint `sw-step-hint` | panel: `data-steps`, `data-last-node`, `data-step-view` (the display id, with buttons); items: `data-step`, `data-kind`, `data-node`; buttons: `data-action` (`step`, `stepToQuiescence`) |
 * | the node that ran last | `sw-last-step` (added to its node `<g>`) | |
 */
import { snapshotText, type MimeBundle, type Snapshot } from "../../src/internals.js";
import { snapshotDot } from "./dot.js";
import { DEFAULT_LIMITS, type ViewLimits } from "./plan.js";
import { graphSvg } from "./graph-svg.js";
import { viewHtml, type GraphPart } from "./html.js";
import type { TableLimits } from "./tables.js";
import type { StepControl } from "./steps.js";

/** Options of a view: the size limits of the picture and the tables, and the step control. */
export interface ViewOptions {
  /** When to group or leave out the picture (see {@link DEFAULT_LIMITS}). */
  readonly limits?: Partial<ViewLimits>;
  /** How many rows the tables and lists show. */
  readonly tables?: TableLimits;
  /** A step-mode run's buttons send to this display (without it the step panel has no buttons). */
  readonly control?: StepControl;
}

/** The live view of a snapshot as a MIME bundle (text/plain and text/html). Never throws for a well-formed snapshot: a layout failure shows a table instead of the picture. */
export async function renderView(s: Snapshot, options: ViewOptions = {}): Promise<MimeBundle> {
  return { "text/plain": snapshotText(s), "text/html": await renderHtml(s, options) };
}

/** The view's HTML fragment alone. */
export async function renderHtml(s: Snapshot, options: ViewOptions = {}): Promise<string> {
  const limits: ViewLimits = { ...DEFAULT_LIMITS, ...options.limits };
  return viewHtml(s, await graphPart(s, limits), options.tables, options.control);
}

async function graphPart(s: Snapshot, limits: ViewLimits): Promise<GraphPart> {
  const dot = snapshotDot(s, limits);
  if (dot === undefined) return { plan: "table" };
  try {
    const svg = await graphSvg(dot);
    const groups = [...dot.elements.values()].filter((e) => e.cls.split(" ").includes("sw-group")).length;
    return { plan: dot.plan, svg, ...(dot.plan === "grouped" ? { groups } : {}) };
  } catch (err) {
    return { plan: "table", error: err instanceof Error ? err.message : String(err) };
  }
}

export { snapshotDot, dotText, dotString } from "./dot.js";
export type { DotGraph } from "./dot.js";
export { planFor, rankShape, DEFAULT_LIMITS } from "./plan.js";
export type { ViewLimits, Plan } from "./plan.js";
export { graphSvg, layoutSvg, fillTexts, graphviz, layoutCounts } from "./graph-svg.js";
export { timelineSvg } from "./timeline.js";
export type { TableLimits } from "./tables.js";
export { stepPanel, markLastNode, lastStepNode, PANEL_STEPS } from "./steps.js";
export type { StepControl } from "./steps.js";
export { STEP_TARGET, stepScript, isViewId } from "./step-script.js";
