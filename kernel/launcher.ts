/**
 * Starting the kernel in this process: bind the sockets, preload the library, load tslab's
 * compiler, wire cell output (stdout, stderr, displays, tslab's own display API) to IOPub, answer
 * the step panel's comm target, and serve requests.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Displays } from "./display.js";
import type { DisplayOutlet } from "./live-view.js";
import { createCompiler } from "./compiler.js";
import { Executor } from "./executor.js";
import { Kernel } from "./kernel.js";
import { loadLibrary, prelude, Runs, PACKAGE, type ApiNames } from "./preload.js";
import { KernelServer, log, type ConnectionInfo } from "./sockets.js";
import { StepControl, stepTarget } from "./step-control.js";
import { STEP_TARGET } from "./render/index.js";
import type { Header } from "./messages.js";

/** Starts a kernel for the connection file `connectionFile`; resolves once it serves requests. */
export async function startKernel(connectionFile: string): Promise<Kernel> {
  const conn = JSON.parse(readFileSync(connectionFile, "utf8")) as ConnectionInfo;
  const server = await KernelServer.bind(conn);
  server.status("starting", undefined);

  const cwd = process.cwd();
  const library = loadLibrary(cwd, require);
  const runs = new Runs(library.internals);
  runs.track(library.lib);
  const tslabDir = path.dirname(require.resolve("tslab/package.json"));
  const compiler = createCompiler(tslabDir, PACKAGE, library.types);

  let kernel: Kernel | undefined;
  const parent = (): Header | undefined => kernel?.currentParent;
  const outlet: DisplayOutlet = {
    parent,
    publish: (t, c, p, m) => server.publish(t, c, p, m),
    publishLater: (m) => server.publishLater(m),
    log,
  };
  const displays = new Displays(outlet, library.internals, runs);
  const apiFile = path.join(__dirname, "api.json");
  const names = existsSync(apiFile) ? (JSON.parse(readFileSync(apiFile, "utf8")) as ApiNames) : undefined;
  const scope = prelude(library, names, {
    show: (value, options) => displays.show(value, options),
    clearOutput: (wait) => displays.clearOutput(wait),
  });
  const tslabPublic: unknown = require(tslabDir);
  const executor = new Executor({ cwd, compiler, prelude: scope.decl, scope: scope.scope, modules: { [PACKAGE]: library.lib, [`${PACKAGE}/internals`]: library.internals, tslab: tslabPublic } });

  // tslab's own display API (tslab.display, tslab.newDisplay) publishes through this kernel.
  const tslabJupyter = require(path.join(tslabDir, "dist", "jupyter")) as { lastWriteDisplayData: unknown };
  tslabJupyter.lastWriteDisplayData = (data: Record<string, unknown>, update: boolean) => server.publish(update ? "update_display_data" : "display_data", { metadata: {}, ...data }, parent());

  // Cell output: everything written to stdout and stderr goes to the current request's streams.
  const redirect = (name: "stdout" | "stderr") => (chunk: unknown, encoding?: unknown, cb?: unknown): boolean => {
    const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    server.stream(name, text, parent());
    const done = typeof encoding === "function" ? encoding : cb;
    if (typeof done === "function") queueMicrotask(() => (done as () => void)());
    return true;
  };
  process.stdout.write = redirect("stdout") as typeof process.stdout.write;
  process.stderr.write = redirect("stderr") as typeof process.stderr.write;

  const versions = {
    kernel: library.version,
    typescript: compiler.typescriptVersion,
    tslab: (JSON.parse(readFileSync(path.join(tslabDir, "package.json"), "utf8")) as { version: string }).version,
  };
  kernel = new Kernel(server, executor, displays, runs, versions, (code) => process.exit(code));
  kernel.comms.register(STEP_TARGET, stepTarget(new StepControl(library.lib, displays.shown, () => displays.settle())));
  const k = kernel;
  process.on("SIGINT", () => {
    const stopped = k.interrupt();
    if (stopped > 0) log(`interrupt: stopped ${stopped} running graph execution(s)`);
  });
  process.on("unhandledRejection", (reason) => k.reportBackground("Unhandled promise rejection", reason));
  process.on("uncaughtException", (e) => k.reportBackground("Uncaught exception", e));

  server.serve(kernel);
  // Once the first requests (kernel_info) are answered, compile an empty cell, so the library's
  // types are loaded before the first real cell comes (it takes a few hundred ms).
  setTimeout(() => {
    if (executor.declarations === scope.decl) compiler.convert(scope.decl, "");
  }, 100).unref();
  return kernel;
}
