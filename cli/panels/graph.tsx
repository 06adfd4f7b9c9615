/** The graph panel (its text is made in graph-text.ts): a title with the run's status, then the tree of nodes. */
import React from "react";
import type { Snapshot } from "streamweave";
import { seg, titleLine } from "./lines.js";
import { graphLines, graphTitle } from "./graph-text.js";
import { LinesView } from "./view.js";

/** Props of the graph panel. */
export interface GraphPanelProps {
  /** The picture to draw (undefined: no graph yet). */
  readonly snapshot: Snapshot | undefined;
  /** Columns. */
  readonly width: number;
  /** Rows, title included. */
  readonly height: number;
}

/** The graph panel. */
export const GraphPanel = React.memo(function GraphPanel({ snapshot, width, height }: GraphPanelProps): React.ReactElement {
  if (snapshot === undefined) {
    return <LinesView width={width} lines={[titleLine("graph", width), [seg("no graph yet: const g = new Graph(\"clicks\")", { color: "gray" })]]} height={height} />;
  }
  const t = graphTitle(snapshot);
  return <LinesView width={width} height={height} lines={[titleLine(t.title, width, t.note), ...graphLines(snapshot, width, height - 1)]} />;
});
