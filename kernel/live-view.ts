/**
 * One live display: its display id, its first picture and its updates, coalesced — at most one
 * per event-loop turn and at most {@link MAX_UPDATES_PER_SECOND} a second, the latest picture
 * always going out — until its source ends (one last update says so) or it is closed.
 */
import { randomBytes } from "node:crypto";
import { bounded, type Bundle } from "./bundles.js";
import type { Source } from "./display-sources.js";
import type { Header } from "./messages.js";

/** Most updates a view sends per second. */
export const MAX_UPDATES_PER_SECOND = 20;

/** Longest a first rendering may take before a text picture is shown instead (ms). */
const FIRST_RENDER_TIMEOUT = 10_000;

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

/** What a view needs from the displays it belongs to. */
export interface ViewHost {
  /** Where its messages go. */
  readonly outlet: DisplayOutlet;
  /** How `value` renders and changes (when the view is given a new value). */
  sourceOf(value: unknown): Source;
  /** Remembers that display `id` shows `value`. */
  noteShown(id: string, value: unknown): void;
  /** Counts the view among the live ones (settled before a cell's `idle`). */
  remember(v: View): void;
  /** Stops counting the view. */
  forget(v: View): void;
  /** A bundle saying a rendering failed (the view lives on). */
  failed(e: unknown, source: Source | undefined): Bundle;
}

/** One display: its id, its updates, their pace. */
export class View implements ShowHandle {
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

  /**
   * A view of `source` in `displays`; `live`: it updates in place; `keepLive`: it stays live after
   * the next cell starts (asked for with `show(x, { live: true })`), else it is frozen then.
   */
  constructor(
    private readonly displays: ViewHost,
    private source: Source,
    private readonly live: boolean,
    readonly keepLive = false,
  ) {}

  /**
   * Freezes the view as it is now (the next cell starts): one last picture, taken at once and
   * marked with `note`, then no more updates. Keeps a saved notebook's story: each view shows its
   * graph as of the end of the cell that made it.
   */
  freeze(note: string): void {
    if (this.closed) return;
    this.close();
    // The source reads its snapshot synchronously, before the next cell's code runs.
    const picture = Promise.resolve(this.source.render(undefined));
    const seq = this.seq++;
    const job = picture
      .then((bundle) => {
        // Unchanged since the last picture sent: the display already shows it; nothing more is said.
        if (JSON.stringify(bundle) === this.lastData) return;
        const frozen = markFrozen(bundle, note);
        this.displays.outlet.publish("update_display_data", { ...this.content(frozen, false, seq), metadata: { streamweave: { seq, live: false, frozen: true } } }, this.displays.outlet.parent(), {});
      })
      .catch((e: unknown) => this.displays.failed(e, this.source));
    this.rendering = job.then(() => undefined);
    this.displays.remember(this);
    void this.rendering.finally(() => {
      this.rendering = undefined;
      this.displays.forget(this);
    });
  }

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

/** `bundle` with a note saying it is frozen: a line above its HTML, and one above its text. */
export function markFrozen(bundle: Bundle, note: string): Bundle {
  const out: Bundle = { ...bundle };
  const esc = note.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  if (out["text/html"] !== undefined) out["text/html"] = `<div class="sw-frozen" style="font-size:11px;opacity:.68;margin:0 0 2px">${esc}</div>${out["text/html"]}`;
  if (out["text/plain"] !== undefined) out["text/plain"] = `(${note})\n${out["text/plain"]}`;
  return out;
}

/** `p`, or a rejection once `ms` have passed. */
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
