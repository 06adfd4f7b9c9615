/**
 * What the browser tests of the live views share: a Jupyter server (classic Notebook or
 * JupyterLab) on loopback with a token and the private kernelspec, headless Chromium (the
 * system's, driven by playwright-core, never a downloaded one), notebooks written as files, and
 * where JupyterLab is found (a virtual environment made by `.ci/run`).
 */
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { ROOT, type JupyterEnv } from "./jupyter-env.js";

/** The system's Chromium. */
export const CHROMIUM = "/usr/bin/chromium";

/** Where screenshots and the notebooks the browser tests open go. */
export const TEST_OUTPUT = join(ROOT, "test-output");

/** The virtual environment with JupyterLab: `$STREAMWEAVE_JUPYTERLAB_VENV`, else the place `.ci/run` makes it. */
export const JUPYTERLAB_VENV = process.env.STREAMWEAVE_JUPYTERLAB_VENV ?? join(homedir(), ".cache", "streamweave", "jupyterlab-venv");

/** The `jupyter-lab` command of that environment. */
export const JUPYTERLAB = join(JUPYTERLAB_VENV, "bin", "jupyter-lab");

/** Throws a message saying how to make JupyterLab's environment when it is missing or broken. */
export function requireJupyterLab(): void {
  const hint =
    `JupyterLab is not installed in ${JUPYTERLAB_VENV}. Make it with the JupyterLab step of .ci/run ` +
    "(/usr/bin/python3 -m venv --system-site-packages <venv> && <venv>/bin/pip install --no-index --find-links /opt/pypi/files jupyterlab), " +
    "or point STREAMWEAVE_JUPYTERLAB_VENV at a virtual environment that has it.";
  if (!existsSync(JUPYTERLAB)) throw new Error(`${JUPYTERLAB} not found. ${hint}`);
  try {
    execFileSync(JUPYTERLAB, ["--version"], { stdio: "pipe" });
  } catch (e) {
    throw new Error(`${JUPYTERLAB} --version failed. ${hint}\n${String((e as { stderr?: Buffer }).stderr ?? e)}`);
  }
}

/** Throws a message saying what to install when Chromium is missing. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or run .ci/run)`);
}

/** A notebook (nbformat 4.5) of code cells that runs on the `streamweave` kernel. */
export function notebookJson(cells: readonly string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "streamweave", display_name: "StreamWeave (TypeScript)", language: "typescript" }, language_info: { name: "typescript" } },
    cells: cells.map((source, i) => ({ cell_type: "code", id: `cell-${i}`, metadata: {}, execution_count: null, outputs: [], source })),
  });
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Calls `probe` every 200 ms until it gives a value (errors count as not yet); throws the last error after `ms`. */
export async function waitFor<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
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

/** A Jupyter server running on loopback. */
export interface JupyterServer {
  /** Its base URL (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** The token every request needs. */
  readonly token: string;
  /** What it printed so far. */
  log(): string;
  /** Asks it to shut down (its kernels with it); kills it when it has not left after 10 s. */
  stop(): Promise<void>;
}

/**
 * Starts a Jupyter server: `command` with `args(port, token)` in `env`, from the repository root;
 * resolves once it answers and lists the `streamweave` kernelspec.
 */
export async function startJupyterServer(command: string, args: (port: number, token: string) => string[], env: JupyterEnv): Promise<JupyterServer> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(command, args(port, token), { cwd: ROOT, env: env.env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const server: JupyterServer = {
    url,
    token,
    log: () => log,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      await fetch(`${url}/api/shutdown?token=${token}`, { method: "POST" }).catch(() => undefined);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, 10_000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
  try {
    await waitFor(`the Jupyter server (${command})`, 60_000, async () => {
      if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}:\n${log.slice(-3000)}`);
      const r = await fetch(`${url}/api/kernelspecs?token=${token}`);
      if (!r.ok) return undefined;
      const specs = (await r.json()) as { kernelspecs: Record<string, unknown> };
      if (specs.kernelspecs.streamweave === undefined) throw new Error(`no streamweave kernelspec: ${Object.keys(specs.kernelspecs).join(", ")}`);
      return true;
    });
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

/** Headless Chromium with a fresh profile. */
export interface Browser {
  /** Its one context, to open pages in. */
  readonly context: BrowserContext;
  /** Closes it and removes the profile. */
  close(): Promise<void>;
}

/** Starts the system's Chromium headless, with a fresh profile and a `width`×`height` viewport. */
export async function launchChromium(width = 1200, height = 900): Promise<Browser> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), "streamweave-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width, height },
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    return {
      context,
      close: async () => {
        await context.close().catch(() => undefined);
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
