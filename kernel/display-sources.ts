/**
 * What a view shows and how it learns of changes, for each kind of live value: graphs and runs
 * (drawn by `kernel/render`), probes and state stores (their bundles, a state store's drawn by the
 * library's `stateBundle`), and any other value (shown once). A source reads its value only
 * through the library's public accessors.
 */
import type * as Lib from "../src/internals.js";
import { bundleOf, withText, type Bundle } from "./bundles.js";
import type { Runs } from "./preload.js";
import { graphSvg, renderView, snapshotDot } from "./render/index.js";

/** What a view renders and how it learns about changes. */
export interface Source {
  /** The picture; `viewId` names the live display it is for (a step-mode run's buttons send there). */
  render(viewId?: string): Promise<Bundle> | Bundle;
  /** Calls `changed` when the picture may have changed and `ended` once it never will again; returns a function that stops it. */
  watch(changed: () => void, ended: () => void): () => void;
  /** True when nothing will change any more (shown once, not live). */
  readonly finished: boolean;
}

/** What sources need: the library instance cells use, the runs the kernel has seen, the kernel's log. */
export interface SourceContext {
  /** The preloaded library (to recognise its values and print snapshots). */
  readonly lib: typeof Lib;
  /** Every run started in this kernel (to find the run a state store belongs to). */
  readonly runs: Runs;
  /** Reports a failure that belongs to no cell. */
  log(text: string): void;
}

/** True for values whose picture changes while a graph runs. */
export function isLiveValue(lib: typeof Lib, value: unknown): boolean {
  return value instanceof lib.Graph || value instanceof lib.Execution || value instanceof lib.Probe || value instanceof lib.MemoryState;
}

/** How `value` renders and changes. */
export function sourceOf(ctx: SourceContext, value: unknown): Source {
  const L = ctx.lib;
  if (value instanceof L.Graph || value instanceof L.Execution) return dataflowSource(ctx, value);
  if (value instanceof L.Probe) return probeSource(value);
  if (value instanceof L.MemoryState) return stateSource(ctx, value);
  if (value instanceof L.MermaidDiagram) return { render: () => mermaidBundle(ctx, value), watch: () => () => undefined, finished: true };
  return { render: () => bundleOf(value), watch: () => () => undefined, finished: true };
}

/** A Mermaid diagram's own bundle, with an SVG of its graph for front ends that draw no Mermaid. */
async function mermaidBundle(ctx: SourceContext, d: Lib.MermaidDiagram): Promise<Bundle> {
  const b = bundleOf(d);
  try {
    const dot = snapshotDot(d.picture());
    if (dot !== undefined) b["image/svg+xml"] = await graphSvg(dot);
  } catch (e) {
    ctx.log(`drawing a Mermaid diagram's graph failed, showing its text: ${e instanceof Error ? e.message : String(e)}`);
  }
  return b;
}

function dataflowSource(ctx: SourceContext, value: Lib.Graph | Lib.Execution): Source {
  let observer: Lib.Observer | undefined;
  return {
    finished: isOver(value.status),
    render: async (viewId) => {
      const s = observer !== undefined ? observer.snapshot() : value.picture();
      try {
        return withText(await renderView(s, viewId !== undefined ? { control: { id: viewId } } : {}), () => ctx.lib.snapshotText(s));
      } catch (e) {
        ctx.log(`renderView failed, showing the library's own bundle: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        return bundleOf(value);
      }
    },
    watch: (changed, ended) => {
      const o = (observer = value.observe());
      const unsubscribe = o.subscribe(changed);
      return untilDone(value.done, ended, () => {
        unsubscribe();
        o.close();
      });
    },
  };
}

function probeSource(probe: Lib.Probe): Source {
  return {
    finished: isOver(probe.status),
    render: () => bundleOf(probe),
    watch: (changed, ended) => {
      const observer = probe.observe();
      const unsubscribe = observer.subscribe(changed);
      return untilDone(probe.whenRunEnds(), ended, () => {
        unsubscribe();
        observer.close();
      });
    },
  };
}

function stateSource(ctx: SourceContext, state: Lib.MemoryState<unknown>): Source {
  const owner = ctx.runs.ownerOf(state);
  return {
    finished: owner !== undefined && isOver(owner.status),
    render: () => ctx.lib.stateBundle(state),
    watch: (changed, ended) => {
      let pending = false;
      const stop = state.watch(() => {
        if (pending) return;
        pending = true;
        setImmediate(() => {
          pending = false;
          changed();
        });
      });
      return untilDone((owner ?? ctx.runs.ownerOf(state))?.done, ended, stop);
    },
  };
}

/**
 * A watch's ending: `ended` once `done` settles (if there is a run), never after the watch was
 * stopped; returns the function that stops the watch (it calls `stop`).
 */
function untilDone(done: Promise<unknown> | undefined, ended: () => void, stop: () => void): () => void {
  let over = false;
  const end = (): void => {
    if (over) return;
    over = true;
    ended();
  };
  if (done !== undefined) done.then(end, end);
  return () => {
    over = true;
    stop();
  };
}

function isOver(status: Lib.RunStatus): boolean {
  return status === "completed" || status === "stopped" || status === "failed";
}
