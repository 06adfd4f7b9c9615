/**
 * What every notebook view shares: the palette (colours that read on light and dark themes alike),
 * the inline styles, and the small text helpers (compact numbers, clipping, making control
 * characters visible, HTML escaping).
 *
 * Views use no stylesheet: notebook front ends (classic Notebook, JupyterLab, VS Code) each style
 * outputs their own way and strip or scope `<style>`, so every element carries its own `style`.
 * Text uses the front end's colour (`currentColor`, `inherit`); fills are translucent greys or
 * mid-tone accents, which read on white and on near-black backgrounds.
 */
import { escapeHtml, shortValue } from "../../src/internals.js";

export { escapeHtml, shortValue };

/**
 * The foreground colour as Graphviz is told it. Graphviz needs a concrete colour; its SVG comes back
 * with this one replaced by `currentColor` (translucent variants keep their opacity).
 */
export const FG = "#010101";

/**
 * The font Graphviz sizes labels for. Graphviz (in WebAssembly) has no fonts: it estimates text
 * widths from built-in metrics, and it knows DejaVu Sans, whose widths match Verdana's. The SVG
 * asks for {@link SANS_STACK}, fonts of those widths on Linux, macOS and Windows, so labels fit
 * their boxes; with a narrower fallback they only get more room.
 */
export const SANS = "DejaVu Sans";

/** The monospace font Graphviz sizes frontiers for (every monospace font is 0.6 em wide). */
export const MONO = "Courier";

/** The font families the SVG asks for instead of {@link SANS}. */
export const SANS_STACK = "'DejaVu Sans',Verdana,'Bitstream Vera Sans',Geneva,sans-serif";

/** Accent colours: mid-tones that stay legible on light and dark backgrounds. */
export const COLORS = {
  /** Inputs, the inputs' frontier, running. */
  blue: "#3b82f6",
  /** What has come all the way through; completed. */
  green: "#16a34a",
  /** Queued items (back pressure); the watermark. */
  amber: "#d97706",
  /** Failures. */
  red: "#dc2626",
  /** Keyed state. */
  purple: "#9333ea",
  /** Neutral. */
  grey: "#808080",
  /** Step mode: the step panel and the node that ran last. */
  teal: "#0d9488",
} as const;

/** The colour of a run or node status. */
export function statusColor(status: string): string {
  switch (status) {
    case "running":
      return COLORS.blue;
    case "completed":
    case "finished":
      return COLORS.green;
    case "failed":
      return COLORS.red;
    case "stopped":
    case "removed":
      return COLORS.amber;
    default:
      return COLORS.grey;
  }
}

/**
 * Inline styles used in more than one place. Table cells repeat theirs, so they are kept short
 * (`#8884` is a translucent grey); they set what notebook stylesheets would otherwise override
 * (alignment, padding, borders).
 */
export const CSS = {
  /** Monospace text (frontiers, times, keys). */
  mono: "font:11.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace",
  /** Secondary text. */
  muted: "opacity:.68",
  /** A section heading. */
  heading: "margin:10px 0 4px;font-size:11px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;opacity:.7",
  /** A compact table. */
  table: "border-collapse:collapse;margin:0;font-size:12px;color:inherit;background:transparent;table-layout:auto;border:none",
  /** A table row (the line under it; rows carry it so cells need not). */
  tr: "border-bottom:1px solid #8883",
  /** A table header cell. */
  th: "text-align:left;padding:2px 8px;font-weight:600;white-space:nowrap;border-bottom:1px solid #8886",
  /** A table body cell. */
  td: "text-align:left;padding:2px 8px;vertical-align:top;overflow-wrap:break-word",
  /** A numeric table cell. */
  num: "text-align:right;padding:2px 8px;vertical-align:top",
  /** A card around a section. */
  card: "border:1px solid #8885;border-radius:6px;padding:6px 10px 8px;background:#8080800a;min-width:0",
} as const;

/** A small coloured pill with `text` (already escaped). */
export function badge(text: string, color: string, attrs = ""): string {
  return `<span${attrs} style="display:inline-block;padding:0 7px;border-radius:9px;font-size:11px;line-height:17px;font-weight:600;color:#fff;background:${color}">${text}</span>`;
}

/** A count in at most five characters: `999`, `12.3k`, `4.5M`. */
export function compact(n: number): string {
  const a = Math.abs(n);
  if (a < 10_000) return String(n);
  const [d, unit] = a < 1e6 ? [1e3, "k"] : a < 1e9 ? [1e6, "M"] : [1e9, "G"];
  const v = n / d;
  return `${Math.abs(v) < 100 ? v.toFixed(1).replace(/\.0$/, "") : Math.round(v)}${unit}`;
}

/** `text` cut to at most `max` characters (an ellipsis marks the cut). */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  // Do not split a surrogate pair.
  if (cut > 0 && /[\uD800-\uDBFF]/.test(text[cut - 1]!)) cut--;
  return `${text.slice(0, cut)}…`;
}

/**
 * `text` with control characters shown as escapes (`\n`, `\t`, `\u0007`) and lone surrogates
 * replaced, so a name or value stays on one line and is valid XML in Graphviz labels and SVG.
 */
export function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/g, (c) => {
    switch (c) {
      case "\n":
        return "\\n";
      case "\r":
        return "\\r";
      case "\t":
        return "\\t";
      default: {
        const code = c.charCodeAt(0);
        return code >= 0xd800 && code <= 0xdfff ? "\uFFFD" : `\\u${code.toString(16).padStart(4, "0")}`;
      }
    }
  });
}

/** User text made safe for HTML and SVG: control characters made visible, clipped to `max`, escaped. */
export function text(value: string, max = 200): string {
  return escapeHtml(clip(visible(value), max));
}

/** A value printed briefly (`util.inspect`), made visible, clipped and escaped. */
export function valueText(value: unknown, max = 120): string {
  return text(shortValue(value), max);
}

/** A processing-time distance in a short form: `850 ms`, `12.4 s`, `3.2 min`. */
export function duration(ms: number): string {
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 120_000) return `${(ms / 1000).toFixed(a < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}
