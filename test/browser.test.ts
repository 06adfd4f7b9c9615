/**
 * The live view in a real browser: Debian's classic Jupyter Notebook on loopback with the kernel,
 * headless Chromium (the system's, driven by playwright-core), a notebook whose graph keeps
 * running after its cell ended. The view's DOM must change while the graph runs and end on the
 * finished run. A second notebook shows a step-mode run: pressing the view's "Step" button steps
 * the run through a comm and the view updates in place. Screenshots go to test-output/.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, jupyterEnv, requireJupyter, type JupyterEnv } from "./jupyter-env.js";

const CHROMIUM = "/usr/bin/chromium";
const NOTEBOOK_SERVER = "/usr/bin/jupyter-notebook";
const OUT = join(ROOT, "test-output");

const CELLS = [
  `const g = new Graph("browser <view>");
const x = g.input<number>("x");
const p = x.map((v) => v * 2, { name: "double" }).probe({ name: "probe" });
const e = g.run();
show(e);`,
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

function notebook(cells: readonly string[] = CELLS): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "streamweave", display_name: "StreamWeave (TypeScript)", language: "typescript" }, language_info: { name: "typescript" } },
    cells: cells.map((source, i) => ({ cell_type: "code", id: `cell-${i}`, metadata: {}, execution_count: null, outputs: [], source })),
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last === undefined ? "" : `: ${String(last)}`}`);
}

describe("the live view in the classic Notebook, in headless Chromium", () => {
  let env: JupyterEnv;
  let server: ChildProcess | undefined;
  let serverLog = "";
  let context: BrowserContext | undefined;
  let profile: string | undefined;
  const token = randomBytes(16).toString("hex");
  let port = 0;

  beforeAll(async () => {
    requireJupyter();
    for (const f of [CHROMIUM, NOTEBOOK_SERVER]) {
      if (!existsSync(f)) throw new Error(`${f} is missing: apt-get install -y jupyter-notebook chromium (or run .ci/run)`);
    }
    env = jupyterEnv();
    mkdirSync(join(OUT, "browser"), { recursive: true });
    writeFileSync(join(OUT, "browser", "live.ipynb"), notebook());
    writeFileSync(join(OUT, "browser", "step.ipynb"), notebook(STEP_CELLS));
    port = await freePort();
    server = spawn(
      NOTEBOOK_SERVER,
      ["--no-browser", "--ip=127.0.0.1", `--port=${port}`, "--port-retries=0", `--NotebookApp.token=${token}`, `--notebook-dir=${ROOT}`, "--allow-root", "--NotebookApp.disable_check_xsrf=False"],
      { cwd: ROOT, env: env.env, stdio: ["ignore", "pipe", "pipe"] },
    );
    server.stdout!.on("data", (d: Buffer) => (serverLog += d.toString()));
    server.stderr!.on("data", (d: Buffer) => (serverLog += d.toString()));
    await waitFor("the notebook server", 60_000, async () => {
      const r = await fetch(`http://127.0.0.1:${port}/api/kernelspecs?token=${token}`);
      if (!r.ok) return undefined;
      const specs = (await r.json()) as { kernelspecs: Record<string, unknown> };
      if (specs.kernelspecs.streamweave === undefined) throw new Error(`no streamweave kernelspec: ${Object.keys(specs.kernelspecs).join(", ")}`);
      return true;
    });
    profile = mkdtempSync(join(tmpdir(), "streamweave-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 900 },
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close().catch(() => undefined);
    if (server !== undefined && server.exitCode === null) {
      await fetch(`http://127.0.0.1:${port}/api/shutdown?token=${token}`, { method: "POST" }).catch(() => undefined);
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          server!.kill("SIGKILL");
          resolve();
        }, 10_000);
        server!.once("exit", () => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
    env?.cleanup();
  }, 60_000);

  /** Opens test-output/browser/`name`.ipynb in a new page, waits for its kernel and runs every cell; page errors are collected. */
  async function openAndRun(name: string): Promise<{ page: Page; consoleErrors: string[] }> {
    const page = await context!.newPage();
    const consoleErrors: string[] = [];
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/notebooks/test-output/browser/${name}.ipynb?token=${token}`);
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
    expect(finalText, serverLog.slice(-3000)).toContain("completed");
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
