/**
 * How graphs, runs and their parts print: `util.inspect` text, and the MIME bundle notebooks ask
 * for through `[Symbol.for("Jupyter.display")]()` (text/plain, plus text/html).
 */
import type { Dataflow } from "../runtime/dataflow.js";
import type { Snapshot } from "./model.js";
import { snapshotHtml } from "./html.js";
import { snapshotOf } from "./snapshot.js";
import { snapshotText } from "./text.js";

/** The symbol notebook kernels call for a value's MIME bundle. */
export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** The symbol `util.inspect` calls for a value's printed form. */
export const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** A MIME bundle: representations of one value by MIME type. */
export type MimeBundle = Record<string, string>;

/** The current picture of `df`, without an observer's log or timeline. */
export function pictureOf(df: Dataflow): Snapshot {
  return snapshotOf(df, { events: [], timeline: [], recentState: () => [] });
}

/** The MIME bundle of a graph or run: text, and an HTML table. */
export function dataflowBundle(df: Dataflow): MimeBundle {
  const s = pictureOf(df);
  return { "text/plain": snapshotText(s), "text/html": snapshotHtml(s) };
}
