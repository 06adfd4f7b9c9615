// The README's commands as written, in a fresh copy of the source tree (the files a clone has:
// tracked and new ones, nothing built, no node_modules), after `npm ci`: `npx streamweave` piped
// and in a pseudo-terminal, `npm run demo` piped, and `npx streamweave-kernel install` (into a
// Jupyter data folder of the test's own, so the user's kernelspec is left alone), whose kernel
// then runs a cell through Jupyter's own client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { root, Term } from "./cli-term.js";

let clone = "";
let scratch = "";
/** The environment of a newcomer's shell: no CI flag, a fresh npm cache, a Jupyter data folder of its own. */
let env: NodeJS.ProcessEnv = {};

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "sw-clone-"));
  clone = join(scratch, "streamweave");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" }).split("\0").filter((f) => f !== "");
  for (const f of files) {
    mkdirSync(dirname(join(clone, f)), { recursive: true });
    try {
      cpSync(join(root, f), join(clone, f));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e; // deleted in the working tree, not yet committed
    }
  }
  env = { ...process.env, CI: undefined, npm_config_cache: join(scratch, "npm-cache"), npm_config_update_notifier: "false", JUPYTER_DATA_DIR: join(scratch, "jupyter-data") };
  // the machine's npm cache (offline where it has the packages): the copy's lock file decides the versions
  execFileSync("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline", `--cache=${join(process.env.HOME ?? scratch, ".npm")}`], { cwd: clone, env, stdio: "pipe" });
}, 600_000);

afterAll(() => {
  if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
});

const run = (cmd: string, args: string[], input = ""): string => execFileSync(cmd, args, { cwd: clone, env, input, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });

describe("the README's commands in a fresh clone after npm ci", () => {
  it("`npx streamweave` piped builds the package on first use and runs the lines", () => {
    expect(run("npx", ["streamweave"], 'const g = new Graph("clone")\nconst inp = g.input<number>("inp")\ninp.name\n')).toBe("'inp'\n");
  }, 120_000);

  it("`npx streamweave` in a terminal opens the REPL, evaluates a line and leaves with Ctrl+D", async () => {
    const t = new Term({ command: ["npx", "streamweave"], cwd: clone, env: { ...env, CI: undefined } });
    try {
      await t.see("› ", 60_000);
      await t.line("6 * 7");
      await t.seeAnywhere(/^42$/);
      t.type("\x04");
      expect(await t.exit()).toBe(0);
    } finally {
      t.kill();
    }
  }, 120_000);

  it("`npm run demo` piped prints the plain-text demo to its end", () => {
    const out = run("npm", ["run", "demo", "--silent"]);
    expect(out).toMatch(/run completed; probe done: true\s*$/);
  }, 120_000);

  it("`npx streamweave-kernel install` writes a kernelspec Jupyter lists and whose kernel runs a cell", () => {
    run("npx", ["streamweave-kernel", "install"]);
    const specs = JSON.parse(run("jupyter", ["kernelspec", "list", "--json"])) as { kernelspecs: Record<string, { resource_dir: string; spec: { argv: string[] } }> };
    const spec = specs.kernelspecs.streamweave;
    expect(spec?.resource_dir).toBe(join(scratch, "jupyter-data", "kernels", "streamweave"));
    expect(spec?.spec.argv[1]).toBe(join(clone, "dist", "kernel", "bin.cjs"));
    const client = [
      "import jupyter_client",
      'km, kc = jupyter_client.manager.start_new_kernel(kernel_name="streamweave")',
      "out = []",
      "try:",
      '    kc.execute_interactive(\'const g = new Graph("k"); const a = g.input<number>("a"); a.name\', timeout=60, output_hook=lambda m: out.append(m["content"].get("data", {}).get("text/plain", "")))',
      "finally:",
      "    km.shutdown_kernel(now=True)",
      'print("".join(out))',
    ].join("\n");
    expect(run("/usr/bin/python3", ["-c", client]).trim()).toBe("'a'");
    expect(JSON.parse(readFileSync(join(spec!.resource_dir, "kernel.json"), "utf8")).language).toBe("typescript");
  }, 120_000);
});
