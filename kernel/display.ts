/**
 * What cells show: `show(x)`, `clearOutput()`, and the value of a cell's last expression — the
 * registry of one kernel's displays.
 *
 * Graphs, executions, probes and state stores are shown as live views (`live-view.ts`): a
 * `display_data` with a display id, then `update_display_data` with that id whenever the picture
 * changed, while the graph runs — also after the cell that started it has ended — until the run
 * ends (one last update shows the final frontiers). What each kind of value shows and when it
 * changes is its source (`display-sources.ts`); every bundle has text/plain, so front ends
 * without HTML fall back on text, and none grows past `MAX_BUNDLE_CHARS` (`bundles.ts`).
 * A live view of a step-mode run carries its display id into the picture, for the step panel's
 * buttons, and {@link Displays.shown} remembers which graph or run each display shows, so a step
 * request naming the display finds the run (`step-control.ts`).
 *
 * A live value that is a cell's last expression is shown the same way, as a `display_data` with
 * a display id rather than an `execute_result`, because JupyterLab and VS Code only update
 * outputs by display id when they came as `display_data`. Any other value is an
 * `execute_result`: its own MIME bundle when it has one, else `util.inspect` text.
 */
import type * as Lib from "../src/internals.js";
import { bounded, textOf, type Bundle } from "./bundles.js";
import { isLiveValue, sourceOf, type Source, type SourceContext } from "./display-sources.js";
import { View, type DisplayOutlet, type ShowHandle, type ViewHost } from "./live-view.js";
import type { Runs } from "./preload.js";
import { ShownValues } from "./shown.js";

/** Options of `show`. */
export interface ShowOptions {
  /**
   * Update in place while the graph runs (default for graphs, runs, probes, state stores: until
   * the next cell starts, then the view is frozen as it is); `true`: stay live after that too.
   */
  readonly live?: boolean;
}

/** The displays of one kernel. */
export class Displays implements ViewHost {
  private readonly views = new Set<View>();
  private readonly sources: SourceContext;
  /** Which graph or run each display shows (how a step request finds its run). */
  readonly shown = new ShownValues();

  /**
   * Displays for `lib` (the preloaded library instance, to recognise its values), publishing to
   * `outlet`; `runs` knows every dataflow seen run, to tell when a state store stops changing.
   */
  constructor(
    readonly outlet: DisplayOutlet,
    private readonly lib: typeof Lib,
    runs: Runs,
  ) {
    this.sources = { lib, runs, log: (text) => outlet.log(text) };
  }

  /** `show(value)`: a display of `value`, live when it is a graph, run, probe or state store. */
  show(value: unknown, options: ShowOptions = {}): ShowHandle {
    const source = this.sourceOf(value);
    // A step-mode run's view is a control (its buttons step the run): it is never frozen.
    const view = new View(this, source, options.live ?? this.isLive(value), options.live === true || this.isStepRun(value));
    this.noteShown(view.displayId, value);
    view.open();
    return view;
  }

  /** `clearOutput(wait)`: clears the output of the running cell (with `wait`, once new output comes). */
  clearOutput(wait = false): void {
    this.outlet.publish("clear_output", { wait: Boolean(wait) }, this.outlet.parent());
  }

  /**
   * Shows a cell's value: live values as a live display, others as an `execute_result`. Handles
   * returned by `show` are not shown again.
   */
  result(value: unknown, executionCount: number): void {
    if (value instanceof View) return;
    if (this.isLive(value) && !this.sourceOf(value).finished) {
      this.show(value);
      return;
    }
    const parent = this.outlet.parent();
    const bundle = Promise.resolve()
      .then(() => this.sourceOf(value).render())
      .catch((e: unknown) => ({ "text/plain": textOf(value), ...this.failed(e, undefined) }));
    this.outlet.publishLater(bundle.then((b) => ({ msgType: "execute_result", content: { execution_count: executionCount, data: bounded(b), metadata: {} }, parent })));
  }

  /** The text/plain form of a value (what history keeps as a cell's output). */
  textOf(value: unknown): string {
    return textOf(value);
  }

  /** Sends every update that is waiting (before a cell's `idle`), after letting this turn's notices arrive. */
  async settle(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    await Promise.all([...this.views].map((v) => v.flush()));
  }

  /**
   * The next cell (`In[count]`) starts: every live view made without `{ live: true }` is frozen as
   * it is now, so a saved notebook shows each cell's graph as that cell left it.
   */
  freezeAll(count: number): void {
    for (const v of [...this.views]) if (!v.keepLive) v.freeze(`as of the start of In[${count}]; show(x, { live: true }) keeps a view live`);
  }

  /** Stops every live view. */
  closeAll(): void {
    for (const v of [...this.views]) v.close();
  }

  /** Live views now. */
  get liveCount(): number {
    return this.views.size;
  }

  /** Remembers the graph or run display `id` shows. */
  noteShown(id: string, value: unknown): void {
    if (value instanceof this.lib.Graph || value instanceof this.lib.Execution) this.shown.note(id, value);
  }

  /** Counts `v` among the live views. */
  remember(v: View): void {
    this.views.add(v);
  }

  /** Stops counting `v`. */
  forget(v: View): void {
    this.views.delete(v);
  }

  /** A bundle saying a rendering failed (the view lives on). */
  failed(e: unknown, source: Source | undefined): Bundle {
    this.outlet.log(`rendering a view failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    const what = source === undefined ? "value" : "view";
    return { "text/plain": `(the ${what} could not be rendered: ${e instanceof Error ? e.message : String(e)})` };
  }

  /** True for a step-mode run, or a graph running in step mode. */
  private isStepRun(value: unknown): boolean {
    const exec = value instanceof this.lib.Execution ? value : value instanceof this.lib.Graph ? value.execution : undefined;
    return exec?.mode === "step";
  }

  /** True for values whose picture changes while a graph runs. */
  isLive(value: unknown): boolean {
    return isLiveValue(this.lib, value);
  }

  /** How `value` renders and changes. */
  sourceOf(value: unknown): Source {
    return sourceOf(this.sources, value);
  }
}
