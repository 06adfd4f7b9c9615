/**
 * The step panel of a view of a step-mode run: how many steps were taken, the last few step
 * records (newest first), which node ran last (also marked in the graph picture), and — when the
 * view belongs to a live display the kernel can reach — the buttons "Step" and "Step to
 * quiescence" with the script that wires them to the kernel (`step-script.ts`).
 *
 * Without a script (an output that is not trusted, a front end that strips scripts, a saved
 * notebook, text/plain) the buttons stay hidden and the panel shows the code to type instead.
 */
import type { Snapshot, StepRecord } from "../../src/index.js";
import { stepScript, isViewId } from "./step-script.js";
import { COLORS, CSS, badge, compact, escapeHtml, text } from "./style.js";

/** Step records the panel lists by default. */
export const PANEL_STEPS = 8;

/** Where a view's step control sends its requests: the id of the display it sits in. */
export interface StepControl {
  /** The display id (letters, digits, `-` and `_` only; anything else gets no control). */
  readonly id: string;
}

/** The node the newest step ran (or whose input call it applied), if any. */
export function lastStepNode(s: Snapshot): string | undefined {
  const r = s.steps?.[s.steps.length - 1];
  if (r === undefined) return undefined;
  return r.node ?? (r.call !== undefined && r.call.kind !== "clock" ? r.call.input : undefined);
}

/** True when `s` is a step-mode run (the panel is shown). */
function isStepRun(s: Snapshot): boolean {
  return s.mode === "step" || s.stepCount !== undefined;
}

/** The panel, or `""` for a run that is not in step mode. */
export function stepPanel(s: Snapshot, control?: StepControl, max = PANEL_STEPS): string {
  if (!isStepRun(s)) return "";
  const count = s.stepCount ?? s.steps?.[s.steps.length - 1]?.step ?? 0;
  const running = s.status === "running";
  const last = lastStepNode(s);
  const id = control !== undefined && isViewId(control.id) && running ? control.id : undefined;
  const head =
    `<div style="display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center">` +
    `<span style="${CSS.heading};margin:0">Step mode</span>` +
    badge(`<span class="sw-step-count">${count}</span> step${count === 1 ? "" : "s"}`, COLORS.teal) +
    (last !== undefined ? `<span>last ran: <b class="sw-step-last" style="color:${COLORS.teal}">${text(last, 60)}</b></span>` : `<span style="${CSS.muted}">no step taken yet</span>`) +
    `</div>`;
  const controls =
    id === undefined
      ? ""
      : `<div class="sw-step-controls" hidden style="display:none;margin:6px 0 2px;gap:8px;align-items:center;flex-wrap:wrap">` +
        button("step", "Step", "one node activation or one input call") +
        button("stepToQuiescence", "Step to quiescence", "until no node has work and no input call is queued") +
        `<span class="sw-step-status" style="font-size:12px;${CSS.muted}"></span></div>`;
  const hint = running
    ? `<div class="sw-step-hint" style="font-size:12px;margin:4px 0;${CSS.muted}">Step from a cell: <code style="${CSS.mono}">await exec.step()</code> · <code style="${CSS.mono}">await exec.stepToQuiescence()</code> (<code style="${CSS.mono}">exec</code>: what <code style="${CSS.mono}">g.run({ mode: "step" })</code> returned)</div>`
    : `<div class="sw-step-hint" style="font-size:12px;margin:4px 0;${CSS.muted}">The run has ${text(s.status, 20)}: nothing left to step.</div>`;
  const records = (s.steps ?? []).slice(-max).reverse();
  const list =
    records.length === 0
      ? ""
      : `<ol class="sw-step-list" style="list-style:none;margin:4px 0 0;padding:0;font-size:12px">${records.map((r, i) => stepItem(r, i === 0)).join("")}</ol>`;
  const more = count > records.length && records.length > 0 ? `<div style="font-size:11px;${CSS.muted}">… ${compact(count - records.length)} earlier step${count - records.length === 1 ? "" : "s"}</div>` : "";
  return (
    `<div class="sw-steps" data-steps="${count}" data-last-node="${last !== undefined ? text(last, 200) : ""}"${id !== undefined ? ` data-step-view="${id}"` : ""} style="${CSS.card};margin:6px 0;border-color:${COLORS.teal}88">` +
    head +
    controls +
    hint +
    list +
    more +
    (id !== undefined ? `<script>${stepScript()}</script>` : "") +
    `</div>`
  );
}

function button(action: string, label: string, title: string): string {
  return `<button type="button" class="sw-step-button" data-action="${action}" title="${escapeHtml(title)}" style="font:inherit;font-size:12px;padding:2px 10px;border:1px solid ${COLORS.teal};border-radius:4px;background:${COLORS.teal}22;color:inherit;cursor:pointer">${label}</button>`;
}

function stepItem(r: StepRecord, newest: boolean): string {
  const who = r.node ?? (r.call !== undefined && r.call.kind !== "clock" ? r.call.input : "");
  return (
    `<li class="sw-step" data-step="${r.step}" data-kind="${escapeHtml(r.kind)}"${who !== "" ? ` data-node="${text(who, 200)}"` : ""} style="margin:0;padding:1px 0;overflow-wrap:anywhere${newest ? "" : `;${CSS.muted}`}">` +
    `<span style="${CSS.mono}${newest ? ";font-weight:600" : ""}">${text(r.summary, 400)}</span></li>`
  );
}

/**
 * `svg` (the graph picture) with the node `name` marked as the one that ran last: its box gets the
 * class `sw-last-step` and a thick accent border. Unchanged when the node is not drawn on its own.
 */
export function markLastNode(svg: string, name: string | undefined): string {
  if (name === undefined) return svg;
  const open = new RegExp(`<g class="([^"]*\\bsw-node\\b[^"]*)" data-node="${escapeRegExp(text(name, 200))}"`);
  const m = open.exec(svg);
  if (m === null) return svg;
  const tagged = `<g class="${m[1]} sw-last-step" data-node="${text(name, 200)}"`;
  let out = svg.slice(0, m.index) + tagged + svg.slice(m.index + m[0].length);
  // The node's outline is the first path or polygon of its group: draw it thick, in the accent.
  const from = m.index + tagged.length;
  const shape = /<(path|polygon) ([^>]*?)stroke="[^"]*"(?: stroke-opacity="[^"]*")?/g;
  shape.lastIndex = from;
  const s = shape.exec(out);
  if (s !== null && !out.slice(from, s.index).includes("<g ")) out = out.slice(0, s.index) + `<${s[1]} ${s[2]}stroke="${COLORS.teal}" stroke-width="3"` + out.slice(s.index + s[0].length);
  return out;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
