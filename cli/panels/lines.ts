/**
 * Styled text lines, the panels' common currency: a line is a list of segments, each with an
 * optional color. Panels build lines; the Ink components draw them, and the commands print them
 * (with ANSI colors on a terminal, plain in pipes).
 */
import chalk from "chalk";

/** A run of text with one style. */
export interface Seg {
  /** The text (no newlines). */
  readonly text: string;
  /** A color name Ink and chalk both know (`green`, `gray`, `cyan`, ...). */
  readonly color?: string;
  /** Bold. */
  readonly bold?: boolean;
  /** Dim. */
  readonly dim?: boolean;
}

/** A line of segments. */
export type Line = readonly Seg[];

/** A segment. */
export function seg(text: string, style: Omit<Seg, "text"> = {}): Seg {
  return { text, ...style };
}

/** The text of a line without styles. */
export function plain(line: Line): string {
  return line.map((s) => s.text).join("");
}

/** The length of a line's text. */
export function lineLength(line: Line): number {
  let n = 0;
  for (const s of line) n += s.text.length;
  return n;
}

/** A line cut to `width` characters (an ellipsis marks the cut) or padded with spaces to it. */
export function fit(line: Line, width: number, padTo = true): Line {
  const out: Seg[] = [];
  let left = Math.max(0, width);
  const total = lineLength(line);
  const cut = total > width;
  if (cut) left = Math.max(0, width - 1);
  for (const s of line) {
    if (left <= 0) break;
    const t = s.text.length > left ? s.text.slice(0, left) : s.text;
    out.push({ ...s, text: t });
    left -= t.length;
  }
  if (cut && width > 0) out.push({ text: "…", dim: true });
  else if (padTo && total < width) out.push({ text: " ".repeat(width - total) });
  return out;
}

/** A line as text with ANSI styles (for printing to a terminal). */
export function ansi(line: Line): string {
  return line
    .map((s) => {
      let c = chalk;
      if (s.color !== undefined) c = (chalk as unknown as Record<string, typeof chalk>)[s.color] ?? c;
      if (s.bold) c = c.bold;
      if (s.dim) c = c.dim;
      return c === chalk ? s.text : c(s.text);
    })
    .join("");
}

/** Lines as one string, styled or plain. */
export function render(lines: readonly Line[], colors: boolean): string {
  return lines.map((l) => (colors ? ansi(l) : plain(l)).trimEnd()).join("\n");
}

/** A panel's title row: `── title ─────` across `width`, with an optional note after the title. */
export function titleLine(title: string, width: number, note = ""): Line {
  const head = `── ${title} `;
  const tail = note === "" ? "" : `${note} `;
  const rule = Math.max(0, width - head.length - tail.length);
  return fit([seg("── ", { color: "gray" }), seg(`${title} `, { bold: true }), seg(tail, { color: "gray" }), seg("─".repeat(rule), { color: "gray" })], width);
}
