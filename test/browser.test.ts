/**
 * The live view in a real browser: Debian's classic Jupyter Notebook on loopback with the kernel,
 * headless Chromium (the system's, driven by playwright-core), a notebook whose graph keeps
 * running after its cell ended. The view's DOM must change while the graph runs and end on the
 * finished run. A second notebook shows a step-mode run: pressing the view's "Step" button steps
 * the run through a comm and the view updates in place. Screenshots go to test-output/.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, jupyterEnv, requireJupyter, type JupyterEnv } from "./jupyter-env.js";
import { TEST_OUTPUT as OUT, launchChromium, notebookJson, requireChromium, startJupyterServer, type Browser, type JupyterServer } from "./jupyter-browser.js";

const NOTEBOOK_SERVER = "/usr/bin/jupyter-notebook";

const CELLS = [
  `const g = new Graph("browser <view>");
const x = g.input<number>("x");
const p = x.map((v) => v * 2, { name: "double" }).probe({ name: "probe" });
const e = g.run();
show(e, { live: true }); // the next cell drives the run: the view stays live after it starts`,
  `let t = 0;
const timer = setInterval(() => {
  t++;
  x.advanceTo(t);
  if (t === 60) {
    clearInterval(timer);
    x.close();
  }
}, 50);`,
];

const STEP_CELLS = [
  `const gs = new Graph("stepping");
const xs = gs.input<number>("x");
xs.map((v) => v * 2, { name: "double" }).probe({ name: "probe" });
const es = gs.run({ mode: "step" });
await xs.send([1, 2, 3]);
xs.advanceTo(1);
await xs.send([4], 1);
xs.advanceTo(2);
show(es);`,
];

/** The little of the page's DOM the step test reads (the tests compile without the DOM's types). */
interface PageDocument {
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
}

describe("the live view in the classic Notebook, in headless Chromium", () => {
  let env: JupyterEnv;
  let server: JupyterServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    requireJupyter();
    requireChromium();
    if (!existsSync(NOTEBOOK_SERVER)) throw new Error(`${NOTEBOOK_SERVER} is missing: apt-get install -y jupyter-notebook (or run .ci/run)`);
    env = jupyterEnv();
    mkdirSync(join(OUT, "browser"), { recursive: true });
    writeFileSync(join(OUT, "browser", "live.ipynb"), notebookJson(CELLS));
    writeFileSync(join(OUT, "browser", "step.ipynb"), notebookJson(STEP_CELLS));
    server = await startJupyterServer(
      NOTEBOOK_SERVER,
      (port, token) => ["--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--NotebookApp.token=${token}`, `--notebook-dir=${ROOT}`, "--allow-root", "--NotebookApp.disable_check_xsrf=False"],
      env,
    );
    browser = await launchChromium(1200, 900);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    env?.cleanup();
  }, 60_000);

  /** Opens test-output/browser/`name`.ipynb in a new page, waits for its kernel and runs every cell; page errors are collected. */
  async function openAndRun(name: string): Promise<{ page: Page; consoleErrors: string[] }> {
    const page = await browser!.context.newPage();
    const consoleErrors: string[] = [];
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto(`${server!.url}/notebooks/test-output/browser/${name}.ipynb?token=${server!.token}`);
    await page.waitForFunction(() => {
      const J = (globalThis as { Jupyter?: { notebook?: { kernel?: { info_reply?: { status?: string } } } } }).Jupyter;
      return J?.notebook?.kernel?.info_reply?.status === "ok";
    }, undefined, { timeout: 60_000 });
    await page.evaluate(() => (globalThis as unknown as { Jupyter: { notebook: { execute_all_cells(): void } } }).Jupyter.notebook.execute_all_cells());
    return { page, consoleErrors };
  }

  it("updates the view's DOM while the graph runs, after its cell ended, and shows the end", async () => {
    const { page, consoleErrors } = await openAndRun("live");

    // The first cell's output: the live view of the run.
    const view = page.locator(".cell").first().locator(".output_area .output_subarea").first();
    await view.waitFor({ timeout: 60_000 });
    const states: string[] = [];
    let mid = false;
    const end = Date.now() + 60_000;
    while (Date.now() < end) {
      const text = await view.innerText();
      if (states[states.length - 1] !== text) states.push(text);
      if (!mid && states.length >= 3 && !text.includes("completed")) {
        mid = true;
        await page.screenshot({ path: join(OUT, "browser-live-view-running.png"), fullPage: true });
      }
      if (text.includes("completed")) break;
      await new Promise((r) => setTimeout(r, 40));
    }
    await page.screenshot({ path: join(OUT, "browser-live-view.png"), fullPage: true });
    const html = await view.innerHTML();
    writeFileSync(join(OUT, "browser", "states.json"), JSON.stringify({ states, finalHtml: html }, null, 2));

    const finalText = states[states.length - 1] ?? "";
    expect(finalText, server!.log().slice(-3000)).toContain("completed");
    expect(finalText).toContain("[]");
    // The view changed many times in place: one output, many states, while running.
    expect(states.filter((s) => s.includes("running")).length, JSON.stringify(states.slice(0, 5))).toBeGreaterThanOrEqual(3);
    expect(await page.locator(".cell").first().locator(".output_area").count()).toBe(1);
    // The graph's name reached the page as text, never as markup.
    expect(html).not.toContain("<view>");
    expect(finalText).toContain("browser <view>");
    // Both cells ran without an error.
    expect(await page.locator(".output_error").count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  }, 120_000);

  it("steps a step-mode run from the view's buttons through a comm, and the view updates in place", async () => {
    const { page, consoleErrors } = await openAndRun("step");

    const panel = page.locator(".sw-steps[data-step-view]");
    const stepButton = panel.locator('.sw-step-button[data-action="step"]');
    await stepButton.waitFor({ state: "visible", timeout: 60_000 });
    const count = async (): Promise<number> => Number(await panel.getAttribute("data-steps"));
    const frontier = async (): Promise<string | null> => page.locator('g.sw-port[data-port="probe.in"]').getAttribute("data-frontier");
    const stepsTo = (n: number) =>
      page.waitForFunction((want) => (globalThis as unknown as { document: PageDocument }).document.querySelector(".sw-steps[data-step-view]")?.getAttribute("data-steps") === String(want), n, { timeout: 20_000 });

    const first = await frontier();
    const counts = [await count()];
    expect(counts[0]).toBe(0);
    await page.screenshot({ path: join(OUT, "browser-step-view-start.png"), fullPage: true });
    // Press "Step" until the probe's frontier moves: every press is exactly one step.
    for (let i = 0; i < 15 && (await frontier()) === first; i++) {
      await stepButton.click();
      await stepsTo(counts[counts.length - 1]! + 1);
      counts.push(await count());
    }
    expect(counts.length).toBeGreaterThan(1);
    expect(counts).toEqual(counts.map((_, i) => i));
    const moved = await frontier();
    expect(moved, JSON.stringify(counts)).not.toBe(first);
    // The newest step is listed first and the node it ran is marked in the picture.
    const newest = panel.locator(".sw-step-list .sw-step").first();
    expect(await newest.getAttribute("data-step")).toBe(String(counts[counts.length - 1]));
    expect(await page.locator(".sw-last-step").count()).toBe(1);
    await page.screenshot({ path: join(OUT, "browser-step-view.png"), fullPage: true });

    // "Step to quiescence" takes every step left; the kernel's answer shows beside the buttons.
    const before = await count();
    await panel.locator('.sw-step-button[data-action="stepToQuiescence"]').click();
    await page.waitForFunction(() => /quiescent/.test((globalThis as unknown as { document: PageDocument }).document.querySelector(".sw-steps[data-step-view] .sw-step-status")?.textContent ?? ""), undefined, { timeout: 20_000 });
    expect(await count()).toBeGreaterThan(before);
    expect(await frontier()).toBe("[2]");
    await page.screenshot({ path: join(OUT, "browser-step-view-quiescent.png"), fullPage: true });
    writeFileSync(join(OUT, "browser", "step-states.json"), JSON.stringify({ counts, first, moved, final: await frontier(), html: await panel.innerHTML() }, null, 2));
    expect(await page.locator(".output_error").count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});
