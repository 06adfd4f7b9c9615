/**
 * What the Jupyter tests share: Debian's Jupyter (checked, with a clear message when missing), a
 * private Jupyter environment in a temporary directory with the kernelspec installed there by the
 * package's own `streamweave-kernel install --prefix`, and a way to run the Python harness.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The repository root. */
export const ROOT = join(import.meta.dirname, "..");

/** Debian's Python, the one that has Jupyter (the `python3` on PATH may be another). */
export const PYTHON = "/usr/bin/python3";

/** The kernel launcher the build writes. */
export const LAUNCHER = join(ROOT, "dist", "kernel", "bin.cjs");

const NEEDED = "jupyter_client, nbclient, nbformat, jupyter_kernel_test";

/** Throws a message saying what to install when Debian's Jupyter packages are missing. */
export function requireJupyter(): void {
  const hint =
    `The Jupyter tests need Debian's Jupyter packages (${NEEDED}) importable by ${PYTHON}. ` +
    "Install them as root: apt-get install -y jupyter-client python3-nbclient jupyter-nbconvert python3-jupyter-kernel-test jupyter-notebook chromium (or run .ci/run).";
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} not found. ${hint}`);
  try {
    execFileSync(PYTHON, ["-c", `import ${NEEDED}`], { stdio: "pipe" });
  } catch (e) {
    throw new Error(`${hint}\n${String((e as { stderr?: Buffer }).stderr ?? e)}`);
  }
  if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run npm run build first (npm test does)`);
}

/** A private Jupyter environment with the kernelspec installed in it. */
export interface JupyterEnv {
  /** The temporary directory (prefix, data, runtime and config dirs live inside). */
  readonly dir: string;
  /** The installed kernel.json. */
  readonly kernelJson: Record<string, unknown>;
  /** Environment variables that point Jupyter at it. */
  readonly env: NodeJS.ProcessEnv;
  /** Removes it. */
  cleanup(): void;
}

/** Makes a private Jupyter environment and installs the kernelspec there with the package's own command. */
export function jupyterEnv(): JupyterEnv {
  const dir = mkdtempSync(join(tmpdir(), "streamweave-jupyter-"));
  const prefix = join(dir, "prefix");
  execFileSync(process.execPath, [LAUNCHER, "install", "--prefix", prefix], { stdio: "pipe" });
  const kernelJson = JSON.parse(readFileSync(join(prefix, "share", "jupyter", "kernels", "streamweave", "kernel.json"), "utf8")) as Record<string, unknown>;
  for (const d of ["data", "runtime", "config", "ipython"]) mkdirSync(join(dir, d), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: join(prefix, "share", "jupyter"),
    JUPYTER_DATA_DIR: join(dir, "data"),
    JUPYTER_RUNTIME_DIR: join(dir, "runtime"),
    JUPYTER_CONFIG_DIR: join(dir, "config"),
    IPYTHONDIR: join(dir, "ipython"),
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONUNBUFFERED: "1",
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
  delete env.PYTHONPATH;
  delete env.PYTHONHOME;
  return { dir, kernelJson, env, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The outcome of a Python harness script. */
export interface PythonRun {
  readonly code: number | null;
  readonly output: string;
}

/** Runs `test/jupyter/<script>` with Debian's Python in `env`; resolves with its exit code and output. */
export function runPython(script: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<PythonRun> {
  return new Promise((resolve) => {
    const child = spawn(PYTHON, [join(ROOT, "test", "jupyter", script), ...args], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Output without the noise Python prints about sockets collected at interpreter exit. */
export function clean(output: string): string {
  return output
    .split("\n")
    .filter((l) => !/^Exception ignored in|TypeError: 'NoneType' object is not callable|^\s+File "\/usr\/lib\/python3\/dist-packages\/(zmq|jupyter_client)\/|^Traceback \(most recent call last\):$|^\s+File "\/usr\/lib\/python3\.\d+\/logging/.test(l))
    .join("\n");
}
