/**
 * A saved notebook keeps its story: the getting-started notebook is executed through nbclient,
 * exported to HTML with Debian's nbconvert (what a reader without a kernel sees), and opened in
 * headless Chromium. The first cell's view (a graph with one input) must still show one node at
 * frontier [0], though later cells added nodes and ran the graph to its end.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { pathToFileURL } from "node:url";
import { clean, jupyterEnv, requireJupyter, runPython } from "./jupyter-env.js";
import { launchChromium, requireChromium } from "./jupyter-browser.js";
import { tempFolders } from "./helpers.js";

const folder = tempFolders("sw-export-");

describe("an executed notebook exported to HTML", () => {
  requireJupyter();
  requireChromium();
  const env = jupyterEnv();
  afterAll(() => env.cleanup());

  it("shows the first cell's graph as that cell left it: one node, frontier [0]", async () => {
    const out = folder();
    const r = await runPython("notebooks.py", ["01-getting-started"], { ...env.env, STREAMWEAVE_NOTEBOOK_OUT: out }, 180_000);
    expect(r.code, clean(r.output)).toBe(0);
    execFileSync("/usr/bin/jupyter-nbconvert", ["--to", "html", join(out, "01-getting-started.ipynb"), "--output-dir", out], { env: env.env, stdio: "pipe" });
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      await page.goto(pathToFileURL(join(out, "01-getting-started.html")).href);
      const views = page.locator(".streamweave-view");
      expect(await views.count()).toBeGreaterThan(2);
      const first = views.first();
      expect(await first.getAttribute("data-nodes")).toBe("1");
      expect(await first.getAttribute("data-inputs")).toBe("[0]");
      expect(await first.locator(".sw-node").count()).toBe(1);
      // A later view shows the graph its own cell made: more nodes.
      expect(Number(await views.nth(1).getAttribute("data-nodes"))).toBeGreaterThan(1);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
