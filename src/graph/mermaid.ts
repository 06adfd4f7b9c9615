/**
 * Graphs as Mermaid flowcharts: `graph.toMermaid()` writes one, `Graph.fromMermaid` reads it back.
 *
 * The text is a valid Mermaid flowchart (it renders as a picture) that also round-trips the
 * topology: a node per line with its exact name as the label and its kind as a class, an edge
 * per line labelled `out → in`, and `%%` comment lines for what a picture does not show (the graph's
 * name, each node's ports, subgraph port mappings). Subgraphs are drawn as Mermaid subgraphs.
 * Code is not text: reading a graph back needs a registry that makes each kind's node.
 */
import type { Dataflow } from "../runtime/dataflow.js";
import { GraphError } from "../runtime/failure.js";
import { listNames } from "../runtime/topology/names.js";
import type { NodeContext } from "../runtime/context.js";
import type { OperatorLogic } from "../runtime/logic.js";
import type { Summary } from "../time/summary.js";
import { concatLogic } from "../operators/concat.js";
import type { Snapshot } from "../observe/model.js";

/** A node as a Mermaid text describes it. */
export interface MermaidNode {
  /** Full name (`sub/name` inside subgraphs). */
  readonly name: string;
  /** Kind (`input`, `map`, `node`, ...). */
  readonly kind: string;
  /** Input port names. */
  readonly inputs: readonly string[];
  /** Output port names, without `error`. */
  readonly outputs: readonly string[];
}

/** What a registry entry makes for a node: an operator, or a stream-style node function. */
export type MermaidImpl =
  | { readonly logic: OperatorLogic; readonly summary?: Summary | null }
  | { readonly run: (ctx: NodeContext) => unknown; readonly summary?: Summary | null };

/** Makes the node of one kind (inputs are made by the graph itself). */
export type MermaidFactory = (node: MermaidNode) => MermaidImpl;

/** A parsed Mermaid graph. */
export interface MermaidGraph {
  /** The graph's name. */
  readonly name: string;
  /** Nodes in order. */
  readonly nodes: readonly MermaidNode[];
  /** Edges as `[from, to]` port ids. */
  readonly edges: ReadonlyArray<readonly [string, string]>;
  /** Subgraph port mappings, outer → inner. */
  readonly aliases: ReadonlyArray<readonly [string, string]>;
}

const KIND = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The Mermaid text of a dataflow. */
export function toMermaid(df: Dataflow): string {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const name of df.nodes.keys()) {
    let id = `n_${name.replace(/[^A-Za-z0-9_]/g, "_")}`;
    while (used.has(id)) id += "_";
    used.add(id);
    ids.set(name, id);
  }
  const lines = ["flowchart LR", `  %% streamweave graph ${JSON.stringify(df.name)}`];
  const groups = new Map<string, string[]>();
  for (const node of df.nodes.values()) {
    const slash = node.name.lastIndexOf("/");
    const group = slash < 0 ? "" : node.name.slice(0, slash);
    const kind = KIND.test(node.spec.kind) ? node.spec.kind : "node";
    const list = groups.get(group) ?? [];
    list.push(`${ids.get(node.name)}["${escapeLabel(node.name)}"]:::${kind}`);
    groups.set(group, list);
    lines.push(`  %% ports ${JSON.stringify(node.name)} ${JSON.stringify({ kind: node.spec.kind, inputs: node.spec.inputs, outputs: node.spec.outputs })}`);
  }
  for (const [group, members] of groups) {
    if (group === "") {
      for (const m of members) lines.push(`  ${m}`);
    } else {
      lines.push(`  subgraph ${group.replace(/[^A-Za-z0-9_]/g, "_")}_box ["${escapeLabel(group)}"]`);
      for (const m of members) lines.push(`    ${m}`);
      lines.push("  end");
    }
  }
  for (const node of df.nodes.values()) {
    for (const o of node.outputs) {
      for (const e of o.edges) {
        if (!df.nodes.has(e.to.node.name)) continue;
        lines.push(`  ${ids.get(node.name)} -->|"${escapeLabel(`${o.name} → ${e.to.name}`)}"| ${ids.get(e.to.node.name)}`);
      }
    }
  }
  for (const [outer, inner] of df.aliases) lines.push(`  %% alias ${JSON.stringify(outer)} ${JSON.stringify(inner)}`);
  const kinds = new Set([...df.nodes.values()].map((n) => (KIND.test(n.spec.kind) ? n.spec.kind : "node")));
  for (const k of kinds) lines.push(`  classDef ${k} ${k === "input" ? "fill:#e8f4ff,stroke:#3b82f6" : "fill:#f7f7f7,stroke:#999"}`);
  return `${lines.join("\n")}\n`;
}

/**
 * A Mermaid flowchart as `graph.toMermaid()` returns it: prints as its text (`String(d)`, the REPL,
 * `console.log`), and shows as a picture in notebooks (`text/vnd.mermaid`, a Markdown mermaid
 * block for front ends that draw those, and the kernel adds an SVG of the graph).
 */
export class MermaidDiagram {
  /** The diagram of `text`; `picture` is the graph's snapshot now (for pictures drawn from it). */
  constructor(
    readonly text: string,
    readonly picture: () => Snapshot,
  ) {}

  toString(): string {
    return this.text;
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.text.trimEnd();
  }

  /** Its notebook bundle. */
  [Symbol.for("Jupyter.display")](): Record<string, string> {
    return { "text/vnd.mermaid": this.text, "text/markdown": "```mermaid\n" + this.text + "```\n", "text/plain": this.text.trimEnd() };
  }
}

/** Reads the text `toMermaid` writes (or a diagram `graph.toMermaid()` returned). */
export function parseMermaid(text: string | MermaidDiagram): MermaidGraph {
  if (text instanceof MermaidDiagram) text = text.text;
  if (typeof text !== "string") throw new GraphError(`fromMermaid needs the Mermaid text, got ${typeof text}`);
  let name = "graph";
  const nodes: MermaidNode[] = [];
  const byId = new Map<string, string>();
  const edges: Array<[string, string]> = [];
  const aliases: Array<[string, string]> = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const where = `line ${i + 1} ("${line.slice(0, 60)}")`;
    let m: RegExpMatchArray | null;
    if (line === "" || /^flowchart\b|^graph\b|^end$|^subgraph\b|^classDef\b/.test(line)) return;
    if ((m = /^%% streamweave graph (".*")$/.exec(line))) name = parseJson(m[1]!, where) as string;
    else if ((m = /^%% ports (".*?(?<!\\)") (\{.*\})$/.exec(line))) {
      const info = parseJson(m[2]!, where) as { kind: string; inputs: string[]; outputs: string[] };
      nodes.push({ name: parseJson(m[1]!, where) as string, kind: info.kind, inputs: info.inputs, outputs: info.outputs });
    } else if ((m = /^%% alias (".*?(?<!\\)") (".*")$/.exec(line))) aliases.push([parseJson(m[1]!, where) as string, parseJson(m[2]!, where) as string]);
    else if (line.startsWith("%%")) return;
    else if ((m = /^(\S+)\["(.*)"\](?::::[A-Za-z0-9_-]+)?$/.exec(line))) byId.set(m[1]!, unescapeLabel(m[2]!));
    else if ((m = /^(\S+) -->\|"(.*)"\| (\S+)$/.exec(line))) {
      const ports = unescapeLabel(m[2]!).split(" → ");
      const from = byId.get(m[1]!);
      const to = byId.get(m[3]!);
      if (ports.length !== 2 || from === undefined || to === undefined) throw new GraphError(`fromMermaid: cannot read the edge on ${where}: expected \`a -->|"out → in"| b\` between declared nodes`);
      edges.push([`${from}.${ports[0]}`, `${to}.${ports[1]}`]);
    } else throw new GraphError(`fromMermaid: cannot read ${where}; expected a node, an edge or a %% comment as graph.toMermaid() writes them`);
  });
  for (const name of byId.values()) {
    if (!nodes.some((n) => n.name === name)) throw new GraphError(`fromMermaid: node "${name}" has no "%% ports" line, so its kind and ports are unknown`);
  }
  return { name, nodes, edges, aliases };
}

/** Adds the parsed graph's nodes, edges and mappings to `df`, making nodes with `registry`. */
export function buildFromMermaid(df: Dataflow, g: MermaidGraph, registry: Readonly<Record<string, MermaidFactory>>): void {
  if (registry === null || typeof registry !== "object") throw new GraphError("fromMermaid needs a registry: an object mapping each node kind to a function that makes its node");
  for (const n of g.nodes) {
    if (n.kind === "input") {
      df.addInput(n.name);
      continue;
    }
    if (n.kind === "boundary") {
      df.addNode({ name: n.name, kind: n.kind, inputs: n.inputs, outputs: n.outputs, summary: 0, body: { type: "logic", logic: concatLogic() } });
      continue;
    }
    const make = Object.prototype.hasOwnProperty.call(registry, n.kind) ? registry[n.kind] : undefined;
    if (typeof make !== "function") {
      throw new GraphError(`fromMermaid: node "${n.name}" has kind "${n.kind}", which the registry does not know; its kinds are: ${listNames(Object.keys(registry))} (inputs and subgraph boundaries are made without one)`);
    }
    const impl = make(n);
    const summary = impl.summary === undefined ? 0 : impl.summary;
    const body = "logic" in impl ? { type: "logic" as const, logic: impl.logic } : { type: "stream" as const, fn: impl.run };
    df.addNode({ name: n.name, kind: n.kind, inputs: n.inputs, outputs: n.outputs, summary, body });
  }
  for (const [from, to] of g.edges) df.connect(from, to);
  for (const [outer, inner] of g.aliases) df.aliases.set(outer, inner);
}

function escapeLabel(s: string): string {
  return s.replace(/#/g, "#35;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

function unescapeLabel(s: string): string {
  return s.replace(/#quot;/g, '"').replace(/#lt;/g, "<").replace(/#gt;/g, ">").replace(/#35;/g, "#");
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new GraphError(`fromMermaid: cannot read ${where}: bad JSON ${text.slice(0, 40)}`);
  }
}
