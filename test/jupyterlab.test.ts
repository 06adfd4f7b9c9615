/**
 * The live view in JupyterLab: JupyterLab (from the virtual environment `.ci/run` makes) on
 * loopback with the kernel, headless Chromium, a notebook whose cell shows a run and then keeps
 * feeding it from a timer. The view must be rendered as HTML, change in place (one output, the
 * inputs' frontier moving forward), end on the finished run, and show hostile node names as text.
 * A screenshot goes to test-output/.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JUPYTERLAB, TEST_OUTPUT, launchChromium, notebookJson, requireChromium, requireJupyterLab, startJupyterServer, type Browser, type JupyterServer } from "./jupyter-browser.js";
import { ROOT, jupyterEnv, requireJupyter, type JupyterEnv } from "./jupyter-env.js";

// Node names may not hold ".": the handlers set a global by a bare assignment.
const IMG = `<img src=x onerror="__pwned='img'">`;
const SCRIPT = `<script>__pwned='script'</script>`;

const CELL = `const g = new Graph("lab <b>view</b>");
const x = g.input<number>("x");
x.map((v) => v * 2, { name: ${JSON.stringify(IMG)} })
  .map((v) => v + 1, { name: ${JSON.stringify(SCRIPT)} })
  .probe({ name: "probe" });
const e = g.run();
show(e);
let t = 0;
const timer = setInterval(() => {
  x.push(t);
  t++;
  x.advanceTo(t);
  if (t === 60) {
    clearInterval(timer);
    x.close();
  }
}, 50);`;

/**
 * The cell's display outputs: all but stderr. A run still busy when the cell ends is named on
 * stderr, which on a loaded machine this cell's timer-fed run can be; the view is the one display.
 */
const DISPLAY_OUTPUTS = '.jp-OutputArea-output:not([data-mime-type="application/vnd.jupyter.stderr"])';

/** One state of the first cell's output, as a MutationObserver in the page saw it. */
interface Seen {
  /** Outputs in the cell. */
  readonly outputs: number;
  /** The cell's prompt (`[*]:` while it runs, `[1]:` once it ended). */
  readonly prompt: string;
  /** The view root's `data-status`, when there is a view. */
  readonly status?: string;
  /** The view root's `data-inputs` (the inputs' frontier), when there is a view. */
  readonly inputs?: string;
}

/** The little of the DOM the page scripts use (the project compiles without the DOM library). */
interface El {
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): { length: number };
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
}

/** The JupyterLab application object (exposed with `LabApp.expose_app_in_browser`), as far as the test uses it. */
interface LabApp {
  commands: { execute(id: string): Promise<unknown> };
  shell: { currentWidget: { content?: { widgets: { node: El }[] }; sessionContext?: { session?: { kernel?: { name: string; status: string } | null } | null } } | null };
}

/** Waits until the open notebook's kernel is `streamweave` and idle; returns its name. */
async function kernelReady(page: Page): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const app = (globalThis as unknown as { jupyterapp?: LabApp }).jupyterapp;
      const kernel = app?.shell.currentWidget?.sessionContext?.session?.kernel;
      return kernel?.status === "idle" ? kernel.name : undefined;
    },
    undefined,
    { timeout: 60_000 },
  );
  return (await handle.jsonValue()) as string;
}

describe("the live view in JupyterLab, in headless Chromium", () => {
  let env: JupyterEnv | undefined;
  let server: JupyterServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    requireJupyter();
    requireJupyterLab();
    requireChromium();
    env = jupyterEnv();
    // No announcements, news question or update checks (offline), and the app object for the test to drive.
    const config = env.env.JUPYTER_CONFIG_DIR!;
    writeFileSync(
      join(config, "jupyter_lab_config.json"),
      JSON.stringify({ LabApp: { news_url: null, check_for_updates_class: "jupyterlab.NeverCheckForUpdate", expose_app_in_browser: true } }),
    );
    mkdirSync(join(config, "labconfig"), { recursive: true });
    writeFileSync(join(config, "labconfig", "default_setting_overrides.json"), JSON.stringify({ "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false } }));
    mkdirSync(join(TEST_OUTPUT, "jupyterlab"), { recursive: true });
    writeFileSync(join(TEST_OUTPUT, "jupyterlab", "live.ipynb"), notebookJson([CELL]));
    server = await startJupyterServer(
      JUPYTERLAB,
      (port, token) => ["--no-browser", "--ServerApp.ip=127.0.0.1", `--ServerApp.port=${port}`, "--ServerApp.port_retries=0", `--IdentityProvider.token=${token}`, `--ServerApp.root_dir=${ROOT}`, "--allow-root"],
      env,
    );
    browser = await launchChromium(1200, 1400);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    env?.cleanup();
  }, 60_000);

  it("renders the view as HTML and updates that one output in place until the run ends", async () => {
    const page = await browser!.context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.stack ?? String(e)));
    await page.goto(`${server!.url}/lab/tree/test-output/jupyterlab/live.ipynb?token=${server!.token}`);
    expect(await kernelReady(page), server!.log().slice(-3000)).toBe("streamweave");

    // Record every state of the cell's output while it runs; mark its output area to find it again.
    await page.evaluate((displayOutputs) => {
      const g = globalThis as unknown as { jupyterapp: LabApp; __seen: Seen[]; MutationObserver: new (f: () => void) => { observe(node: El, options: object): void } };
      const cell = g.jupyterapp.shell.currentWidget!.content!.widgets[0]!.node;
      const area = cell.querySelector(".jp-OutputArea") as (El & { __marked?: boolean }) | null;
      if (area === null) throw new Error("the cell has no output area");
      area.__marked = true;
      g.__seen = [];
      const record = (): void => {
        const view = cell.querySelector(".streamweave-view");
        const seen: Seen = {
          outputs: cell.querySelectorAll(displayOutputs).length,
          prompt: cell.querySelector(".jp-InputArea-prompt")?.textContent ?? "",
          ...(view === null ? {} : { status: view.getAttribute("data-status") ?? "", inputs: view.getAttribute("data-inputs") ?? "" }),
        };
        const last = g.__seen[g.__seen.length - 1];
        if (last === undefined || JSON.stringify(last) !== JSON.stringify(seen)) g.__seen.push(seen);
      };
      new g.MutationObserver(record).observe(cell, { subtree: true, childList: true, attributes: true, characterData: true });
    }, DISPLAY_OUTPUTS);
    await page.evaluate(async () => {
      const app = (globalThis as unknown as { jupyterapp: LabApp }).jupyterapp;
      await app.commands.execute("application:toggle-left-area");
      await app.commands.execute("notebook:run-all-cells");
    });

    const cell = page.locator(".jp-Notebook .jp-Cell").first();
    const view = cell.locator(".jp-OutputArea-output .streamweave-view");
    await view.waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      throw new Error(`${String(e)}\nThe cell's output:\n${await cell.locator(".jp-OutputArea").innerText()}\n${server!.log().slice(-2000)}`);
    });
    await page.waitForFunction(
      () => ((globalThis as unknown as { __seen: Seen[] }).__seen.filter((s) => s.status === "running").length >= 3 ? true : undefined),
      undefined,
      { timeout: 60_000 },
    );
    await page.screenshot({ path: join(TEST_OUTPUT, "jupyterlab-live-view-running.png"), fullPage: true });
    await cell.locator('.streamweave-view[data-status="completed"]').waitFor({ timeout: 60_000 });
    await page.screenshot({ path: join(TEST_OUTPUT, "jupyterlab-live-view.png"), fullPage: true });

    const seen = await page.evaluate(() => (globalThis as unknown as { __seen: Seen[] }).__seen);
    const html = await view.innerHTML();
    const text = (await view.textContent()) ?? "";
    writeFileSync(join(TEST_OUTPUT, "jupyterlab", "states.json"), JSON.stringify({ seen, finalHtml: html }, null, 2));
    const why = `${JSON.stringify(seen.slice(0, 20))}\n${server!.log().slice(-2000)}`;

    // JupyterLab rendered the HTML representation (not the text/plain fallback).
    expect(await cell.locator(DISPLAY_OUTPUTS).getAttribute("data-mime-type")).toBe("text/html");
    // One output all along, in the output area that was there before the cell ran.
    expect(seen.length, why).toBeGreaterThan(3);
    expect(Math.max(...seen.map((s) => s.outputs)), why).toBe(1);
    expect(await cell.locator(".jp-OutputArea").evaluate((el) => (el as unknown as { __marked?: boolean }).__marked === true)).toBe(true);
    // The view kept changing after its cell had ended (the timer feeds the graph).
    expect(seen.some((s) => s.status === "running" && s.prompt === "[1]:"), why).toBe(true);
    // While running, the inputs' frontier moved forward through several times, never back.
    const running = seen.filter((s) => s.status === "running").map((s) => /^\[(\d+)\]$/.exec(s.inputs ?? "")?.[1]);
    const times = [...new Set(running.filter((t): t is string => t !== undefined).map(Number))];
    expect(times.length, why).toBeGreaterThanOrEqual(3);
    expect(times, why).toEqual([...times].sort((a, b) => a - b));
    // The last state is the finished run: completed, the inputs' frontier empty.
    expect(seen[seen.length - 1], why).toMatchObject({ outputs: 1, prompt: "[1]:", status: "completed", inputs: "[]" });
    expect(await view.getAttribute("data-inputs")).toBe("[]");
    // Hostile names are text: no markup from them, nothing of theirs ran.
    expect(text).toContain("lab <b>view</b>");
    expect(text).toContain("<img src=x onerror=");
    expect(text).toContain("<script>");
    expect(await view.locator("img, script").count()).toBe(0);
    expect(await view.locator("b", { hasText: /^view$/ }).count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // No error output, nothing thrown in the page but JupyterLab's debugger asking, after every
    // execute_reply, a kernel without a debugger (like this one) for its modules.
    expect(await page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').count()).toBe(0);
    expect(pageErrors.filter((e) => !/^Error: No active debugger session\n\s+at \S+\.displayModules /.test(e))).toEqual([]);
  }, 180_000);
});
