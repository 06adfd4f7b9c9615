// A kernel display's life: live updates after its cell, then frozen, marked so, when the next cell starts.
import { describe, expect, test } from "vitest";
import { View, type DisplayOutlet, type ViewHost } from "../kernel/live-view.js";
import type { Source } from "../kernel/display-sources.js";
import type { Bundle } from "../kernel/bundles.js";

interface Published {
  readonly msgType: string;
  readonly content: Record<string, unknown>;
}

/** A view host whose outlet keeps what is published, and a source whose picture is `n` nodes. */
function setup(): { host: ViewHost; published: Published[]; source: Source & { n: number; change(): void } } {
  const published: Published[] = [];
  const outlet: DisplayOutlet = {
    parent: () => undefined,
    publish: (msgType, content) => void published.push({ msgType, content }),
    publishLater: (msg) => void msg.then((m) => m !== undefined && published.push({ msgType: m.msgType, content: m.content })),
    log: (text) => {
      throw new Error(`unexpected log: ${text}`);
    },
  };
  let changed: (() => void) | undefined;
  const source = {
    n: 1,
    finished: false,
    render(): Bundle {
      return { "text/plain": `${this.n} nodes`, "text/html": `<div data-nodes="${this.n}">${this.n} nodes</div>` };
    },
    watch(onChange: () => void) {
      changed = onChange;
      return () => (changed = undefined);
    },
    change() {
      this.n++;
      changed?.();
    },
  };
  const host: ViewHost = {
    outlet,
    sourceOf: () => source,
    noteShown: () => undefined,
    remember: () => undefined,
    forget: () => undefined,
    failed: (e) => ({ "text/plain": String(e) }),
  };
  return { host, published, source };
}

const settle = (ms = 10): Promise<void> => new Promise((r) => setTimeout(r, ms));
const data = (p: Published): Record<string, string> => p.content["data"] as Record<string, string>;
const meta = (p: Published): Record<string, unknown> => (p.content["metadata"] as { streamweave: Record<string, unknown> }).streamweave;

describe("a live view frozen when the next cell starts", () => {
  test("a picture that changed since the last one sent goes out once more, marked as frozen, and nothing after", async () => {
    const { host, published, source } = setup();
    const view = new View(host, source, true);
    view.open();
    await settle();
    expect(published.map((p) => p.msgType)).toEqual(["display_data"]);
    // The graph changes after its cell; the change is not sent yet when the next cell starts.
    source.n = 4;
    view.freeze("as of the start of In[7]; show(x, { live: true }) keeps a view live");
    await settle(100);
    expect(published.map((p) => p.msgType)).toEqual(["display_data", "update_display_data"]);
    const frozen = published[1]!;
    expect(data(frozen)["text/html"]).toMatch(/^<div class="sw-frozen"[^>]*>as of the start of In\[7\]; show\(x, \{ live: true \}\) keeps a view live<\/div><div data-nodes="4">/);
    expect(data(frozen)["text/plain"]).toBe("(as of the start of In[7]; show(x, { live: true }) keeps a view live)\n4 nodes");
    expect(meta(frozen)).toEqual({ seq: 1, live: false, frozen: true });
    // Later changes reach no one: the saved notebook keeps the picture of its cell.
    source.change();
    await settle(100);
    expect(published).toHaveLength(2);
  });

  test("an unchanged picture is not sent again when frozen", async () => {
    const { host, published, source } = setup();
    const view = new View(host, source, true);
    view.open();
    await settle();
    view.freeze("as of the start of In[2]");
    source.change();
    await settle(100);
    expect(published.map((p) => p.msgType)).toEqual(["display_data"]);
  });

  test("the note is escaped in the HTML picture", async () => {
    const { host, published, source } = setup();
    const view = new View(host, source, true);
    view.open();
    await settle();
    source.n = 2;
    view.freeze("<b>&</b>");
    await settle();
    expect(data(published[1]!)["text/html"]).toContain('<div class="sw-frozen" style="font-size:11px;opacity:.68;margin:0 0 2px">&lt;b&gt;&amp;&lt;/b&gt;</div>');
  });
});
