/** How a probe shows in a notebook: its MIME bundle (text, and one line of HTML naming its port and frontier). */
import type { Antichain } from "../time/antichain.js";
import type { MimeBundle } from "./display.js";
import { escapeHtml } from "./html.js";

/** The MIME bundle of a probe on port `id` whose frontier is `frontier`; `text` is its text/plain form. */
export function probeBundle(id: string, frontier: Antichain, text: string): MimeBundle {
  const f = frontier;
  const w = f.size === 1 && typeof f.elements[0] === "number" ? ` (Flink watermark ${f.elements[0] - 1})` : "";
  return { "text/plain": text, "text/html": `<span class="streamweave-probe">probe <b>${escapeHtml(id)}</b>: frontier <code>${escapeHtml(String(f))}</code>${w}${f.isEmpty ? " — done" : ""}</span>` };
}
