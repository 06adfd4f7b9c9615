/**
 * What cells show: `show(x)`, `clearOutput()`, and the value of a cell's last expression.
 *
 * Graphs, executions, probes and state stores are shown as live views: a `display_data` with a
 * display id, then `update_display_data` with that id whenever the picture changed, while the
 * graph runs — also after the cell that started it has ended — until the run ends (one last
 * update shows the final frontiers). Updates are coalesced: at most one per event-loop turn and
 * at most {@link MAX_UPDATES_PER_SECOND} per view, and the latest picture always goes out.
 * Graphs and executions render through `kernel/views` (`renderView`); probes and state stores
 * through their own `Symbol.for("Jupyter.display")` bundles. Every bundle has text/plain, so
 * front ends without HTML fall back on text; no bundle grows past {@link MAX_BUNDLE_CHARS}.
 * A live view of a step-mode run carries its display id into the picture, for the step panel's
 * buttons, and {@link Displays.shown} remembers which graph or run each display shows, so a step
 * request naming the display finds the run (`step-control.ts`).
 *
 * A live value that is a cell's last expression is shown the same way, as a `display_data` with
 * a display id rather than an `execute_result`, because JupyterLab and VS Code only update
 * outputs by display id when they came as `display_data`. Any other value is an
 * `execute_result`: its own MIME bundle when it has one, else `util.inspect` text.
 */
import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import type * as Lib from "../src/index.js";
import type { Dataflow } from "../src/runtime/dataflow.js";
import type { Header } from "./wire.js";
import type { Runs } from "./preload.js";
import { ShownValues } from "./shown.js";
import { renderView } from "./views/index.js";

/** A MIME bundle: representations by MIME type. */
export type Bundle = Record<string, string>;

/** Most updates a view sends per second. */
export const MAX_UPDATES_PER_SECOND = 20;

/** Largest representation sent (characters); a larger one is dropped, text/plain says so. */
export const MAX_BUNDLE_CHARS = 2_000_000;

/** Longest a first rendering may take before a text picture is shown instead (ms). */
const FIRST_RENDER_TIMEOUT = 10_000;

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** Where display messages go (the kernel's IOPub, answering the request running now). */
export interface DisplayOutlet {
  /** The request whose output this is now (the latest execute request). */
  parent(): Header | undefined;
  /** Publishes at once, after whatever output is queued. */
  publish(msgType: string, content: Record<string, unknown>, parent: Header | undefined, metadata?: Record<string, unknown>): void;
  /** Reserves the next place in the output for a message that is still being made. */
  publishLater(msg: Promise<{ msgType: string; content: Record<string, unknown>; parent: Header | undefined; metadata?: Record<string, unknown> } | undefined>): void;
  /** Reports a failure that belongs to no cell (the kernel's log). */
  log(text: string): void;
}

/** What `show(x)` returns: the display it made. */
export interface ShowHandle {
  /** The display id (the same one every update of this display carries). */
  readonly displayId: string;
  /** Shows `value` in place of what this display shows (or the same value again, rendered now). */
  update(value?: unknown): void;
  /** Stops live updates of this display. */
  close(): void;
}

/** Options of `show`. */
export interface ShowOptions {
  /** Update in place while the graph runs (default true for graphs, runs, probes, state stores). */
  readonly live?: boolean;
}

/** What a view renders and how it learns about changes. */
interface Source {
  /** The picture; `viewId` names the live display it is for (a step-mode run's buttons send there). */
  render(viewId?: string): Promise<Bundle> | Bundle;
  /** Calls `changed` when the picture may have changed and `ended` once it never will again; returns a function that stops it. */
  watch(changed: () => void, ended: () => void): () => void;
  /** True when nothing will change any more (shown once, not live). */
  readonly finished: boolean;
}

/** One display: its id, its updates, their pace. */
class View implements ShowHandle {
  readonly displayId = randomBytes(8).toString("hex");
  private seq = 0;
  private lastSent = -Infinity;
  private lastData: string | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private rendering: Promise<void> | undefined;
  private dirty = false;
  private ended = false;
  private closed = false;
  private stop: (() => void) | undefined;

  constructor(
    private readonly displays: Displays,
    private source: Source,
    private readonly live: boolean,
  ) {}

  /** Sends the first picture, in the output's order, with the display id. */
  open(): void {
    const parent = this.displays.outlet.parent();
    this.lastSent = performance.now();
    const first = withTimeout(Promise.resolve().then(() => this.source.render(this.controlId())), FIRST_RENDER_TIMEOUT).catch((e: unknown) => this.displays.failed(e, this.source));
    const live = this.live && !this.source.finished;
    const seq = this.seq++;
    this.displays.outlet.publishLater(
      first.then((bundle) => {
        this.lastData = JSON.stringify(bundle);
        return { msgType: "display_data", content: this.content(bundle, live, seq), parent, metadata: {} };
      }),
    );
    if (live) this.watchSource();
    else this.closed = true;
  }

  /** `ShowHandle.update`. */
  update(value?: unknown): void {
    if (value !== undefined) {
      this.stop?.();
      this.stop = undefined;
      this.source = this.displays.sourceOf(value);
      this.displays.noteShown(this.displayId, value);
      this.ended = false;
      this.closed = false;
      if (this.live && !this.source.finished) this.watchSource();
      else this.ended = true;
    }
    // Known to settle(), so the update goes out before the cell's idle.
    this.displays.remember(this);
    if (this.closed) this.ended = true;
    this.changed();
  }

  /** `ShowHandle.close`. */
  close(): void {
    this.closed = true;
    this.stop?.();
    this.stop = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.displays.forget(this);
  }

  /** Sends what is waiting now, without waiting for the pace (before a cell's `idle`). */
  async flush(): Promise<void> {
    if (this.rendering !== undefined) await this.rendering;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.send();
    }
  }

  /** The id a step-mode run's buttons send to: this display's, while it is live. */
  private controlId(): string | undefined {
    return this.live ? this.displayId : undefined;
  }

  private watchSource(): void {
    this.displays.remember(this);
    this.stop = this.source.watch(
      () => this.changed(),
      () => {
        this.ended = true;
        this.changed();
      },
    );
  }

  private changed(): void {
    if (this.closed && !this.ended) return;
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== undefined || this.rendering !== undefined) return;
    const wait = Math.max(0, this.lastSent + 1000 / MAX_UPDATES_PER_SECOND - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.send();
    }, wait);
  }

  private send(): Promise<void> {
    this.dirty = false;
    this.lastSent = performance.now();
    const ending = this.ended;
    const job = (async () => {
      let bundle: Bundle;
      try {
        bundle = await this.source.render(this.controlId());
      } catch (e) {
        bundle = this.displays.failed(e, this.source);
      }
      const data = JSON.stringify(bundle);
      // An unchanged picture is not sent again (the last one of a view always is: it says the view ended).
      if (data === this.lastData && !ending) return;
      this.lastData = data;
      this.displays.outlet.publish("update_display_data", this.content(bundle, !ending, this.seq++), this.displays.outlet.parent(), {});
    })();
    this.rendering = job.finally(() => {
      this.rendering = undefined;
      if (ending && !this.dirty) this.close();
      else if (this.dirty) this.schedule();
    });
    return this.rendering;
  }

  /** Message content; metadata numbers the view's messages (0, 1, ...) and says whether more may follow. */
  private content(bundle: Bundle, live: boolean, seq: number): Record<string, unknown> {
    return { data: bounded(bundle), metadata: { streamweave: { seq, live } }, transient: { display_id: this.displayId } };
  }
}

/** The displays of one kernel. */
export class Displays {
  private readonly views = new Set<View>();
  /** Which graph or run each display shows (how a step request finds its run). */
  readonly shown = new ShownValues();

  /**
   * Displays for `lib` (the preloaded library instance, to recognise its values), publishing to
   * `outlet`; `runs` knows every dataflow seen run, to tell when a state store stops changing.
   */
  constructor(
    readonly outlet: DisplayOutlet,
    private readonly lib: typeof Lib,
    private readonly runs: Runs,
  ) {}

  /** `show(value)`: a display of `value`, live when it is a graph, run, probe or state store. */
  show(value: unknown, options: ShowOptions = {}): ShowHandle {
    const source = this.sourceOf(value);
    const view = new View(this, source, options.live ?? this.isLive(value));
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

  /** Stops every live view. */
  closeAll(): void {
    for (const v of [...this.views]) v.close();
  }

  /** Live views now. */
  get liveCount(): number {
    return this.views.size;
  }

  /** @internal Remembers the graph or run display `id` shows. */
  noteShown(id: string, value: unknown): void {
    if (value instanceof this.lib.Graph || value instanceof this.lib.Execution) this.shown.note(id, value);
  }

  /** @internal */
  remember(v: View): void {
    this.views.add(v);
  }

  /** @internal */
  forget(v: View): void {
    this.views.delete(v);
  }

  /** @internal A bundle saying a rendering failed (the view lives on). */
  failed(e: unknown, source: Source | undefined): Bundle {
    this.outlet.log(`rendering a view failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    const what = source === undefined ? "value" : "view";
    return { "text/plain": `(the ${what} could not be rendered: ${e instanceof Error ? e.message : String(e)})` };
  }

  /** True for values whose picture changes while a graph runs. */
  isLive(value: unknown): boolean {
    const L = this.lib;
    return value instanceof L.Graph || value instanceof L.Execution || value instanceof L.Probe || value instanceof L.MemoryState;
  }

  /** @internal How `value` renders and changes. */
  sourceOf(value: unknown): Source {
    const L = this.lib;
    if (value instanceof L.Graph || value instanceof L.Execution) return this.dataflowSource(value);
    if (value instanceof L.Probe) return this.probeSource(value);
    if (value instanceof L.MemoryState) return this.stateSource(value);
    return { render: () => bundleOf(value), watch: () => () => undefined, finished: true };
  }

  private dataflowSource(value: Lib.Graph | Lib.Execution): Source {
    const df = dataflowOf(value);
    let observer: Lib.Observer | undefined;
    return {
      finished: isOver(df),
      render: async (viewId) => {
        const s = observer !== undefined ? observer.snapshot() : this.lib.pictureOf(df);
        try {
          return withText(await renderView(s, viewId !== undefined ? { control: { id: viewId } } : {}), () => this.lib.snapshotText(s));
        } catch (e) {
          this.outlet.log(`renderView failed, showing the library's own bundle: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
          return bundleOf(value);
        }
      },
      watch: (changed, ended) => {
        const o = (observer = value.observe());
        const unsubscribe = o.subscribe(changed);
        return untilDone(df, ended, () => {
          unsubscribe();
          o.close();
        });
      },
    };
  }

  private probeSource(probe: Lib.Probe): Source {
    const df = dataflowOf(probe);
    return {
      finished: isOver(df),
      render: () => bundleOf(probe),
      watch: (changed, ended) => {
        const observer = new this.lib.Observer(df);
        const unsubscribe = observer.subscribe(changed);
        return untilDone(df, ended, () => {
          unsubscribe();
          observer.close();
        });
      },
    };
  }

  private stateSource(state: Lib.MemoryState<unknown>): Source {
    const owner = this.runs.ownerOf(state);
    return {
      finished: owner !== undefined && isOver(owner),
      render: () => bundleOf(state),
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
        return untilDone(owner ?? this.runs.ownerOf(state), ended, stop);
      },
    };
  }
}

/** The dataflow behind a graph, run or probe (runs and probes keep it private; the kernel reads it). */
export function dataflowOf(value: object): Dataflow {
  const df = (value as { df?: Dataflow }).df;
  if (df === undefined) throw new Error(`no dataflow behind ${String(value)}`);
  return df;
}

/**
 * A watch's ending: `ended` once `df`'s run is over (if there is a run), never after the watch
 * was stopped; returns the function that stops the watch (it calls `stop`).
 */
function untilDone(df: Dataflow | undefined, ended: () => void, stop: () => void): () => void {
  let over = false;
  const end = (): void => {
    if (over) return;
    over = true;
    ended();
  };
  if (df !== undefined) df.done.then(end, end);
  return () => {
    over = true;
    stop();
  };
}

function isOver(df: Dataflow): boolean {
  return df.status === "completed" || df.status === "stopped" || df.status === "failed";
}

/** A value's own MIME bundle (`Symbol.for("Jupyter.display")`), or its printed form. */
export function bundleOf(value: unknown): Bundle {
  const fn = typeof value === "object" && value !== null ? (value as Record<symbol, unknown>)[JUPYTER_DISPLAY] : undefined;
  if (typeof fn === "function") {
    const b = (fn as () => unknown).call(value);
    if (typeof b === "object" && b !== null) {
      const out: Bundle = {};
      for (const [k, v] of Object.entries(b as Record<string, unknown>)) {
        if (!/^[\w\-+.]+\/[\w\-+.]+$/.test(k)) continue;
        out[k] = typeof v === "string" ? v : JSON.stringify(v);
      }
      return withText(out, () => textOf(value));
    }
  }
  return { "text/plain": textOf(value) };
}

function withText(b: Bundle, text: () => string): Bundle {
  return typeof b["text/plain"] === "string" ? b : { "text/plain": text(), ...b };
}

/** How `util.inspect` prints a value (as the Node REPL does). */
export function textOf(value: unknown): string {
  try {
    return inspect(value, { depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: 100 });
  } catch (e) {
    return `(cannot print this value: ${e instanceof Error ? e.message : String(e)})`;
  }
}

/** `b` with every representation at most {@link MAX_BUNDLE_CHARS}; text/plain is cut, others dropped. */
export function bounded(b: Bundle): Bundle {
  const out: Bundle = {};
  const dropped: string[] = [];
  for (const [k, v] of Object.entries(b)) {
    if (v.length <= MAX_BUNDLE_CHARS) out[k] = v;
    else if (k === "text/plain") out[k] = `${v.slice(0, MAX_BUNDLE_CHARS)}\n… (cut at ${MAX_BUNDLE_CHARS} characters)`;
    else dropped.push(k);
  }
  if (dropped.length > 0) out["text/plain"] = `${out["text/plain"] ?? ""}\n(${dropped.join(", ")} left out: larger than ${MAX_BUNDLE_CHARS} characters)`;
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`rendering took longer than ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
