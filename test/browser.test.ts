/**
 * The live view in a real browser: Debian's classic Jupyter Notebook on loopback with the kernel,
 * headless Chromium (the system's, driven by playwright-core), a notebook whose graph keeps
 * running after its cell ended. The view's DOM must change while the graph runs and end on the
 * finished run. Screenshots go to test-output/.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
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

function notebook(): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "streamweave", display_name: "StreamWeave (TypeScript)", language: "typescript" }, language_info: { name: "typescript" } },
    cells: CELLS.map((source, i) => ({ cell_type: "code", id: `cell-${i}`, metadata: {}, execution_count: null, outputs: [], source })),
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

  it("updates the view's DOM while the graph runs, after its cell ended, and shows the end", async () => {
    const page = await context!.newPage();
    const consoleErrors: string[] = [];
    page.on("pageerror", (e) => consoleErrors.push(String(e)));
    await page.goto(`http://127.0.0.1:${port}/notebooks/test-output/browser/live.ipynb?token=${token}`);
    await page.waitForFunction(() => {
      const J = (globalThis as { Jupyter?: { notebook?: { kernel?: { info_reply?: { status?: string } } } } }).Jupyter;
      return J?.notebook?.kernel?.info_reply?.status === "ok";
    }, undefined, { timeout: 60_000 });
    await page.evaluate(() => (globalThis as unknown as { Jupyter: { notebook: { execute_all_cells(): void } } }).Jupyter.notebook.execute_all_cells());

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
});
