/**
 * The `streamweave-kernel` command.
 *
 * ```sh
 * npx streamweave-kernel install [--user | --prefix P]   # write the kernelspec "streamweave"
 * npx streamweave-kernel uninstall [--user | --prefix P] # remove it
 * streamweave-kernel kernel --connection-file F          # what Jupyter runs (from kernel.json)
 * ```
 */
import { DISPLAY_NAME, KERNEL_NAME, install, kernelDir, uninstall, type InstallTarget } from "./install.js";
import { startKernel } from "./launcher.js";

const USAGE = `usage:
  streamweave-kernel install [--user | --prefix PREFIX] [--name NAME]
      writes the kernelspec "${KERNEL_NAME}" ("${DISPLAY_NAME}") for this Node.js and this package
      (default --user: the per-user Jupyter data directory; --prefix: PREFIX/share/jupyter/kernels)
  streamweave-kernel uninstall [--user | --prefix PREFIX] [--name NAME]
      removes it
  streamweave-kernel kernel --connection-file FILE
      runs the kernel (Jupyter does this, from kernel.json)`;

/** Runs the command line `args` (without node and script). */
export async function main(args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  const opt = (names: string[]): string | undefined => {
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      for (const n of names) {
        if (a === n) return rest[i + 1];
        if (a.startsWith(`${n}=`)) return a.slice(n.length + 1);
      }
    }
    return undefined;
  };
  const target = (): InstallTarget => {
    const prefix = opt(["--prefix"]);
    const name = opt(["--name"]);
    if (prefix !== undefined && rest.includes("--user")) throw new Error("--user and --prefix exclude each other");
    return { ...(prefix !== undefined ? { prefix } : { user: true }), ...(name !== undefined ? { name } : {}) };
  };
  switch (command) {
    case "install": {
      const dir = install(target(), __filename);
      console.log(`Installed the kernelspec "${target().name ?? KERNEL_NAME}" (${DISPLAY_NAME}) in ${dir}`);
      return 0;
    }
    case "uninstall": {
      const dir = uninstall(target());
      console.log(dir === undefined ? `No kernelspec at ${kernelDir(target())}` : `Removed ${dir}`);
      return 0;
    }
    case "kernel": {
      const file = opt(["--connection-file", "-f", "--config-path"]);
      if (file === undefined) throw new Error("kernel: --connection-file FILE is required");
      await startKernel(file);
      return -1;
    }
    case undefined:
    case "help":
    case "--help":
    case "-h":
      console.log(USAGE);
      return command === undefined ? 1 : 0;
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exitCode = 1;
    },
  );
}
