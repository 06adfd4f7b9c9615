/**
 * DOT text to inline SVG through Graphviz (`@viz-js/viz`, Graphviz compiled to WebAssembly).
 *
 * One Graphviz instance is created lazily, on the first render, and reused: compiling the WASM
 * module costs tens of milliseconds once; a layout of a small graph then costs a few. Recent
 * layouts are cached by their DOT text. The text laid out is the frame's with the digits of its
 * changing texts zeroed (see `dot.ts`), so while a graph runs, frames whose numbers keep their
 * number of digits reuse one layout and only have their texts put in.
 *
 * Graphviz's SVG is then made fit to sit inside a notebook's HTML: the XML prolog, comments and
 * Graphviz's own `id`s (which would collide between two views on one page) go; the foreground
 * colour becomes `currentColor` (light and dark themes); and each element the DOT text gave an
 * id gets the classes, `data-*` attributes and tooltip {@link DotGraph.elements} holds for it.
 */
import { instance, type Viz } from "@viz-js/viz";
import type { DotGraph, ElementInfo } from "./dot.js";
import { FG, MONO, SANS, SANS_STACK, escapeHtml, visible } from "./style.js";

let viz: Promise<Viz> | undefined;

/** The shared Graphviz instance (created on first use; a failed start is retried next time). */
export function graphviz(): Promise<Viz> {
  if (viz === undefined) {
    viz = instance();
    viz.catch(() => {
      viz = undefined;
    });
  }
  return viz;
}

const CACHE_SIZE = 16;
const cache = new Map<string, string>();
const counts = { layouts: 0, reused: 0 };

/** How many layouts Graphviz computed and how many were reused from the cache, since the process started. */
export function layoutCounts(): { readonly layouts: number; readonly reused: number } {
  return { ...counts };
}

/** Graphviz's SVG for `dot` (laid out with `dot`), from the cache when the same text was laid out recently. Throws on a Graphviz error. */
export async function layoutSvg(dot: string): Promise<string> {
  const hit = cache.get(dot);
  if (hit !== undefined) {
    counts.reused++;
    cache.delete(dot);
    cache.set(dot, hit);
    return hit;
  }
  const v = await graphviz();
  let result;
  try {
    result = v.render(dot, { format: "svg", engine: "dot" });
  } catch (err) {
    // A trap inside the WASM module can leave it unusable: start a fresh one next time.
    viz = undefined;
    throw err;
  }
  if (result.status !== "success") throw new Error(`Graphviz: ${result.errors.map((e) => e.message).join("; ")}`);
  counts.layouts++;
  cache.set(dot, result.output);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return result.output;
}

/**
 * The picture of `g` as inline SVG, ready to sit in the view's HTML: the (cached) layout of
 * `g.layout` with this frame's texts put in; with `direct`, or should the texts not fit the
 * layout's cells, the layout of `g.dot` itself (the same picture, laid out for this frame alone).
 */
export async function graphSvg(g: DotGraph, direct = false): Promise<string> {
  let svg = fillTexts(await layoutSvg(direct ? g.dot : g.layout), g.texts);
  if (svg === undefined) {
    const real = await layoutSvg(g.dot);
    svg = fillTexts(real, g.texts) ?? real;
  }
  return decorate(svg, g);
}

/**
 * Graphviz's SVG with the text of every run in the cells and edge labels that `texts` names
 * replaced by the given (escaped) texts, in order; `undefined` when the runs there do not match.
 */
export function fillTexts(svg: string, texts: ReadonlyMap<string, readonly string[]>): string | undefined {
  let ok = true;
  let filled = 0;
  const fill = (id: string, body: string): string => {
    const runs = texts.get(id);
    if (runs === undefined) return body;
    filled++;
    let i = 0;
    const out = body.replace(/(<text[^>]*>)([^<]*)<\/text>/g, (whole, open: string, was: string) => {
      const t = runs[i++];
      // The run must be the one drawn here: the same text but for its digits.
      if (t === undefined || shape(t) !== shape(was)) {
        ok = false;
        return whole;
      }
      return `${open}${t}</text>`;
    });
    if (i !== runs.length) ok = false;
    return out;
  };
  let out = svg.replace(/(<g id="a_([^"]*)"><a xlink:title="[^"]*">\n)([\s\S]*?)(<\/a>\n<\/g>)/g, (_, open: string, id: string, body: string, close: string) => open + fill(id, body) + close);
  out = out.replace(/(<g id="([^"]*)" class="edge">\n)([\s\S]*?)(<\/g>)/g, (_, open: string, id: string, body: string, close: string) => open + fill(id, body) + close);
  return ok && filled === texts.size ? out : undefined;
}

/** Text with character references decoded and digits zeroed: what a run and its placeholder share. */
function shape(text: string): string {
  return text
    .replace(/&(?:#(\d+)|#x([\da-f]+)|(amp|lt|gt|quot|apos));/gi, (_, d: string, x: string, name: string) =>
      d !== undefined ? String.fromCodePoint(Number(d)) : x !== undefined ? String.fromCodePoint(parseInt(x, 16)) : ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()]!,
    )
    .replace(/\d/g, "0");
}

/** Attributes for one element: its classes, `data-*` attributes and nothing else (all escaped). */
function attrs(info: ElementInfo, base: string): string {
  let out = ` class="${escapeHtml(base === "" ? info.cls : `${base} ${info.cls}`)}"`;
  for (const [k, v] of Object.entries(info.data)) out += ` data-${k}="${escapeHtml(visible(String(v)))}"`;
  return out;
}

/** Graphviz's SVG made into the view's: see the file's doc. */
export function decorate(svg: string, g: DotGraph): string {
  const start = svg.indexOf("<svg");
  let out = start >= 0 ? svg.slice(start) : svg;
  out = out.replace(/<!--[\s\S]*?-->\n?/g, "");
  // Graphviz's own attributes first, before any user text goes into attributes: shorter numbers,
  // one path per rounded box, text without defaults, the foreground as currentColor.
  out = out.replace(/="(-?\d+)\.00"/g, '="$1"').replace(/-opacity="(0\.\d\d)\d*"/g, '-opacity="$1"');
  // Rounded boxes come as a filled path and a stroked copy of it: one path does both.
  out = out.replace(/<path fill="([^"]*)"((?: fill-opacity="[^"]*")?) stroke="none" d="([^"]*)"\/>\n<path fill="none" (stroke="[^"]*"[^>]*?) d="\3"\/>/g, '<path fill="$1"$2 $4 d="$3"/>');
  out = out.split(`"${FG}"`).join(`"currentColor"`);
  // Text: the sans-serif family and the colour are set once on the root; monospace text names
  // its own family; defaults and blank spacer runs go (Graphviz positions every run itself).
  out = out.replace(/ font-family="([^"]*)"/g, (_, f: string) => (f.startsWith(SANS) ? "" : ` font-family="${f.startsWith(MONO) ? "monospace" : f}"`));
  out = out.replace(/<text ([^>]*)> *<\/text>\n/g, "");
  out = out.replace(/<text ([^>]*)>([^<]*)<\/text>/g, (_, a: string, t: string) => {
    const keep = /^ | $| {2}/.test(t) ? ' xml:space="preserve"' : "";
    return `<text ${a.replace(/ ?xml:space="preserve"| ?text-anchor="start"| ?fill="currentColor"/g, "").trim()}${keep}>${t}</text>`;
  });
  // Nodes, clusters and edges: <g id="swn0" class="node">\n<title>swn0</title>
  out = out.replace(/<g id="([^"]*)" class="([^"]*)">\n<title>[^<]*<\/title>/g, (whole, id: string, cls: string) => {
    const info = g.elements.get(id);
    if (info === undefined) return `<g class="${cls}">`;
    return `<g${attrs(info, cls)}><title>${escapeHtml(visible(info.title))}</title>`;
  });
  // Cells with ids: <g id="a_swi0_0"><a xlink:title="p">...</a>\n</g>. Ports become groups with
  // data attributes; the other cells had ids only to receive their texts and lose the wrapper.
  out = out.replace(/<g id="a_([^"]*)"><a xlink:title="[^"]*">\n([\s\S]*?)<\/a>\n<\/g>\n/g, (whole, id: string, body: string) => {
    const info = g.elements.get(id);
    return info === undefined ? body : `<g${attrs(info, "")}><title>${escapeHtml(visible(info.title))}</title>\n${body}</g>\n`;
  });
  // Graphviz's own ids (graph0, clust1, ...) would collide between views on one page.
  out = out.replace(/ id="[^"]*"/g, "");
  // The graph's name as its tooltip means nothing to the reader.
  out = out.replace(/(<g class="graph"[^>]*>)\n<title>[^<]*<\/title>/, "$1");
  // Wide pictures shrink to fit, but not below 85 % (text stays legible): beyond that they scroll.
  out = out.replace(/<svg width="([\d.]+)pt" height="([\d.]+)pt"/, (_, w: string, h: string) => {
    const pw = Math.ceil(Number(w) * (4 / 3));
    const ph = Math.ceil(Number(h) * (4 / 3));
    return `<svg class="sw-graph" role="img" aria-label="dataflow graph" width="${pw}" height="${ph}" font-family="${SANS_STACK}" fill="currentColor" style="width:clamp(${Math.ceil(pw * 0.85)}px,100%,${pw}px);max-width:none;height:auto;display:block;margin:0 auto;color:inherit;overflow:visible"`;
  });
  return out.trim();
}
