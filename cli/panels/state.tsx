/** The state panel (its text is made in state-text.ts): the watched node's size and most recently changed keys. */
import React from "react";
import type { Snapshot } from "streamweave";
import { compact } from "../format.js";
import { titleLine } from "./lines.js";
import { userState } from "streamweave/internals";
import { stateLines } from "./state-text.js";
import { LinesView } from "./view.js";

/** Props of the state panel. */
export interface StatePanelProps {
  /** The picture to read the state from. */
  readonly snapshot: Snapshot | undefined;
  /** The node to show. */
  readonly node: string | undefined;
  /** Columns. */
  readonly width: number;
  /** Rows, title included. */
  readonly height: number;
}

/** The state panel. */
export const StatePanel = React.memo(function StatePanel({ snapshot, node, width, height }: StatePanelProps): React.ReactElement {
  const view = snapshot?.nodes.find((n) => n.name === node);
  const state = view === undefined ? undefined : userState(view);
  const waiting = state?.waiting !== undefined && state.waiting > 0 ? ` · ${compact(state.waiting)} waiting` : "";
  const note = state !== undefined ? `· ${compact(state.size)} key${state.size === 1 ? "" : "s"}${waiting} · newest first` : "";
  const title = titleLine(node === undefined ? "state" : `state of ${node}`, width, note);
  const body = snapshot === undefined ? [] : stateLines(snapshot, node, width, height - 1);
  return <LinesView width={width} height={height} lines={[title, ...body]} />;
});
