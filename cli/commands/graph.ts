/** Commands that look at the current graph: `.graph`, `.nodes`, `.frontier`, `.state`, `.watch`. */
import { nodeLine } from "streamweave/internals";
import { graphLines } from "../panels/graph-text.js";
import { render } from "../panels/lines.js";
import { userState } from "streamweave/internals";
import { stateLines } from "../panels/state-text.js";
import type { Command, SessionContext } from "./types.js";

const nodeNames = (s: SessionContext): string[] => s.portNames().nodes;

/** `.graph [name]`: prints the current graph as a tree, or makes graph `name` current. */
export const graphCommand: Command = {
  name: "graph",
  usage: ".graph [name]",
  help: "Prints the current graph as a tree of nodes with items in and out and frontiers, or picks a graph.\nWith a name, makes that graph current (the panels and commands work on it).",
  record: true,
  args: (s) => s.graphs.map((g) => g.name),
  run(s, args) {
    if (args !== "") {
      const g = s.graphs.find((x) => x.name === args);
      if (g === undefined) {
        s.print("error", `no graph named "${args}"; graphs: ${s.graphs.map((x) => x.name).join(", ") || "(none yet)"}`);
        return "error";
      }
      s.use(g);
      s.print("info", `watching graph "${g.name}"`);
      return;
    }
    s.requireGraph();
    const snap = s.snapshot()!;
    const head = `Graph "${snap.graph}" · ${snap.status}${snap.mode !== undefined ? ` (${snap.mode})` : ""} · ${snap.nodes.length} nodes, ${snap.edges.length} edges · inputs ${snap.inputs.text}`;
    s.print("info", `${head}\n${render(graphLines(snap, s.width), s.options.colors)}`);
  },
};

/** `.nodes`: one line per node. */
export const nodesCommand: Command = {
  name: "nodes",
  usage: ".nodes",
  help: "Lists the nodes of the current graph: kind, input frontiers, items in and out, held capabilities, state.",
  run(s) {
    s.requireGraph();
    const snap = s.snapshot()!;
    s.print("info", snap.nodes.length === 0 ? "no nodes yet" : snap.nodes.map((n) => nodeLine(n)).join("\n"));
  },
};

/** `.frontier [node.port]`: the frontier of one port, or of every port. */
export const frontierCommand: Command = {
  name: "frontier",
  usage: ".frontier [node.port]",
  help: "Prints the frontier at a port (the earliest times that may still arrive there), or at every port.",
  args: (s) => s.portNames().ports,
  run(s, args) {
    const g = s.requireGraph();
    if (args !== "") {
      s.print("value", `${args} ${String(g.frontier(args))}`);
      return;
    }
    const snap = s.snapshot()!;
    const rows: Array<[string, string]> = [];
    for (const n of snap.nodes) for (const p of [...n.inputs, ...n.outputs]) if (p.name !== "error") rows.push([p.id, p.frontier.text]);
    const w = Math.max(0, ...rows.map((r) => r[0].length));
    s.print("value", rows.length === 0 ? "no ports yet" : rows.map(([id, f]) => `${id.padEnd(w)}  ${f}`).join("\n"));
  },
};

/** `.state [node]`: the keyed state of a node. */
export const stateCommand: Command = {
  name: "state",
  usage: ".state [node] [--raw]",
  help:
    "Prints a node's keyed state as you think of it: its size and its most recently changed keys, each once, newest first.\n" +
    "Values and versions are shown; the keys are those changed since the session began watching the graph. Default: the watched node.\n" +
    "--raw shows the operator's own entries instead (per-time indexes, window lists, deletions), every change listed.",
  args: nodeNames,
  run(s, args) {
    s.requireGraph();
    const raw = /(^|\s)--raw(\s|$)/.test(args);
    const arg = args.replace(/(^|\s)--raw(?=\s|$)/, " ").trim();
    const snap = s.snapshot()!;
    const name = arg !== "" ? arg : s.watchedNode(snap);
    const node = snap.nodes.find((n) => n.name === name);
    if (node === undefined) {
      s.print("error", name === undefined ? "no stateful node in this graph" : `no node "${name}"; nodes: ${snap.nodes.map((n) => n.name).join(", ")}`);
      return "error";
    }
    const state = raw ? node.state : userState(node);
    const w = state?.waiting ?? 0;
    const waiting = w > 0 ? `; ${w} item${w === 1 ? " waits" : "s wait"} for the frontier to pass ${w === 1 ? "its time" : "their times"}` : "";
    const head = state === undefined ? `${node.name}: no keyed state` : `${node.name}: ${state.size} key${state.size === 1 ? "" : "s"}${waiting}${state.recent.length > 0 ? (raw ? "; its entries as the operator keeps them, most recent change first:" : "; most recently changed, newest first:") : ""}`;
    const body = state === undefined || state.recent.length === 0 ? "" : `\n${render(stateLines(snap, node.name, Math.max(40, s.width - 2), Infinity, false, raw), s.options.colors).replace(/^/gm, "  ")}`;
    s.print("value", head + body);
  },
};

/** `.watch <node>`: picks the node the state panel shows. */
export const watchCommand: Command = {
  name: "watch",
  usage: ".watch <node> | off",
  help: "Shows a node's keyed state in the state panel (off: back to the first stateful node).",
  record: true,
  args: nodeNames,
  run(s, args) {
    s.requireGraph();
    if (args === "" || args === "off") {
      s.watched = undefined;
      s.print("info", `state panel: ${s.watchedNode(s.snapshot()) ?? "no stateful node"}`);
      return;
    }
    const snap = s.snapshot()!;
    const node = snap.nodes.find((n) => n.name === args);
    const stateful = snap.nodes.filter((n) => n.state !== undefined).map((n) => n.name);
    if (node === undefined) {
      s.print("error", `no node "${args}"; nodes: ${snap.nodes.map((n) => n.name).join(", ")}`);
      return "error";
    }
    s.watched = args;
    s.print("info", node.state !== undefined ? `watching the state of ${args}` : `watching ${args}, which keeps no keyed state (stateful nodes: ${stateful.join(", ") || "none"})`);
  },
};
