/**
 * A snapshot as Graphviz DOT text: the graph the live view lays out.
 *
 * Every label is an HTML-like label (`label=<...>`), so the only user text in the DOT source sits
 * inside XML character data: it is made visible (control characters become `\n`, `\u0007`, ...),
 * clipped, and XML-escaped (`&`, `<`, `>`, `"`, `'`). Graphviz identifiers are synthetic (`swn3`,
 * `swe7`, port `i0`/`o1`), never user names, so no quoting or backslash rules of DOT strings
 * apply to user data at all. What the view needs to know about each drawn element (its node name,
 * port id, frontier, counts) travels beside the DOT text in {@link DotGraph.elements}, keyed by the
 * `id` Graphviz copies into its SVG; `graph-svg.ts` turns those into `data-*` attributes.
 *
 * Frames of a live view differ mostly in numbers. Every text that changes between frames (counts,
 * frontiers, capabilities) is a run of its own in a cell or edge label with an id, and the DOT
 * text that is laid out ({@link DotGraph.layout}) has those runs' digits replaced by zeros. Digits
 * are equally wide, so the layout is the same, and frames whose numbers have as many digits share
 * one layout: `graph-svg.ts` lays it out once and puts each frame's texts
 * ({@link DotGraph.texts}) into it. The picture does not jitter and a frame costs a few string
 * operations.
 *
 * Two pictures (`plan.ts` chooses): every node with its ports and subgraphs as boxes around their
 * nodes, or one box per top-level subgraph with aggregated figures.
 */
import type { EdgeView, FrontierView, NodeView, PortView, Snapshot } from "../../src/index.js";
import { DEFAULT_LIMITS, capsText, earliest, groupIndex, groupsOf, nodeOfPort, planFor, prefixesOf, queuedOf, rankShape, subgraphPrefixes, type ViewLimits } from "./plan.js";
import { COLORS, FG, MONO, SANS, compact, escapeHtml, clip, visible } from "./style.js";

/** Port cells per row of a node: more ports wrap onto further rows. */
const PORTS_PER_ROW = 6;

/** What the view attaches to one element Graphviz draws. */
export interface ElementInfo {
  /** Classes added to the element (space-separated). */
  readonly cls: string;
  /** `data-*` attributes (names without the `data-` prefix; values unescaped). */
  readonly data: Readonly<Record<string, string | number>>;
  /** The tooltip (unescaped). */
  readonly title: string;
}

/** DOT text and what to attach to the elements drawn from it. */
export interface DotGraph {
  /** `graph` or `grouped`. */
  readonly plan: "graph" | "grouped";
  /** The DOT source with this frame's texts. */
  readonly dot: string;
  /** The DOT source to lay out: `dot` with the digits of every changing text replaced by zeros. */
  readonly layout: string;
  /**
   * The texts of this frame (escaped), by the id of the cell or edge label that holds them: every
   * text run there, in drawing order.
   */
  readonly texts: ReadonlyMap<string, readonly string[]>;
  /** By the `id` given in the DOT source (`swn0`, `swi0_1`, `swo0_0`, `swe3`, `swg2`). */
  readonly elements: ReadonlyMap<string, ElementInfo>;
}

const OPEN = "\u0001";
const CLOSE = "\u0002";

/** The text runs of the cells and edge labels that carry changing texts, as they are written. */
class Runs {
  readonly texts = new Map<string, string[]>();

  /**
   * One run of `owner` (a cell or edge id), as `<FONT attrs>text</FONT>`: `text` is escaped and
   * not blank; a `changing` run gets its digits zeroed in the layout.
   */
  run(owner: string, text: string, attrs: string, changing = true, bold = false): string {
    let list = this.texts.get(owner);
    if (list === undefined) this.texts.set(owner, (list = []));
    list.push(text);
    const t = changing ? `${OPEN}${text}${CLOSE}` : text;
    return `<FONT${attrs}>${bold ? `<B>${t}</B>` : t}</FONT>`;
  }

  /**
   * A row of facts (`in 5`, `out 3`, `queue 0`) separated by dots, each fact in a cell of its own
   * (ids `owner_0`, `owner_1`, ...): Graphviz guesses the width of non-ASCII text such as `·`
   * generously, and a guess only pads the cell it is in rather than shifting the runs after it.
   */
  facts(owner: string, facts: readonly Fact[]): string {
    const cells = facts.map((f, k) => {
      const id = `${owner}_${k}`;
      const dot = k > 0 ? `<TD><FONT${SMALL} COLOR="${FG}70"> · </FONT></TD>` : "";
      return `${dot}<TD ID="${id}" TOOLTIP="p">${this.run(id, f.text, `${SMALL}${f.color !== undefined ? ` COLOR="${f.color}"` : ""}`, f.changing ?? true, f.bold ?? false)}</TD>`;
    });
    return `<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>${cells.join("")}</TR></TABLE>`;
  }

  /** The DOT text for this frame and the one to lay out, from text written with changing runs marked. */
  finish(plan: "graph" | "grouped", marked: string, elements: ReadonlyMap<string, ElementInfo>): DotGraph {
    const dot = marked.replace(/[\u0001\u0002]/g, "");
    const layout = marked.replace(/\u0001([^\u0002]*)\u0002/g, (_, t: string) => t.replace(/&#?\w+;|\d/g, (m) => (m.length > 1 ? m : "0")));
    return { plan, dot, layout, texts: this.texts, elements };
  }
}

const SMALL = ` POINT-SIZE="8"`;

/** One fact in a row of facts. */
interface Fact {
  /** The text (escaped). */
  readonly text: string;
  /** Its colour. */
  readonly color?: string;
  /** Whether it changes between frames (default true). */
  readonly changing?: boolean;
  /** Bold. */
  readonly bold?: boolean;
}

/** Text for an HTML-like Graphviz label: visible, clipped to `max` characters, XML-escaped. */
export function dotText(value: string, max = 60): string {
  return escapeHtml(clip(visible(value), max));
}

/**
 * Text for a double-quoted DOT string (`"..."`): visible, clipped, with `\` and `"` escaped so
 * Graphviz reads it literally (no `\N`, `\G` or `\l` escapes). The views use HTML-like labels for
 * all user text; this is for callers that want plain DOT strings.
 */
export function dotString(value: string, max = 200): string {
  return `"${clip(visible(value), max).replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** The DOT text of `s` for the plan its size calls for (`undefined` for the table plan: nothing to draw). */
export function snapshotDot(s: Snapshot, limits: ViewLimits = DEFAULT_LIMITS): DotGraph | undefined {
  const plan = planFor(s, limits);
  if (plan === "table") return undefined;
  return plan === "graph" ? detailDot(s) : groupedDot(s);
}

// ---- the detailed picture -----------------------------------------------------------------------

const HEAD = [
  `digraph G {`,
  `graph [rankdir=TB bgcolor="transparent" fontname="${SANS}" fontcolor="${FG}" fontsize=10 nodesep=0.3 ranksep=0.32 pad=0.06 margin=0 outputorder=edgesfirst];`,
  `node [shape=plain fontname="${SANS}" fontsize=10 fontcolor="${FG}"];`,
  `edge [fontname="${SANS}" fontsize=8 fontcolor="${FG}" color="${FG}80" arrowsize=0.55 penwidth=1];`,
];

function detailDot(s: Snapshot): DotGraph {
  const runs = new Runs();
  const elements = new Map<string, ElementInfo>();
  const ports = new Map<string, string>(); // port id -> "swnI:pJ:side"
  const lines = [...HEAD];
  const nodeLines = new Map<string, string>();
  const prefixes = subgraphPrefixes(s.nodes);
  s.nodes.forEach((n, i) => {
    const id = `swn${i}`;
    const inside = prefixesOf(n.name, prefixes).pop();
    const short = inside === undefined ? n.name : n.name.slice(inside.length + 1);
    nodeLines.set(n.name, `${id} [id="${id}" label=<${nodeLabel(n, short, i, runs, elements, ports)}>];`);
    elements.set(id, {
      cls: `sw-node${n.state !== undefined ? " sw-stateful" : ""}${n.stats.failures > 0 ? " sw-failed" : ""}`,
      data: {
        node: n.name,
        kind: n.kind,
        status: n.status,
        "items-in": n.stats.itemsIn,
        "items-out": n.stats.itemsOut,
        queued: queuedOf(n),
        capabilities: capsText(n),
        failures: n.stats.failures,
        ...(n.state !== undefined ? { "state-size": n.state.size } : {}),
      },
      title: `${n.name} (${n.kind}, ${n.status})`,
    });
  });
  lines.push(...clusters(s.nodes, prefixes, nodeLines));
  s.edges.forEach((e, k) => {
    const a = ports.get(e.from);
    const b = ports.get(e.to);
    if (a === undefined || b === undefined) return;
    const id = `swe${k}`;
    lines.push(`${a} -> ${b} [id="${id}" ${edgeStyle(e.frontier, e.queuedItems)} label=<${edgeLabel(id, e.frontier, e.queuedItems, 1, runs)}>];`);
    elements.set(id, {
      cls: "sw-edge",
      data: { from: e.from, to: e.to, frontier: e.frontier.text, queued: e.queuedItems, batches: e.queuedBatches },
      title: `${e.from} → ${e.to}: frontier ${e.frontier.text}${e.queuedItems > 0 ? `, ${e.queuedItems} items queued` : ""}`,
    });
  });
  lines.push("}");
  return runs.finish("graph", lines.join("\n"), elements);
}

/** Nodes nested in clusters by their subgraph prefixes (`a/b/x` sits in cluster `a`, inside it `a/b`). */
function clusters(nodes: readonly NodeView[], prefixes: ReadonlySet<string>, nodeLines: Map<string, string>): string[] {
  interface Tree {
    readonly children: Map<string, Tree>;
    readonly lines: string[];
  }
  const root: Tree = { children: new Map(), lines: [] };
  for (const n of nodes) {
    let t = root;
    for (const p of prefixesOf(n.name, prefixes)) {
      let c = t.children.get(p);
      if (c === undefined) t.children.set(p, (c = { children: new Map(), lines: [] }));
      t = c;
    }
    t.lines.push(nodeLines.get(n.name)!);
  }
  let k = 0;
  const emit = (t: Tree, parent: string, depth: number): string[] => {
    const out = [...t.lines];
    for (const [p, c] of t.children) {
      const label = parent === "" ? p : p.slice(parent.length + 1);
      out.push(
        `subgraph cluster_${k++} {`,
        `graph [label=<<B>${dotText(label, 40)}</B>> labeljust=l style="rounded,dashed" color="${FG}55" bgcolor="${COLORS.grey}${depth % 2 === 0 ? "0c" : "14"}" fontsize=10 margin=10];`,
        ...emit(c, p, depth + 1),
        `}`,
      );
    }
    return out;
  };
  return emit(root, "", 0);
}

function nodeLabel(n: NodeView, short: string, i: number, runs: Runs, elements: Map<string, ElementInfo>, ports: Map<string, string>): string {
  const failed = n.stats.failures > 0 || n.status === "failed";
  const done = n.status === "finished" || n.status === "removed";
  const border = failed ? COLORS.red : n.kind === "input" ? COLORS.blue : n.state !== undefined ? COLORS.purple : `${FG}90`;
  const fill = failed ? `${COLORS.red}1c` : n.kind === "input" ? `${COLORS.blue}18` : n.state !== undefined ? `${COLORS.purple}14` : `${COLORS.grey}12`;
  const rows: string[] = [];
  const portRow = (list: readonly PortView[], dir: "in" | "out"): void => {
    if (list.length === 0) return;
    const cells = list.map((p, j) => {
      const pid = `sw${dir === "in" ? "i" : "o"}${i}_${j}`;
      const port = `${dir === "in" ? "i" : "o"}${j}`;
      // Edges meet a port at the node's top or bottom side, unless ports wrap onto several rows.
      const side = list.length > PORTS_PER_ROW ? "" : dir === "in" ? ":n" : ":s";
      ports.set(p.id, `swn${i}:${port}${side}`);
      elements.set(pid, {
        cls: "sw-port",
        data: {
          port: p.id,
          direction: dir,
          frontier: p.frontier.text,
          ...(p.frontier.watermark !== null ? { watermark: p.frontier.watermark } : {}),
          ...(p.queuedItems !== undefined ? { queued: p.queuedItems } : {}),
        },
        title: `${p.id}: frontier ${p.frontier.text}${p.frontier.watermark !== null ? ` (Flink watermark ${p.frontier.watermark})` : ""}${p.queuedItems ? `, ${p.queuedItems} items queued` : ""}`,
      });
      const dim = (dir === "out" && p.name === "error") || p.frontier.done;
      const color = ` COLOR="${dim ? `${FG}80` : FG}"`;
      // Runs are recorded in the order they are drawn.
      const name = runs.run(pid, `${dotText(p.name, 16)} `, `${SMALL}${color}`, false);
      const frontier = runs.run(pid, dotText(p.frontier.text, 28), `${SMALL}${color} FACE="${MONO}"`);
      const q = p.queuedItems ? runs.run(pid, ` +${compact(p.queuedItems)}`, `${SMALL} COLOR="${COLORS.amber}"`, true, true) : "";
      return `<TD ID="${pid}" PORT="${port}" TOOLTIP="p" CELLPADDING="2">${name}${frontier}${q}</TD>`;
    });
    const lines: string[] = [];
    for (let k = 0; k < cells.length; k += PORTS_PER_ROW) lines.push(`<TR>${cells.slice(k, k + PORTS_PER_ROW).join("")}</TR>`);
    rows.push(`<TR><TD CELLPADDING="0" BGCOLOR="${COLORS.grey}14"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">${lines.join("")}</TABLE></TD></TR>`);
  };
  portRow(n.inputs, "in");
  const kind = n.kind !== short ? ` <FONT${SMALL} COLOR="${FG}99">${dotText(n.kind, 20)}</FONT>` : "";
  rows.push(`<TR><TD CELLPADDING="3"><B>${dotText(short, 32)}</B>${kind}</TD></TR>`);
  const queued = queuedOf(n);
  const counts: Fact[] = [
    { text: `in ${compact(n.stats.itemsIn)}` },
    { text: `out ${compact(n.stats.itemsOut)}` },
    queued > 0 ? { text: `queue ${compact(queued)}`, color: COLORS.amber, bold: true } : { text: "queue 0" },
  ];
  rows.push(`<TR><TD CELLPADDING="2">${runs.facts(`swc${i}`, counts)}</TD></TR>`);
  const extra: Fact[] = [];
  if (n.capabilities.length > 0) extra.push({ text: `holds ${dotText(capsText(n), 30)}`, color: COLORS.blue });
  if (n.state !== undefined) extra.push({ text: `state ${compact(n.state.size)} key${n.state.size === 1 ? "" : "s"}`, color: COLORS.purple });
  if (n.stats.failures > 0) extra.push({ text: `${compact(n.stats.failures)} failed`, color: COLORS.red, bold: true });
  if (n.stats.dropped > 0) extra.push({ text: `${compact(n.stats.dropped)} dropped`, color: COLORS.amber });
  if (done) extra.push({ text: dotText(n.status, 12), color: `${FG}99`, changing: false });
  if (extra.length > 0) rows.push(`<TR><TD CELLPADDING="2">${runs.facts(`swx${i}`, extra)}</TD></TR>`);
  portRow(n.outputs, "out");
  const style = done ? ` STYLE="rounded,dashed"` : ` STYLE="rounded"`;
  return `<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"${style} COLOR="${border}" BGCOLOR="${fill}">${rows.join("")}</TABLE>`;
}

/** An edge's label: its frontier, how many edges it stands for (grouped plan) and the items queued. */
function edgeLabel(id: string, f: FrontierView, queued: number, edges: number, runs: Runs): string {
  let label = runs.run(id, dotText(f.text, 28), `${SMALL} FACE="${MONO}"`);
  if (edges > 1) label += runs.run(id, ` ×${edges}`, `${SMALL} COLOR="${FG}99"`);
  if (queued > 0) label += `<BR/>${runs.run(id, `${compact(queued)} queued`, `${SMALL} COLOR="${COLORS.amber}"`, true, true)}`;
  return label;
}

function edgeStyle(f: FrontierView, queued: number): string {
  // Thicker with every digit of the queue (not its exact size, so frames keep sharing a layout).
  if (queued > 0) return `color="${COLORS.amber}" penwidth=${Math.min(4, 1 + 0.6 * String(Math.round(queued)).length).toFixed(1)}`;
  if (f.done) return `color="${FG}40" style=dashed`;
  return "";
}

// ---- the grouped picture ------------------------------------------------------------------------

function groupedDot(s: Snapshot): DotGraph {
  const runs = new Runs();
  const groups = groupsOf(s);
  const index = groupIndex(groups);
  const elements = new Map<string, ElementInfo>();
  const lines = [...HEAD];
  groups.forEach((g, i) => {
    const id = `swg${i}`;
    const queued = g.nodes.reduce((a, n) => a + queuedOf(n), 0);
    const failures = g.nodes.reduce((a, n) => a + n.stats.failures, 0);
    const caps = g.nodes.reduce((a, n) => a + n.capabilities.reduce((b, c) => b + c.count, 0), 0);
    const stateful = g.nodes.filter((n) => n.state !== undefined).length;
    const frontier = earliest(g.nodes.flatMap((n) => (n.inputs.length > 0 ? n.inputs : n.outputs).map((p) => p.frontier)));
    const only = g.isGroup ? undefined : g.nodes[0]!;
    const color = failures > 0 ? COLORS.red : only?.kind === "input" ? COLORS.blue : g.isGroup ? `${FG}90` : `${FG}70`;
    const sub = g.isGroup ? `${g.nodes.length} nodes` : dotText(only!.kind, 20);
    const fid = `swf${i}`;
    const xid = `swx${i}`;
    const facts: Fact[] = [];
    if (only !== undefined) facts.push({ text: `in ${compact(only.stats.itemsIn)}` }, { text: `out ${compact(only.stats.itemsOut)}` });
    facts.push(queued > 0 ? { text: `queue ${compact(queued)}`, color: COLORS.amber, bold: true } : { text: "queue 0" });
    if (caps > 0) facts.push({ text: `holds ${compact(caps)}`, color: COLORS.blue });
    if (stateful > 0) facts.push({ text: `${stateful} stateful`, color: COLORS.purple });
    if (failures > 0) facts.push({ text: `${compact(failures)} failed`, color: COLORS.red, bold: true });
    const rows = [
      `<TR><TD CELLPADDING="5"><B>${dotText(g.name, 32)}</B> <FONT${SMALL} COLOR="${FG}99">${sub}</FONT></TD></TR>`,
      `<TR><TD ID="${fid}" TOOLTIP="p">${runs.run(fid, dotText(frontier?.text ?? "–", 28), `${SMALL} FACE="${MONO}"`)}</TD></TR>`,
      `<TR><TD>${runs.facts(xid, facts)}</TD></TR>`,
    ];
    const fill = g.isGroup ? `${COLORS.grey}1a` : only?.kind === "input" ? `${COLORS.blue}18` : `${COLORS.grey}0c`;
    lines.push(`${id} [id="${id}" label=<<TABLE BORDER="${g.isGroup ? 2 : 1}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" STYLE="rounded" COLOR="${color}" BGCOLOR="${fill}">${rows.join("")}</TABLE>>];`);
    elements.set(id, {
      cls: g.isGroup ? "sw-group" : "sw-group sw-node",
      data: {
        ...(g.isGroup ? { group: g.name } : { node: g.name, kind: only!.kind }),
        nodes: g.nodes.length,
        queued,
        frontier: frontier?.text ?? "",
        failures,
      },
      title: g.isGroup ? `${g.name}/… (${g.nodes.length} nodes)` : `${g.name} (${only!.kind})`,
    });
  });
  const agg = new Map<string, { a: number; b: number; edges: number; queued: number; frontiers: FrontierView[] }>();
  for (const e of s.edges) {
    const a = index.get(nodeOfPort(s, e.from));
    const b = index.get(nodeOfPort(s, e.to));
    if (a === undefined || b === undefined || a === b) continue;
    const key = `${a} ${b}`;
    let x = agg.get(key);
    if (x === undefined) agg.set(key, (x = { a, b, edges: 0, queued: 0, frontiers: [] }));
    x.edges++;
    x.queued += e.queuedItems;
    x.frontiers.push(e.frontier);
  }
  let k = 0;
  for (const x of agg.values()) {
    const id = `swe${k++}`;
    const f = earliest(x.frontiers)!;
    lines.push(`swg${x.a} -> swg${x.b} [id="${id}" ${edgeStyle(f, x.queued)} label=<${edgeLabel(id, f, x.queued, x.edges, runs)}>];`);
    const from = groups[x.a]!.name;
    const to = groups[x.b]!.name;
    elements.set(id, {
      cls: "sw-edge",
      data: { "from-group": from, "to-group": to, edges: x.edges, frontier: f.text, queued: x.queued },
      title: `${from} → ${to}: ${x.edges} edge${x.edges === 1 ? "" : "s"}, frontier ${f.text}${x.queued > 0 ? `, ${x.queued} items queued` : ""}`,
    });
  }
  // A picture wider than deep (many subgraphs side by side) reads better left to right.
  const shape = rankShape(groups.length, [...agg.values()]);
  if (shape.width > shape.depth) lines[1] = lines[1]!.replace("rankdir=TB", "rankdir=LR");
  lines.push("}");
  return runs.finish("grouped", lines.join("\n"), elements);
}
