/**
 * Installing the kernelspec: `kernels/streamweave/kernel.json` under a Jupyter data directory,
 * written directly (no IPython, no `jupyter` command needed), with absolute paths to this Node.js
 * and to the kernel launcher, so it works whatever is on PATH.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The kernelspec's name (what `--kernel streamweave` and notebooks' metadata refer to). */
export const KERNEL_NAME = "streamweave";

/** The name front ends show. */
export const DISPLAY_NAME = "StreamWeave (TypeScript)";

/** Where to install. */
export interface InstallTarget {
  /** Install under `<prefix>/share/jupyter/kernels/` (as `jupyter kernelspec install --prefix`). */
  readonly prefix?: string;
  /** Install in the per-user data directory (the default). */
  readonly user?: boolean;
  /** Kernelspec name (default `streamweave`). */
  readonly name?: string;
}

/** The per-user Jupyter data directory, as Jupyter computes it. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.JUPYTER_DATA_DIR) return path.resolve(env.JUPYTER_DATA_DIR);
  const home = os.homedir();
  if (process.platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (process.platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME ? path.resolve(env.XDG_DATA_HOME) : path.join(home, ".local", "share"), "jupyter");
}

/** The directory the kernelspec goes to for `target`. */
export function kernelDir(target: InstallTarget): string {
  const name = target.name ?? KERNEL_NAME;
  if (target.prefix !== undefined) return path.join(path.resolve(target.prefix), "share", "jupyter", "kernels", name);
  return path.join(userDataDir(), "kernels", name);
}

/** The kernelspec for a launcher at `launcher` run by `node`. */
export function kernelSpec(launcher: string, node = process.execPath): Record<string, unknown> {
  return {
    argv: [path.resolve(node), path.resolve(launcher), "kernel", "--connection-file", "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    // SIGINT: the only way to break a cell that loops without yielding.
    interrupt_mode: "signal",
    env: {},
    metadata: { debugger: false },
  };
}

/** Writes the kernelspec; returns its directory. */
export function install(target: InstallTarget, launcher: string): string {
  const dir = kernelDir(target);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(kernelSpec(launcher), null, 2) + "\n");
  writeFileSync(path.join(dir, "logo-svg.svg"), LOGO);
  return dir;
}

/** Removes the kernelspec; returns its directory, or undefined when there was none. */
export function uninstall(target: InstallTarget): string | undefined {
  const dir = kernelDir(target);
  if (!existsSync(dir)) return undefined;
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="10" fill="#1f4e79"/><path d="M10 20h44M10 32h44M10 44h44" stroke="#9fc5e8" stroke-width="4"/><path d="M20 12v40M32 12v40M44 12v40" stroke="#fff" stroke-width="4" stroke-dasharray="6 6"/></svg>\n`;
