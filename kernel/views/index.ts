/**
 * Notebook views of a graph and its run, rendered from the observation model's snapshot.
 *
 * `renderView(snapshot)` is what `show(graph)` / `show(exec)` display and update in place: a
 * MIME bundle with text/plain and text/html. Every piece of user data is escaped.
 */
import { snapshotHtml, snapshotText, type MimeBundle, type Snapshot } from "../../src/index.js";

/** The live view of a snapshot as a MIME bundle (text/plain and text/html). */
export async function renderView(s: Snapshot): Promise<MimeBundle> {
  return { "text/plain": snapshotText(s), "text/html": snapshotHtml(s) };
}
