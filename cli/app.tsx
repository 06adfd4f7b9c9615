/**
 * The Ink app: the live area under the transcript. From the top: the panels (graph, state,
 * chart; as many as the terminal has room for), the status line, and the prompt. It fits the
 * terminal (never taller than it, which would make Ink redraw the whole screen) and lays itself
 * out again on resize. Frames come from `Live` (throttled); keystrokes from `Repl` re-render the
 * prompt only (the panels are memoized on their frame).
 */
import React, { useEffect, useState, useSyncExternalStore } from "react";
import { Box, Text, useStdout } from "ink";
import type { Live } from "./live.js";
import type { Repl, ReplState } from "./repl.js";
import { layout, type Layout } from "./panels/layout.js";
import { GraphPanel } from "./panels/graph.js";
import { ChartPanel } from "./panels/chart.js";
import { StatePanel } from "./panels/state.js";
import { StatusLine } from "./panels/status.js";
import type { Snapshot } from "streamweave";

/** Props of the app. */
export interface AppProps {
  /** The controller (prompt, keys, transcript). */
  readonly repl: Repl;
  /** The frames the panels draw. */
  readonly live: Live;
  /** ANSI colors in the chart. */
  readonly colors: boolean;
}

/** The terminal's size, following resizes. */
function useSize(): { cols: number; rows: number } {
  const { stdout } = useStdout();
  const read = (): { cols: number; rows: number } => ({ cols: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const on = (): void => setSize(read());
    stdout.on("resize", on);
    return () => {
      stdout.off("resize", on);
    };
  }, [stdout]);
  return size;
}

/** The app. */
export function App({ repl, live, colors }: AppProps): React.ReactElement {
  const { write } = useStdout();
  const { cols, rows } = useSize();
  useEffect(() => {
    repl.transcript.setWriter(write);
    return () => repl.transcript.setWriter(undefined);
  }, [repl, write]);
  const frame = useSyncExternalStore(live.subscribe, live.frame);
  const ui = useSyncExternalStore(repl.subscribe, repl.state);
  const width = Math.max(10, cols);
  const prompt = promptLines(ui, width);
  const snap = frame.snapshot;
  const watched = repl.session.watchedNode(snap);
  const watchedView = watched === undefined ? undefined : snap?.nodes.find((n) => n.name === watched);
  const lay: Layout = snap === undefined ? { height: 0, columns: "none" } : layout(width, rows, prompt.rows, {
    graph: (snap?.nodes.length ?? 0) + 2,
    state: watchedView === undefined ? 0 : 1 + Math.max(1, watchedView.state?.recent.length ?? 1),
  });
  return (
    <Box flexDirection="column" width={width}>
      <PanelErrors seq={frame.seq}>
        <Panels layout={lay} snapshot={snap} watched={watched} colors={colors} />
      </PanelErrors>
      <StatusLine snapshot={snap} width={width} rate={frame.rate} busy={ui.busy} {...(ui.hint !== undefined ? { hint: ui.hint } : {})} />
      <Prompt lines={prompt.lines} />
    </Box>
  );
}

/** The panels in the arrangement `layout` chose. */
const Panels = React.memo(function Panels({ layout: l, snapshot, watched, colors }: { layout: Layout; snapshot: Snapshot | undefined; watched: string | undefined; colors: boolean }): React.ReactElement | null {
  if (l.columns === "none") return null;
  const graph = l.graph && <GraphPanel snapshot={snapshot} width={l.graph.width} height={l.graph.height} />;
  const state = l.state && <StatePanel snapshot={snapshot} node={watched} width={l.state.width} height={l.state.height} />;
  const chart = l.chart && <ChartPanel snapshot={snapshot} width={l.chart.width} height={l.chart.height} colors={colors} />;
  if (l.columns === "three") {
    return (
      <Box height={l.height} gap={1}>
        {graph}
        {state}
        {chart}
      </Box>
    );
  }
  const left = (
    <Box flexDirection="column" flexShrink={0}>
      {graph}
      {state}
    </Box>
  );
  if (l.columns === "one") return left;
  return (
    <Box height={l.height} gap={1}>
      {left}
      {chart}
    </Box>
  );
});

/** The prompt's lines (the buffer, with a cursor; or the history search) and how many rows they take. */
export function promptLines(ui: ReplState, width: number): { lines: React.ReactElement[]; rows: number } {
  const out: React.ReactElement[] = [];
  let rows = 0;
  const count = (text: string): number => Math.max(1, Math.ceil(text.length / width));
  const e = ui.editor;
  if (e.search !== undefined) {
    const text = `(history search) '${e.search.query}': `;
    const match = e.search.match ?? "";
    out.push(
      <Text key="s">
        <Text color="yellow">{text}</Text>
        {match.split("\n")[0]}
        <Text inverse> </Text>
      </Text>,
    );
    return { lines: out, rows: count(text + match) };
  }
  const textLines = e.text.split("\n");
  const before = e.text.slice(0, e.cursor);
  const cursorLine = before.split("\n").length - 1;
  const cursorCol = e.cursor - (before.lastIndexOf("\n") + 1);
  textLines.forEach((line, i) => {
    const mark = i === 0 && !ui.continuing ? "›" : "…";
    out.push(
      <Text key={`l${i}`}>
        <Text color={ui.busy ? "gray" : "cyan"}>{mark} </Text>
        {i === cursorLine ? (
          <>
            {line.slice(0, cursorCol)}
            <Text inverse>{line[cursorCol] ?? " "}</Text>
            {line.slice(cursorCol + 1)}
          </>
        ) : (
          line
        )}
      </Text>,
    );
    rows += count(`${mark} ${line} `);
  });
  if (e.candidates !== undefined) {
    const shown: string[] = [];
    let len = 0;
    for (const c of e.candidates) {
      if (len + c.length + 2 > width * 2 - 12) break;
      shown.push(c);
      len += c.length + 2;
    }
    const more = e.candidates.length - shown.length;
    const text = shown.join("  ") + (more > 0 ? `  … ${more} more` : "");
    out.push(
      <Text key="c" color="gray">
        {text}
      </Text>,
    );
    rows += count(text);
  }
  return { lines: out, rows };
}

/** The prompt. */
function Prompt({ lines }: { lines: React.ReactElement[] }): React.ReactElement {
  return <Box flexDirection="column">{lines}</Box>;
}

/** Keeps a failing panel from taking the session down: it shows the error instead. */
class PanelErrors extends React.Component<{ seq: number; children: React.ReactNode }, { error: string | undefined }> {
  override state = { error: undefined as string | undefined };

  static getDerivedStateFromError(e: unknown): { error: string } {
    return { error: e instanceof Error ? e.message : String(e) };
  }

  override componentDidUpdate(prev: { seq: number }): void {
    if (prev.seq !== this.props.seq && this.state.error !== undefined) this.setState({ error: undefined }); // try again with the next frame
  }

  override render(): React.ReactNode {
    if (this.state.error !== undefined) {
      return (
        <Text color="red" wrap="truncate-end">
          a panel failed to draw: {this.state.error}
        </Text>
      );
    }
    return this.props.children;
  }
}
