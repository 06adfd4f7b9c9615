import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { escapeHtml, pictureOf, shortValue, snapshotText, userState, Graph, type Snapshot, type Stream } from "../src/internals.js";
import { dotString, dotText, fillTexts, rankShape, graphSvg, graphviz, layoutSvg, planFor, renderHtml, renderView, snapshotDot, timelineSvg } from "../kernel/render/index.js";
import { chain, clickstream, hostileGraph, HOSTILE, subgraphChain } from "./views-fixtures.js";
import { settle } from "./helpers.js";

const outDir = join(import.meta.dirname, "..", "test-output", "views");

/** Writes `html` into a page of test-output/views (light page unless `dark`); returns the page's path. */
function save(file: string, html: string, dark = false): string {
  mkdirSync(outDir, { recursive: true });
  const [bg, fg] = dark ? ["#1e1e1e", "#d4d4d4"] : ["#ffffff", "#1f2328"];
  const path = join(outDir, file);
  writeFileSync(path, `<!doctype html><meta charset="utf-8"><title>StreamWeave view</title><body style="margin:16px;background:${bg};color:${fg};font:14px system-ui,sans-serif">${html}</body>`);
  return path;
}

/** The opening tags of elements with class `cls` (a whole word), each with its attributes parsed. */
function elements(html: string, cls: string): Array<Record<string, string>> {
  const found: Array<Record<string, string>> = [];
  for (const m of html.matchAll(/<([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    if ((attrs["class"] ?? "").split(" ").includes(cls)) found.push({ tag: m[1]!, ...attrs });
  }
  return found;
}

/** The markup of the `<g>` whose opening tag contains `marker`, up to its matching `</g>`. */
function group(html: string, marker: string): string {
  const start = html.indexOf(marker);
  if (start < 0) return "";
  const open = html.lastIndexOf("<g", start);
  let depth = 0;
  const re = /<g[\s>]|<\/g>/g;
  re.lastIndex = open;
  for (let m = re.exec(html); m !== null; m = re.exec(html)) {
    depth += m[0] === "</g>" ? -1 : 1;
    if (depth === 0) return html.slice(open, m.index + 4);
  }
  return html.slice(open);
}

/** The text content of some markup (tags dropped, entities kept). */
function textOf(markup: string): string {
  return markup.replace(/<title>[^<]*<\/title>/g, "").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ");
}

const ALLOWED_TAGS = new Set(["div", "span", "b", "i", "code", "table", "thead", "tbody", "tr", "th", "td", "ul", "ol", "li", "svg", "g", "title", "path", "polygon", "polyline", "ellipse", "text", "line", "circle", "a"]);

/** Every `<` opens a well-formed tag from a short allow-list, with double-quoted attribute values free of `<`, `>` and event handlers. */
function expectSafeMarkup(html: string): void {
  const tags = html.match(/<[^>]*>/g) ?? [];
  expect(html.split("<").length - 1).toBe(tags.length);
  for (const t of tags) {
    const m = /^<\/?([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*\/?>$/.exec(t);
    expect(m, `malformed tag ${t}`).not.toBeNull();
    expect(ALLOWED_TAGS.has(m![1]!.toLowerCase()), `tag ${t}`).toBe(true);
    for (const a of m![2]!.matchAll(/([\w:-]+)="/g)) {
      expect(/^on/i.test(a[1]!), `event handler in ${t}`).toBe(false);
      expect(/^(src|href|xlink:href|style)$/i.test(a[1]!) && /url\(|javascript:/i.test(t), `resource in ${t}`).toBe(false);
    }
  }
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
}

/** `s` with every node name passed through `rename` (ports, edges and failures follow). */
function renamed(s: Snapshot, rename: (name: string, i: number) => string): Snapshot {
  const names = new Map(s.nodes.map((n, i) => [n.name, rename(n.name, i)]));
  const port = (id: string): string => {
    for (const [from, to] of names) if (id.startsWith(`${from}.`) && s.nodes.some((n) => n.name === from && [...n.inputs, ...n.outputs].some((p) => p.id === id))) return `${to}.${id.slice(from.length + 1)}`;
    return id;
  };
  return {
    ...s,
    nodes: s.nodes.map((n) => ({
      ...n,
      name: names.get(n.name)!,
      inputs: n.inputs.map((p) => ({ ...p, id: port(p.id) })),
      outputs: n.outputs.map((p) => ({ ...p, id: port(p.id) })),
    })),
    edges: s.edges.map((e) => ({ ...e, from: port(e.from), to: port(e.to) })),
    failures: s.failures.map((f) => ({ ...f, node: names.get(f.node) ?? f.node })),
  };
}

describe("the live view (renderView)", () => {
  let example: { snapshot: Snapshot; finish: () => Promise<void> };
  let html: string;

  beforeAll(async () => {
    example = await clickstream();
    html = (await renderView(example.snapshot))["text/html"]!;
  });
  afterAll(async () => {
    await example.finish();
  });

  it("gives text/plain (snapshotText) and one text/html fragment with a root carrying the status", async () => {
    const b = await renderView(example.snapshot);
    expect(Object.keys(b).sort()).toEqual(["text/html", "text/plain"]);
    expect(b["text/plain"]).toBe(snapshotText(example.snapshot));
    const root = elements(html, "streamweave-view");
    expect(root).toHaveLength(1);
    expect(root[0]).toMatchObject({ tag: "div", "data-status": "running", "data-graph": "clickstream", "data-layout": "graph", "data-nodes": "15", "data-inputs": "[24]" });
    expect(html.startsWith("<div class=\"streamweave-view\"")).toBe(true);
    expect(html.endsWith("</div>")).toBe(true);
    // Inline styles only: no stylesheet, script, external resource, or hard-coded black/white in the picture.
    expect(html).not.toMatch(/<style|<link|<script|url\(|https?:\/\/(?!www\.w3\.org)/i);
    expect(html).not.toMatch(/(fill|stroke)="(black|white|#000000|#ffffff)"/i);
    expect(html).toContain('stroke="currentColor"');
    expectSafeMarkup(html);
  });

  it("draws every node with its kind, items in/out, queue depth and held capabilities", () => {
    const drawn = elements(html, "sw-node");
    expect(drawn.map((d) => d["data-node"]).sort()).toEqual(example.snapshot.nodes.map((n) => n.name).sort());
    for (const n of example.snapshot.nodes) {
      const d = drawn.find((x) => x["data-node"] === n.name)!;
      expect(d).toMatchObject({ tag: "g", "data-kind": n.kind, "data-items-in": String(n.stats.itemsIn), "data-items-out": String(n.stats.itemsOut) });
      const body = textOf(group(html, `sw-node${n.state !== undefined ? " sw-stateful" : ""}${n.stats.failures > 0 ? " sw-failed" : ""}" data-node="${n.name}"`));
      expect(body).toContain(`in ${n.stats.itemsIn} · out ${n.stats.itemsOut}`);
      const queued = n.inputs.reduce((a, p) => a + (p.queuedItems ?? 0), 0);
      expect(d["data-queued"]).toBe(String(queued));
      expect(body).toContain(`queue ${queued}`);
      if (n.capabilities.length > 0) {
        const caps = n.capabilities.map((c) => (c.count === 1 ? String(c.time) : `${c.time}×${c.count}`)).join(", ");
        expect(d["data-capabilities"]).toBe(caps);
        expect(body).toContain(`holds ${caps}`);
      }
    }
    const store = drawn.find((d) => d["data-node"] === "store")!;
    expect(Number(store["data-queued"])).toBeGreaterThan(0);
    expect(drawn.find((d) => d["data-node"] === "clicks")).toMatchObject({ "data-capabilities": "24" });
    expect(drawn.find((d) => d["data-node"] === "parse")!["class"]).toContain("sw-failed");
    // Subgraph nodes sit in a cluster box labelled with the prefix.
    expect(html).toMatch(/<g class="cluster">[\s\S]*?>enrich<\/text>/);
  });

  it("shows every port's frontier, on the port and in data-frontier", () => {
    const ports = elements(html, "sw-port");
    const all = example.snapshot.nodes.flatMap((n) => [...n.inputs, ...n.outputs]);
    expect(ports.map((p) => p["data-port"]).sort()).toEqual(all.map((p) => p.id).sort());
    for (const p of all) {
      const d = ports.find((x) => x["data-port"] === p.id)!;
      expect(d["data-frontier"]).toBe(p.frontier.text);
      expect(d["data-watermark"]).toBe(p.frontier.watermark === null ? undefined : String(p.frontier.watermark));
      expect(textOf(group(html, `data-port="${escapeHtml(p.id)}"`))).toContain(`${p.name} ${p.frontier.text}`);
    }
  });

  it("puts its frontier and queued items on every edge", () => {
    const edges = elements(html, "sw-edge");
    expect(edges).toHaveLength(example.snapshot.edges.length);
    for (const e of example.snapshot.edges) {
      const d = edges.find((x) => x["data-from"] === e.from && x["data-to"] === e.to)!;
      expect(d).toMatchObject({ "data-frontier": e.frontier.text, "data-queued": String(e.queuedItems) });
      const body = textOf(group(html, `data-from="${e.from}" data-to="${e.to}"`));
      expect(body).toContain(e.frontier.text);
      if (e.queuedItems > 0) expect(body).toContain(`${e.queuedItems} queued`);
    }
    expect(example.snapshot.edges.some((e) => e.queuedItems > 0)).toBe(true);
  });

  it("shows a state table per stateful node: size and recent keys with values and versions", () => {
    const tables = elements(html, "sw-state");
    const stateful = example.snapshot.nodes.filter((n) => n.state !== undefined);
    expect(tables.map((t) => t["data-node"])).toEqual(stateful.map((n) => n.name));
    // Each table shows the state as its user sees it (userState): each key once, no emptied keys.
    const win = userState(stateful.find((n) => n.kind === "window")!)!;
    expect(tables.find((t) => t["data-node"] === "window")!["data-size"]).toBe(String(win.size));
    const rows = elements(html, "sw-key");
    expect(win.recent.length).toBeGreaterThan(0);
    expect(new Set(win.recent.map((k) => JSON.stringify(k.key))).size).toBe(win.recent.length);
    for (const k of win.recent) {
      const key = escapeHtml(shortValue(k.key));
      expect(rows.some((r) => r["data-key"] === key && r["data-version"] === String(k.version))).toBe(true);
      expect(html).toContain(`>${key}</td>`);
      // A key shown only for its elements waiting for the frontier has no change yet: no version.
      expect(html).toContain(k.version > 0 ? `>v${k.version}</td>` : `data-key="${key}" data-version="0"`);
      if (!k.deleted && k.version > 0) expect(html).toContain(escapeHtml(shortValue(k.value)).slice(0, 40));
      if (k.waiting !== undefined) expect(html).toContain(`· waiting: ${escapeHtml(shortValue(k.waiting[0]!.item)).slice(0, 20)}`);
    }
    // The elements that wait are shown under their keys (the fixture has some).
    expect(win.recent.some((k) => k.waiting !== undefined && k.version === 0)).toBe(true);
    expect(html).toContain(`${win.size} key${win.size === 1 ? "" : "s"}`);
    expect(rows.some((r) => r["data-deleted"] === "true")).toBe(false);
  });

  it("charts the timeline: axes, and a point per timeline entry on each series", () => {
    const tl = example.snapshot.timeline;
    expect(tl.length).toBeGreaterThan(10);
    const chart = elements(html, "sw-timeline").find((e) => e.tag === "svg")!;
    expect(chart["data-points"]).toBe(String(tl.length));
    expect(elements(html, "sw-axis").map((a) => a["data-axis"]).sort()).toEqual(["x", "y"]);
    expect(html).toContain(">now</text>");
    expect(html).toContain(">logical time</text>");
    expect(html).toContain(">processing time</text>");
    const series = elements(html, "sw-series");
    expect(series.map((s) => s["data-series"])).toEqual(["inputs", "outputs", "watermark"]);
    for (const s of series) {
      const key = s["data-series"] as "inputs" | "outputs" | "watermark";
      const values = tl.filter((p) => p[key] !== null);
      expect(s["data-points"]).toBe(String(values.length));
      expect(s["d"]!.match(/[MV]/g)!.length).toBe(values.length);
      expect(s["data-last"]).toBe(String(values[values.length - 1]![key]));
    }
  });

  it("says how a checkpointed run's checkpoints stand in its header (and nothing for a run without a store)", async () => {
    const checkpoints = { store: "/tmp/job.db", inProgress: false, taken: 3, last: { id: 3, at: 0, frontier: "[12]", keys: 5, bytes: 90, durationMs: 2 }, text: "3 taken · last #3 at [12] (5 keys, 90 B, 2 ms) · restored from #1 at [4]" };
    const withStore = await renderHtml({ ...example.snapshot, checkpoints });
    const c = elements(withStore, "sw-checkpoints");
    expect(c).toHaveLength(1);
    expect(c[0]!["title"]).toBe("/tmp/job.db");
    expect(withStore).toContain("checkpoints: 3 taken · last #3 at [12] (5 keys, 90 B, 2 ms) · restored from #1 at [4]");
    expect(elements(html, "sw-checkpoints")).toHaveLength(0);
  });

  it("lists the failures compactly and the last few events", () => {
    const f = elements(html, "sw-failures");
    expect(f).toHaveLength(1);
    expect(f[0]!["data-count"]).toBe(String(example.snapshot.failureCount));
    expect(html).toContain("cannot parse query in /search?q=x");
    expect(html).toContain(`… ${example.snapshot.failureCount - 3} earlier`);
    const ev = elements(html, "sw-event");
    const last = example.snapshot.events.slice(-8).reverse();
    expect(ev.map((e) => e["data-seq"])).toEqual(last.map((e) => String(e.seq)));
  });

  it("writes an example rendering to test-output/views (light and dark page)", async () => {
    const pages = [
      { path: save("example.html", html), bg: "#ffffff", fg: "#1f2328" },
      { path: save("example-dark.html", html, true), bg: "#1e1e1e", fg: "#d4d4d4" },
    ];
    for (const { path, bg, fg } of pages) {
      const page = readFileSync(path, "utf8");
      expect(page.startsWith(`<!doctype html><meta charset="utf-8"><title>StreamWeave view</title><body style="margin:16px;background:${bg};color:${fg};`)).toBe(true);
      expect(page.endsWith(`${html}</body>`)).toBe(true);
      // The whole picture: the graph, every node by name, the state tables and the timeline chart.
      expect(elements(page, "streamweave-view")[0]).toMatchObject({ "data-graph": "clickstream", "data-layout": "graph" });
      const nodes = elements(page, "sw-node").map((d) => d["data-node"]);
      for (const n of example.snapshot.nodes) expect(nodes).toContain(escapeHtml(n.name));
      expect(page).toContain("<svg");
      expect(elements(page, "sw-state").length).toBeGreaterThan(0);
      expect(elements(page, "sw-timeline").some((e) => e.tag === "svg")).toBe(true);
    }
    const hostile = await hostileGraph();
    let hostileHtml: string;
    try {
      hostileHtml = (await renderView(hostile.snapshot))["text/html"]!;
    } finally {
      await hostile.finish();
    }
    const page = readFileSync(save("hostile.html", hostileHtml), "utf8");
    const body = page.slice(page.indexOf("<body"));
    expect(body.slice(body.indexOf(">") + 1, -"</body>".length)).toBe(hostileHtml);
    expect(elements(page, "streamweave-view")[0]).toMatchObject({ "data-layout": "graph", "data-graph": escapeHtml("<script>alert('graph')</script>") });
    const hostileNodes = elements(page, "sw-node").map((d) => d["data-node"]);
    for (const n of hostile.snapshot.nodes) expect(hostileNodes).toContain(escapeHtml(n.name));
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expectSafeMarkup(hostileHtml);
  });
});

describe("escaping", () => {
  it("escapes hostile names, ports, items, keys, values and messages in the DOT text, the HTML and the SVG", async () => {
    const { snapshot, finish } = await hostileGraph();
    try {
      expect(snapshot.failureCount).toBeGreaterThan(0);
      const dot = snapshotDot(snapshot)!;
      expect(dot.dot).not.toMatch(/<script|<img|<i>raw|<in>/i);
      expect(dot.dot).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      const b = await renderView(snapshot);
      const html = b["text/html"]!;
      expectSafeMarkup(html);
      expect(elements(html, "streamweave-view")[0]).toMatchObject({ "data-layout": "graph", "data-graph": escapeHtml("<script>alert('graph')</script>") });
      // Every node and port is drawn, its name escaped.
      const nodes = elements(html, "sw-node").map((d) => d["data-node"]);
      for (const n of snapshot.nodes) expect(nodes).toContain(escapeHtml(n.name));
      const ports = elements(html, "sw-port").map((d) => d["data-port"]);
      for (const n of snapshot.nodes) for (const p of [...n.inputs, ...n.outputs]) expect(ports).toContain(escapeHtml(p.id));
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(html).toContain("q&quot;u&#39;o&quot;te&amp;&lt;b&gt;");
      expect(html).toContain("&lt;i&gt;raw&lt;/i&gt;");
      // Keys and values in the state table, the failure message, the events.
      expect(html).toMatch(/data-key="[^"]*&#39;&lt;script&gt;alert\(2\)&lt;\/script&gt;&#39;/);
      expect(html).toContain("&lt;script&gt;alert(&quot;fail&quot;)&lt;/script&gt; &amp; &quot;&lt;img src=x onerror=alert(3)&gt;&quot;");
      expect(b["text/plain"]).toBe(snapshotText(snapshot));
    } finally {
      await finish();
    }
  });

  it("escapes names the library would refuse too: dots, slashes, newlines, backslashes, quotes, control characters", async () => {
    const { snapshot, finish } = await hostileGraph();
    await finish();
    // Two hostile strings per node, so six nodes carry all eight.
    expect(snapshot.nodes).toHaveLength(6);
    const s = renamed(snapshot, (_, i) => `${HOSTILE[i]}${HOSTILE[(i + 6) % 8]}#${i}`);
    const dot = snapshotDot(s)!;
    expect(dot.dot).not.toMatch(/<script/i);
    // No raw control character or line break inside a label; Graphviz accepts the text.
    expect(dot.dot.split("\n").every((line) => !/[\u0000-\u0008\u000b-\u001f]/.test(line))).toBe(true);
    const html = await renderHtml(s);
    expectSafeMarkup(html);
    expect(elements(html, "streamweave-view")[0]!["data-layout"]).toBe("graph");
    const nodes = elements(html, "sw-node").map((d) => d["data-node"]);
    expect(nodes).toHaveLength(s.nodes.length);
    // Control characters appear as escapes (`\n`, `\u0007`), the rest as it is, HTML-escaped.
    expect(nodes.sort()).toEqual(s.nodes.map((n) => escapeHtml(n.name.replace(/\n/g, "\\n").replace(/\t/g, "\\t").replace(/\u0007/g, "\\u0007"))).sort());
    expect(nodes).toContain(escapeHtml("a/b.cnew\\nline\\ttab#5"));
    expect(nodes).toContain(escapeHtml("q\"u'o\"te\\u0007bell#1"));
    // Backslash escapes reach the picture literally (Graphviz did not read \N or \l).
    expect(html).toContain(">back\\slash\\N\\l&lt;script&gt;alert(1)&lt;/script");
    expect(html).not.toContain("\u0007");
    // Names that look like numbers Graphviz writes stay as they are.
    const numeric = await renderHtml(renamed(snapshot, (_, i) => `${i}.00`));
    expect(elements(numeric, "sw-node").map((d) => d["data-node"]).sort()).toEqual(["0.00", "1.00", "2.00", "3.00", "4.00", "5.00"]);
  });

  it("dotText and dotString make any text literal for Graphviz", async () => {
    expect(dotText(`<a href="x">&'</a>\n`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;\\n");
    expect(dotString(`say "\\N"\n`)).toBe(`"say \\"\\\\N\\"\\\\n"`);
    const viz = await graphviz();
    for (const h of HOSTILE) {
      const r = viz.render(`digraph { a [label=${dotString(h)}]; b [label=<${dotText(h)}>] }`, { format: "svg" });
      expect(r.status, h).toBe("success");
      expect(r.output).not.toMatch(/<script/i);
    }
  });
});

describe("frames share layouts", () => {
  /** `s` with the last digit of every count, queue and frontier number moved by `k` (so each keeps its number of digits). */
  function moved(s: Snapshot, k: number): Snapshot {
    const bump = (n: number): number => n - (n % 10) + ((n % 10) + k) % 10;
    const f = <T extends { text: string }>(x: T): T => ({ ...x, text: x.text.replace(/\d+/g, (d) => String(bump(Number(d)))) });
    return {
      ...s,
      nodes: s.nodes.map((n) => ({
        ...n,
        stats: { ...n.stats, itemsIn: bump(n.stats.itemsIn), itemsOut: bump(n.stats.itemsOut) },
        inputs: n.inputs.map((p) => ({ ...p, frontier: f(p.frontier), queuedItems: (p.queuedItems ?? 0) > 0 ? bump(p.queuedItems!) : 0 })),
        outputs: n.outputs.map((p) => ({ ...p, frontier: f(p.frontier) })),
      })),
      edges: s.edges.map((e) => ({ ...e, frontier: f(e.frontier), queuedItems: e.queuedItems > 0 ? bump(e.queuedItems) : 0 })),
    };
  }

  it("a frame's texts go into the shared layout, giving the picture a layout of its own would", async () => {
    const ex = await clickstream();
    const hostile = await hostileGraph();
    try {
      for (const s of [ex.snapshot, moved(ex.snapshot, 3), hostile.snapshot]) {
        const dot = snapshotDot(s)!;
        expect(fillTexts(await layoutSvg(dot.layout), dot.texts)).toBeDefined();
        expect(await graphSvg(dot)).toBe(await graphSvg(dot, true));
      }
      // Numbers with as many digits: one layout, different texts.
      const a = snapshotDot(ex.snapshot)!;
      const b = snapshotDot(moved(ex.snapshot, 3))!;
      expect(b.layout).toBe(a.layout);
      expect(b.dot).not.toBe(a.dot);
      const [sa, sb] = [await graphSvg(a), await graphSvg(b)];
      expect(sb).not.toBe(sa);
      const coords = (svg: string): string[] => svg.match(/ (?:d|points|x|y)="[^"]*"/g)!;
      expect(coords(sb)).toEqual(coords(sa));
      const clicks = (svg: string): string => textOf(group(svg, 'data-node="clicks"'));
      expect(clicks(sa)).toContain("out [24]");
      expect(clicks(sb)).toContain("out [27]");
    } finally {
      await ex.finish();
      await hostile.finish();
    }
  });
});

describe("big graphs", () => {
  it("a 1,000-node chain becomes a bounded table of the busiest nodes", async () => {
    const g = chain(1000);
    const s = g.observe().snapshot();
    expect(planFor(s)).toBe("table");
    const t0 = performance.now();
    const b = await renderView(s);
    const ms = performance.now() - t0;
    const html = b["text/html"]!;
    console.log(`1,000-node chain (table): ${html.length} bytes of HTML, ${b["text/plain"]!.length} of text, ${ms.toFixed(1)} ms`);
    save("table.html", html);
    expect(elements(html, "streamweave-view")[0]).toMatchObject({ "data-layout": "table", "data-nodes": "1000" });
    expect(elements(html, "sw-node-row")).toHaveLength(25);
    expect(html).toContain("… 975 more nodes");
    expect(html).toContain("map ×999 · input ×1");
    expect(html.length).toBeLessThan(40_000);
    expect(b["text/plain"]!.split("\n").length).toBeLessThanOrEqual(45);
    expectSafeMarkup(html);
  });

  it("a 1,001-node graph of 50 subgraphs is drawn as one box per subgraph, bounded", async () => {
    const g = subgraphChain(50, 19);
    const s = g.observe().snapshot();
    expect(s.nodes).toHaveLength(1001);
    expect(planFor(s)).toBe("grouped");
    const t0 = performance.now();
    const html = await renderHtml(s);
    const ms = performance.now() - t0;
    const next = { ...s, now: s.now + 50 };
    const t1 = performance.now();
    await renderHtml(next);
    const again = performance.now() - t1;
    console.log(`1,001 nodes in 50 subgraphs (grouped): ${html.length} bytes of HTML, ${ms.toFixed(1)} ms (new layout), ${again.toFixed(1)} ms (next frame)`);
    save("grouped.html", html);
    expect(elements(html, "streamweave-view")[0]).toMatchObject({ "data-layout": "grouped" });
    const groups = elements(html, "sw-group");
    expect(groups).toHaveLength(51);
    expect(groups.filter((x) => x["data-group"] !== undefined).map((x) => x["data-group"])).toEqual(Array.from({ length: 50 }, (_, k) => `stage${k}`));
    expect(groups.find((x) => x["data-group"] === "stage0")).toMatchObject({ "data-nodes": "20", "data-frontier": "[0]" });
    const edges = elements(html, "sw-edge");
    expect(edges).toHaveLength(50);
    expect(edges[0]).toMatchObject({ "data-from-group": "a", "data-to-group": "stage0", "data-frontier": "[0]" });
    expect(elements(html, "sw-node-row")).toHaveLength(25);
    expect(html.length).toBeLessThan(200_000);
    expectSafeMarkup(html);
  });

  it("subgraphs side by side are grouped and drawn left to right; a chain of them top to bottom", async () => {
    const g = new Graph("wide");
    const a = g.input<number>("a");
    for (let k = 0; k < 40; k++) {
      const sub = g.subgraph(`part${k}`, (sg) => {
        let x: Stream<number> = sg.input<number>("in");
        for (let i = 0; i < 3; i++) x = x.map((v) => v + 1);
        sg.output("out", x);
      });
      a.connectTo(sub.input("in"));
    }
    const wide = snapshotDot(g.observe().snapshot())!;
    expect(wide.plan).toBe("grouped");
    expect(wide.dot).toContain("rankdir=LR");
    expect(snapshotDot(subgraphChain(50, 19).observe().snapshot())!.dot).toContain("rankdir=TB");
    expect(rankShape(3, [{ a: 0, b: 1 }, { a: 1, b: 2 }, { a: 2, b: 0 }])).toEqual({ depth: 1, width: 3 });
    save("wide.html", await renderHtml(g.observe().snapshot()));
  });

  it("a node with many ports wraps them onto rows, every port still drawn with its frontier", async () => {
    const g = new Graph("fan");
    const parts = g.input<number>("a").partition(14, (x) => x % 14);
    parts.forEach((p, k) => (k % 2 === 0 ? p.map((x) => x) : p).capture());
    const s = g.observe().snapshot();
    const html = await renderHtml(s);
    expect(elements(html, "streamweave-view")[0]!["data-layout"]).toBe("graph");
    const ports = elements(html, "sw-port").map((p) => p["data-port"]);
    expect(ports.sort()).toEqual(s.nodes.flatMap((n) => [...n.inputs, ...n.outputs].map((p) => escapeHtml(p.id))).sort());
    expect(elements(html, "sw-edge")).toHaveLength(s.edges.length);
    save("fan.html", html);
  });

  it("a graph just above the detail limit is grouped, and limits can be set per view", async () => {
    const s = chain(61).observe().snapshot();
    expect(planFor(s)).toBe("table"); // 61 nodes, none in a subgraph: 61 boxes are more than 60
    const html = await renderHtml(s, { limits: { graphNodes: 100, graphEdges: 100 } });
    expect(elements(html, "streamweave-view")[0]!["data-layout"]).toBe("graph");
    expect(elements(html, "sw-node")).toHaveLength(61);
  });
});

describe("early and empty pictures", () => {
  it("a graph not yet run (no observer: no timeline or events) and an empty graph still render", async () => {
    const g = new Graph("fresh");
    g.input<number>("a").map((x) => x).capture();
    const html = await renderHtml(pictureOf(g.df));
    expect(elements(html, "streamweave-view")[0]).toMatchObject({ "data-status": "idle", "data-layout": "graph" });
    expect(elements(html, "sw-node")).toHaveLength(3);
    expect(html).toContain("No frontier to chart yet");
    expect(elements(html, "sw-events")).toHaveLength(0);
    expect(timelineSvg([], 0)).toBe("");
    const empty = await renderHtml(pictureOf(new Graph("nothing").df));
    expect(empty).toContain("The graph has no nodes yet.");
    expectSafeMarkup(empty);
  });
});

describe("the views' code", () => {
  it("every file in kernel/render starts with a doc comment and documents its exports", () => {
    const dir = join(import.meta.dirname, "..", "kernel", "render");
    const missing: string[] = [];
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts"))) {
      const text = readFileSync(join(dir, f), "utf8");
      if (!text.trimStart().startsWith("/**")) missing.push(`${f}: no file doc`);
      const lines = text.split("\n");
      lines.forEach((line, i) => {
        if (!/^export (async )?(function|class|interface|type|const)\b/.test(line) || /^export type (\{|\*)/.test(line)) return;
        let j = i - 1;
        while (j >= 0 && lines[j]!.trim() === "") j--;
        if (!lines[j]?.trim().endsWith("*/")) missing.push(`${f}:${i + 1} ${line.slice(0, 60)}`);
      });
    }
    expect(missing).toEqual([]);
  });

  it("kernel/render imports the library only through its entries (src/index.js, src/internals.js)", () => {
    const dir = join(import.meta.dirname, "..", "kernel", "render");
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".ts"))) {
      const imports = [...readFileSync(join(dir, f), "utf8").matchAll(/from "([^"]+)"/g)].map((m) => m[1]!);
      for (const i of imports) expect(i === "../../src/index.js" || i === "../../src/internals.js" || i.startsWith("./") || i === "@viz-js/viz", `${f} imports ${i}`).toBe(true);
    }
  });
});
