/**
 * The library, preloaded: which instance cells get, the declarations that put its public API
 * (and `show`, `clearOutput`) in scope from the first cell on, typed, and the registry of the
 * runs it starts (so an interrupt can stop them).
 *
 * Cells and the kernel share one instance of the library: the package named `streamweave` as
 * Node resolves it from the notebook's directory (the project itself, through its own package
 * name, or an installed copy), else the copy this kernel belongs to. Cells that import the
 * package get that same instance, so `instanceof Graph` holds and `show` recognises their graphs.
 */
import { existsSync, readFileSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import type * as Lib from "../src/index.js";
import type * as Internals from "../src/internals.js";

/** The package name cells import. */
export const PACKAGE = "streamweave";

/** The library instance cells use. */
export interface Library {
  /** Its exports: the public API, what cells have in scope. */
  readonly lib: typeof Lib;
  /** The same instance's toolkit entry (`streamweave/internals`): what the displays recognise and render values with. */
  readonly internals: typeof Internals;
  /** The file loaded (its CommonJS build). */
  readonly main: string;
  /** The package's root directory. */
  readonly root: string;
  /** Its type declarations (entry .d.ts). */
  readonly types: string;
  /** Its version. */
  readonly version: string;
}

/** Names the package exports: values (classes, functions, constants) and type-only names. */
export interface ApiNames {
  readonly values: readonly string[];
  readonly types: readonly string[];
}

/** Loads the library as Node resolves it from `cwd`, else the kernel's own copy. */
export function loadLibrary(cwd: string, ownRequire: NodeJS.Require): Library {
  let main: string;
  let toolkit: string;
  try {
    const fromCwd = Module.createRequire(path.join(cwd, "__kernel__.js"));
    main = fromCwd.resolve(PACKAGE);
    toolkit = fromCwd.resolve(`${PACKAGE}/internals`);
  } catch {
    main = ownRequire.resolve(PACKAGE);
    toolkit = ownRequire.resolve(`${PACKAGE}/internals`);
  }
  const lib = ownRequire(main) as typeof Lib;
  const internals = ownRequire(toolkit) as typeof Internals;
  let root = path.dirname(main);
  for (;;) {
    const pj = path.join(root, "package.json");
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, "utf8")) as { name?: string }).name === PACKAGE) break;
    const up = path.dirname(root);
    if (up === root) throw new Error(`cannot find the package root of ${main}`);
    root = up;
  }
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { types?: string; version?: string };
  return { lib, internals, main, root, types: path.join(root, pkg.types ?? "dist/types/index.d.ts"), version: pkg.version ?? "0.0.0" };
}

/** The kernel's own functions in scope in every cell. */
export interface KernelScope {
  readonly show: (value: unknown, options?: { live?: boolean }) => unknown;
  readonly clearOutput: (wait?: boolean) => void;
}

/**
 * The declarations the first cell compiles against and the values behind them: every export of
 * the library (types too), `show` and `clearOutput`. `names` lists the exports (written at build
 * time); without it, the library's runtime exports are used (values only).
 */
export function prelude(library: Library, names: ApiNames | undefined, scope: KernelScope): { decl: string; scope: Record<string, unknown> } {
  const values = Object.keys(library.lib).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n) && n !== "default");
  const valueSet = new Set(values);
  const types = (names?.types ?? []).filter((n) => !valueSet.has(n) && /^[A-Za-z_$][\w$]*$/.test(n));
  const specifiers = [...values, ...types.map((t) => `type ${t}`)];
  const decl = [
    `import { ${specifiers.join(", ")} } from "${PACKAGE}";`,
    `/** What \`show\` returns: the display it made. */`,
    `interface StreamweaveDisplay {`,
    `  /** The display id every update of this display carries. */`,
    `  readonly displayId: string;`,
    `  /** Shows \`value\` in place of what this display shows (or the same value again, now). */`,
    `  update(value?: unknown): void;`,
    `  /** Stops live updates of this display. */`,
    `  close(): void;`,
    `}`,
    `/** Shows a value below the cell: graphs, runs, probes and state stores as live views that update in place while the graph runs. */`,
    `declare function show(value: unknown, options?: { live?: boolean }): StreamweaveDisplay;`,
    `/** Clears the output of the running cell (with \`wait\`, once new output arrives). */`,
    `declare function clearOutput(wait?: boolean): void;`,
    ``,
  ].join("\n");
  const values2: Record<string, unknown> = {};
  for (const n of values) values2[n] = (library.lib as unknown as Record<string, unknown>)[n];
  return { decl, scope: { ...values2, show: scope.show, clearOutput: scope.clearOutput } };
}

const TRACKED = Symbol.for("streamweave.kernel.tracked");

/** The runs the kernel has seen: every graph run from a cell in this kernel. */
export class Runs {
  private readonly seen = new Set<WeakRef<Lib.Execution>>();
  private readonly running = new Set<Lib.Execution>();
  private readonly busyNoted = new WeakSet<Lib.Execution>();

  /** The runs of the library whose toolkit is `internals` (it settles them). */
  constructor(private readonly internals: Pick<typeof Internals, "settle">) {}

  /**
   * Waits (at most `ms`) until the runs going on are quiet, so a cell's value shows what it sent;
   * returns the runs still busy then that were not reported before (each is reported once).
   */
  async settle(ms: number): Promise<Lib.Execution[]> {
    const busy = await this.internals.settle(this.active, ms);
    const fresh = busy.filter((e) => !this.busyNoted.has(e));
    for (const e of fresh) this.busyNoted.add(e);
    return fresh;
  }

  /** Hooks `Graph.prototype.run` of `lib` so every run started from a cell is known here. */
  track(lib: typeof Lib): void {
    const proto = lib.Graph.prototype as unknown as Record<string | symbol, unknown>;
    if (proto[TRACKED] === true) return;
    const run = proto.run as (this: Lib.Graph, ...args: unknown[]) => Lib.Execution;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const runs = this;
    proto.run = function (this: Lib.Graph, ...args: unknown[]): Lib.Execution {
      const exec = run.apply(this, args);
      runs.started(exec);
      return exec;
    };
    proto[TRACKED] = true;
  }

  /** Notes a run (once). */
  note(exec: Lib.Execution): void {
    for (const r of this.seen) if (r.deref() === exec) return;
    this.seen.add(new WeakRef(exec));
  }

  /** Runs going on now. */
  get active(): Lib.Execution[] {
    return [...this.running].filter((exec) => exec.status === "running");
  }

  /** Stops every run going on (their timers are cleared); returns how many. */
  stopAll(): number {
    const now = this.active;
    for (const exec of now) exec.stop();
    return now.length;
  }

  /** The run one of whose nodes keeps its state in `store`, if the kernel has seen it. */
  ownerOf(store: object): Lib.Execution | undefined {
    for (const r of this.seen) {
      const exec = r.deref();
      if (exec === undefined) {
        this.seen.delete(r);
        continue;
      }
      if (exec.owns(store)) return exec;
    }
    return undefined;
  }

  private started(exec: Lib.Execution): void {
    this.note(exec);
    this.running.add(exec);
    const end = (): void => {
      this.running.delete(exec);
    };
    exec.done.then(end, end);
  }
}
