/**
 * The Jupyter kernel through real Jupyter clients (Debian's jupyter_client, nbclient,
 * jupyter_kernel_test), in a private Jupyter environment where the package's own
 * `streamweave-kernel install --prefix` put the kernelspec.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAUNCHER, ROOT, clean, jupyterEnv, requireJupyter, runPython, type JupyterEnv } from "./jupyter-env.js";

describe("the Jupyter kernel", () => {
  let env: JupyterEnv;

  beforeAll(() => {
    requireJupyter();
    env = jupyterEnv();
  });
  afterAll(() => env?.cleanup());

  it("installs a kernelspec with absolute paths, an interrupt mode and its display name", () => {
    const argv = env.kernelJson.argv as string[];
    expect(argv[0]).toBe(process.execPath);
    expect(argv[1]).toBe(LAUNCHER);
    expect(argv.slice(2)).toEqual(["kernel", "--connection-file", "{connection_file}"]);
    expect(env.kernelJson).toMatchObject({ display_name: "StreamWeave (TypeScript)", language: "typescript", interrupt_mode: "signal" });
    // Jupyter itself finds it.
    const list = JSON.parse(execFileSync("/usr/bin/jupyter", ["kernelspec", "list", "--json"], { env: env.env, encoding: "utf8" })) as { kernelspecs: Record<string, { resource_dir: string }> };
    expect(list.kernelspecs.streamweave?.resource_dir).toBe(join(env.dir, "prefix", "share", "jupyter", "kernels", "streamweave"));
  });

  it("passes every test of jupyter_kernel_test", async () => {
    const r = await runPython("conformance.py", [], env.env, 240_000);
    const summary = /SUMMARY (\{.*\})/.exec(r.output);
    expect(summary, clean(r.output)).not.toBeNull();
    const s = JSON.parse(summary![1]!) as { run: number; passed: number; failures: number; errors: number; skipped: number };
    expect(s, clean(r.output)).toMatchObject({ failures: 0, errors: 0, skipped: 0 });
    expect(s.passed).toBe(s.run);
    expect(s.run).toBeGreaterThanOrEqual(12);
    expect(r.code).toBe(0);
  }, 300_000);

  it("runs every notebook in notebooks/ through nbclient without an error", async () => {
    const r = await runPython("notebooks.py", [], env.env, 300_000);
    expect(r.code, clean(r.output)).toBe(0);
    expect(r.output).toMatch(/SUMMARY [2-9]\d* passed, 0 failed/);
    // Every notebook there was executed, the newest too.
    for (const name of readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb"))) expect(r.output).toContain(`ok   ${name}`);
  }, 360_000);

  it("keeps views live after the cell, loses nothing in bursts, answers every request, survives bad input", async () => {
    const r = await runPython("protocol.py", [], env.env, 300_000);
    expect(r.code, clean(r.output)).toBe(0);
    expect(r.output).toMatch(/SUMMARY \d+ passed, 0 failed/);
    const numbers = JSON.parse(readFileSync(join(ROOT, "test-output", "protocol.json"), "utf8")) as { numbers: Record<string, unknown> };
    expect(numbers.numbers).toHaveProperty("live_view");
  }, 360_000);

  it("uninstalls the kernelspec", () => {
    const prefix = join(env.dir, "prefix");
    const dir = join(prefix, "share", "jupyter", "kernels", "streamweave");
    expect(existsSync(dir)).toBe(true);
    execFileSync(process.execPath, [LAUNCHER, "uninstall", "--prefix", prefix], { stdio: "pipe" });
    expect(existsSync(dir)).toBe(false);
  });
});
