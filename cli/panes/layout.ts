/**
 * Where the panes go, given the terminal's size: the live area (panes, status line, prompt) must
 * stay shorter than the terminal (a taller one makes Ink redraw the whole screen: flicker), and
 * leave room for the transcript above it. Wide terminals get the graph, state and chart side by
 * side; medium ones the chart beside the graph with the state under it; narrow or short ones fewer
 * panes, and a very small one only the status line and the prompt.
 */

/** A pane's size. */
export interface PaneSize {
  /** Columns. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
}

/** Which panes are shown, and their sizes. */
export interface Layout {
  /** Rows the panes take in all (0 when none is shown). */
  readonly height: number;
  /** Arrangement: left column (graph, then state) and a right column (chart), or graph | state | chart. */
  readonly columns: "none" | "one" | "two" | "three";
  /** The graph pane. */
  readonly graph?: PaneSize;
  /** The state pane. */
  readonly state?: PaneSize;
  /** The chart pane. */
  readonly chart?: PaneSize;
}

/** Most rows the panes take. */
export const MAX_PANE_ROWS = 16;

/**
 * The layout for a terminal of `cols` × `rows`, when the prompt takes `promptRows` rows (plus the
 * status line) and `wantState` says whether a node's state is worth a pane.
 */
export function layout(cols: number, rows: number, promptRows: number, wantState: boolean): Layout {
  const free = rows - promptRows - 1 - 3; // status line, and at least 3 rows of transcript
  const height = Math.min(MAX_PANE_ROWS, Math.floor(rows * 0.6), free);
  if (cols < 30 || height < 4) return { height: 0, columns: "none" };
  if (cols >= 110) {
    const gw = Math.floor(cols * 0.42);
    if (!wantState) return { height, columns: "two", graph: { width: gw, height }, chart: { width: cols - gw - 1, height } };
    const sw = Math.floor(cols * 0.26);
    return { height, columns: "three", graph: { width: gw, height }, state: { width: sw, height }, chart: { width: cols - gw - sw - 2, height } };
  }
  if (cols >= 64) {
    const gw = Math.floor(cols * 0.52);
    const sh = wantState && height >= 8 ? Math.min(6, Math.floor(height / 2.5)) : 0;
    return {
      height,
      columns: "two",
      graph: { width: gw, height: height - sh },
      ...(sh > 0 ? { state: { width: gw, height: sh } } : {}),
      chart: { width: cols - gw - 1, height },
    };
  }
  const sh = wantState && height >= 9 ? Math.min(5, Math.floor(height / 3)) : 0;
  return { height, columns: "one", graph: { width: cols, height: height - sh }, ...(sh > 0 ? { state: { width: cols, height: sh } } : {}) };
}
