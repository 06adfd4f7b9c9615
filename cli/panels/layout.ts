/**
 * Where the panels go, given the terminal's size and what they have to show: the live area (panels,
 * status line, prompt) must stay shorter than the terminal (a taller one makes Ink redraw the whole
 * screen: flicker), and leave room for the transcript above it. Wide terminals get the graph, state and chart side by
 * side; medium ones the chart beside the graph with the state under it; narrow or short ones fewer
 * panels, and a very small one only the status line and the prompt.
 */

/** A panel's size. */
export interface PanelSize {
  /** Columns. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
}

/** Which panels are shown, and their sizes. */
export interface Layout {
  /** Rows the panels take in all (0 when none is shown). */
  readonly height: number;
  /** Arrangement: left column (graph, then state) and a right column (chart), or graph | state | chart. */
  readonly columns: "none" | "one" | "two" | "three";
  /** The graph panel. */
  readonly graph?: PanelSize;
  /** The state panel. */
  readonly state?: PanelSize;
  /** The chart panel. */
  readonly chart?: PanelSize;
}

/** Most rows the panels take. */
export const MAX_PANEL_ROWS = 16;

/** Rows the chart wants (title, plot, legend). */
export const CHART_ROWS = 9;

/** What the panels would like to show. */
export interface Wanted {
  /** Rows the graph panel's content takes (title and header included). */
  readonly graph: number;
  /** Rows the state panel's content takes (title included); 0: no state panel. */
  readonly state: number;
}

/**
 * The layout for a terminal of `cols` × `rows`, when the prompt takes `promptRows` rows (plus the
 * status line); panels take the rows their content wants, within what the terminal allows.
 */
export function layout(cols: number, rows: number, promptRows: number, want: Wanted): Layout {
  const avail = Math.min(MAX_PANEL_ROWS, Math.floor(rows * 0.6), rows - promptRows - 1 - 3); // status line, and at least 3 rows of transcript
  if (cols < 30 || avail < 4) return { height: 0, columns: "none" };
  // the graph over the state: each gets what it wants when both fit; otherwise the state a third
  const stacked = (height: number): { graph: number; state: number } => {
    if (want.state === 0 || height < 7) return { graph: height, state: 0 };
    if (want.graph + want.state <= height) return { graph: want.graph, state: height - want.graph };
    const state = Math.min(want.state, Math.max(3, Math.floor(height / 3)), height - 4);
    return { graph: height - state, state };
  };
  if (cols >= 110) {
    const height = Math.min(avail, Math.max(want.graph, want.state, CHART_ROWS));
    const gw = Math.floor(cols * 0.42);
    if (want.state === 0) return { height, columns: "two", graph: { width: gw, height }, chart: { width: cols - gw - 1, height } };
    const sw = Math.floor(cols * 0.26);
    return { height, columns: "three", graph: { width: gw, height }, state: { width: sw, height }, chart: { width: cols - gw - sw - 2, height } };
  }
  if (cols >= 64) {
    const height = Math.min(avail, Math.max(want.graph + want.state, CHART_ROWS));
    const gw = Math.floor(cols * 0.52);
    const h = stacked(height);
    return { height, columns: "two", graph: { width: gw, height: h.graph }, ...(h.state > 0 ? { state: { width: gw, height: h.state } } : {}), chart: { width: cols - gw - 1, height } };
  }
  const height = Math.min(avail, want.graph + want.state);
  const h = stacked(height);
  return { height, columns: "one", graph: { width: cols, height: h.graph }, ...(h.state > 0 ? { state: { width: cols, height: h.state } } : {}) };
}
