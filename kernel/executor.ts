/**
 * Running cells (tslab's executor, reworked): each cell is compiled against the declarations of
 * the cells before it, run in this process, and its last expression kept as the cell's value.
 *
 * What differs from tslab: a failing cell yields an error with `ename`, `evalue` and a
 * traceback whose frames name cell lines (through the source maps of {@link Compiler});
 * type errors become one error listing every diagnostic with the offending line; declarations of
 * a cell that fails while running are kept (its variables exist, as in IPython); a cell's value
 * is handed back rather than printed; an interrupt ends a cell that is waiting.
 */
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";
import type { Compiler, Diagnostic } from "./compiler.js";

/** A failed cell, as the protocol reports it. */
export interface CellError {
  readonly ename: string;
  readonly evalue: string;
  readonly traceback: string[];
}

/** How a cell ended. */
export type Outcome =
  | { readonly ok: true; readonly hasValue: boolean; readonly value?: unknown }
  | { readonly ok: false; readonly error: CellError; readonly interrupted: boolean };

/** What the executor needs to know. */
export interface ExecutorOptions {
  /** Where modules resolve from (the notebook's directory). */
  readonly cwd: string;
  readonly compiler: Compiler;
  /** Declarations every cell is compiled against at first (the preloaded API). */
  readonly prelude: string;
  /** Values those declarations name, put in scope before the first cell. */
  readonly scope: Readonly<Record<string, unknown>>;
  /** Modules `require` answers itself (by exact name), e.g. the library and tslab. */
  readonly modules: Readonly<Record<string, unknown>>;
}

interface CellRecord {
  readonly label: string;
  readonly src: string;
  readonly output: string;
  /** Length of the wrapper put before the code on its first line. */
  readonly prefix: number;
}

/** Thrown into a waiting cell by {@link Executor.interrupt}. */
class Interrupted extends Error {
  constructor() {
    super("the cell was interrupted");
    this.name = "KeyboardInterrupt";
  }
}

const CELL_FILE = /<cell (\d+)>:(\d+):(\d+)/;

/** Cells whose source and map are kept for tracebacks. */
const MAX_CELLS = 2000;

/** Runs cells. */
export class Executor {
  private prevDecl: string;
  private readonly exports: Record<string, unknown>;
  private readonly require: NodeJS.Require;
  private readonly cells = new Map<number, CellRecord>();
  private runs = 0;
  private rejectInterrupt: (e: Error) => void = () => undefined;
  private interruptPromise!: Promise<never>;

  /** An executor with `options.prelude` declared and `options.scope` in scope. */
  constructor(private readonly options: ExecutorOptions) {
    this.prevDecl = options.prelude;
    const store: Record<string, unknown> = {};
    // TypeScript turns named imports into defineProperty with a getter; keep the value, writable.
    this.exports = new Proxy(store, {
      defineProperty(_t, prop, attrs) {
        if (prop === "__esModule") return true;
        store[prop as string] = attrs.get !== undefined ? attrs.get() : attrs.value;
        return true;
      },
    });
    Object.assign(this.exports, options.scope);
    this.require = makeRequire(options.cwd, options.modules);
    // Libraries reach the kernel's own modules (tslab) through this global, as under tslab.
    vm.runInThisContext("(x) => { globalThis.__tslab__ = x; }")({ exports: this.exports, require: this.require });
    this.resetInterrupt();
  }

  /** The declarations the next cell is compiled against. */
  get declarations(): string {
    return this.prevDecl;
  }

  /** The cell-scope variables (tslab's `exports`). */
  get locals(): Record<string, unknown> {
    return this.exports;
  }

  /** Runs `src` as cell `label` (e.g. `In[3]`). */
  async execute(src: string, label: string): Promise<Outcome> {
    const run = ++this.runs;
    const conv = this.options.compiler;
    const meta = getCodeMetadata(src);
    if (meta.module !== undefined) {
      const diags = conv.addModule(meta.module, src, meta);
      return diags.length === 0 ? { ok: true, hasValue: false } : { ok: false, error: compileError(diags, src, label), interrupted: false };
    }
    let converted;
    try {
      converted = conv.convert(this.prevDecl, src);
    } catch (e) {
      return { ok: false, error: { ename: "CompileError", evalue: String(e), traceback: [`CompileError: ${String(e)}`] }, interrupted: false };
    }
    if (converted.sideOutputs !== undefined) for (const o of converted.sideOutputs) sideModules.update(o.path, o.data);
    if (converted.diagnostics.length > 0) return { ok: false, error: compileError(converted.diagnostics, src, label), interrupted: false };
    const decl = converted.declOutput ?? "";
    if (converted.output === undefined || converted.output === "") {
      this.prevDecl = decl;
      return { ok: true, hasValue: false };
    }
    const output = converted.output;
    const prefix = converted.hasToplevelAwait ? "(async function(exports, require) { " : "(function(exports, require) { ";
    this.cells.set(run, { label, src, output, prefix: prefix.length });
    // Tracebacks name lines of the last MAX_CELLS cells (functions of older ones keep raw positions).
    if (this.cells.size > MAX_CELLS) this.cells.delete(this.cells.keys().next().value!);
    const wrapped = `${prefix}${output}\n})(__tslab__.exports, __tslab__.require)`;
    try {
      const ret: unknown = vm.runInThisContext(wrapped, { filename: `<cell ${run}>`, breakOnSigint: true, displayErrors: false });
      if (converted.hasToplevelAwait) await Promise.race([ret as Promise<unknown>, this.interruptPromise]);
    } catch (e) {
      this.prevDecl = decl;
      const interrupted = e instanceof Interrupted || (e as { code?: string } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
      return { ok: false, error: interrupted ? interruptError() : this.runtimeError(e), interrupted };
    }
    this.prevDecl = decl;
    const name = converted.lastExpressionVar;
    if (name === undefined || !(name in this.exports)) return { ok: true, hasValue: false };
    const value = this.exports[name];
    delete this.exports[name];
    return { ok: true, hasValue: true, value };
  }

  /** Ends the cell that is waiting (a cell busy in a loop is ended by SIGINT itself). */
  interrupt(): void {
    this.rejectInterrupt(new Interrupted());
    this.resetInterrupt();
  }

  /** Completions at `position` (UTF-16 offset) of `src`. */
  complete(src: string, position: number): { start: number; end: number; candidates: string[] } {
    return this.options.compiler.complete(this.prevDecl, src, position);
  }

  /** Whether `src` is a whole cell. */
  isComplete(src: string): { status: "complete" | "incomplete" | "invalid"; indent?: string } {
    return this.options.compiler.isComplete(src);
  }

  /** What TypeScript knows about the symbol at `position` of `src`. */
  inspect(src: string, position: number): unknown {
    return this.options.compiler.inspect(this.prevDecl, src, position);
  }

  /** The error content for a value thrown by cell code (also used for errors reported later). */
  runtimeError(e: unknown): CellError {
    if (!(e instanceof Error) && !(typeof e === "object" && e !== null && "stack" in e)) {
      const text = describe(e);
      return { ename: "Error", evalue: `${text} (thrown value, not an Error)`, traceback: [`Uncaught ${text}`] };
    }
    const err = e as Error;
    const ename = typeof err.name === "string" && err.name !== "" ? err.name : "Error";
    const evalue = typeof err.message === "string" ? err.message : String(err);
    const lines = String(err.stack ?? `${ename}: ${evalue}`).split("\n");
    const firstFrame = lines.findIndex((l) => /^\s+at /.test(l));
    const head = firstFrame < 0 ? lines : lines.slice(0, firstFrame);
    const frames = firstFrame < 0 ? [] : lines.slice(firstFrame);
    const out: string[] = [head.join("\n")];
    let shown = 0;
    for (const f of frames) {
      if (isKernelFrame(f)) continue;
      const text = this.frameText(f);
      // The call of the cell's wrapper maps to the cell's last line, like the frame above it.
      if (text === out[out.length - 1]) continue;
      if (shown++ >= 12) {
        out.push("    ...");
        break;
      }
      out.push(text);
    }
    return { ename, evalue, traceback: out };
  }

  private frameText(frame: string): string {
    const m = CELL_FILE.exec(frame);
    if (m === null) return frame;
    const cell = this.cells.get(Number(m[1]));
    if (cell === undefined) return frame;
    let line = Number(m[2]) - 1;
    let column = Number(m[3]) - 1;
    if (line === 0) column -= cell.prefix;
    const pos = this.options.compiler.mapOf(cell.output)?.position(line, Math.max(0, column));
    if (pos === undefined) return frame.replace(CELL_FILE, `Cell ${cell.label}`);
    line = pos.line;
    const text = cell.src.split("\n")[line]?.trim() ?? "";
    return `${frame.replace(CELL_FILE, `Cell ${cell.label}, line ${line + 1}`)}${text === "" ? "" : `\n        ${text}`}`;
  }

  private resetInterrupt(): void {
    this.interruptPromise = new Promise<never>((_, reject) => (this.rejectInterrupt = reject));
    this.interruptPromise.catch(() => undefined);
  }
}

function interruptError(): CellError {
  return { ename: "KeyboardInterrupt", evalue: "the cell was interrupted", traceback: ["KeyboardInterrupt: the cell was interrupted (running graph executions were stopped)"] };
}

/** One error for a cell that does not compile: every diagnostic, with its line and a caret. */
export function compileError(diags: readonly Diagnostic[], src: string, label: string): CellError {
  const lines = src.split("\n");
  const tb: string[] = [];
  for (const d of diags) {
    const where = d.fileName !== undefined ? `${d.fileName}, line ${d.start.line + 1}` : `Cell ${label}, line ${d.start.line + 1}, column ${d.start.character + 1}`;
    tb.push(`${where}: ${d.messageText} (TS${d.code})`);
    if (d.fileName === undefined && lines[d.start.line] !== undefined) {
      const text = lines[d.start.line]!;
      const width = d.end.line === d.start.line ? Math.max(1, d.end.character - d.start.character) : Math.max(1, text.length - d.start.character);
      tb.push(`    ${text}`, `    ${" ".repeat(d.start.character)}${"^".repeat(width)}`);
    }
  }
  const first = diags[0]!;
  return { ename: "CompileError", evalue: `line ${first.start.line + 1}: ${first.messageText}${diags.length > 1 ? ` (and ${diags.length - 1} more)` : ""}`, traceback: tb };
}

function describe(v: unknown): string {
  try {
    return typeof v === "string" ? JSON.stringify(v) : String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

function isKernelFrame(frame: string): boolean {
  return frame.includes("node:internal/") || frame.includes(`${path.sep}dist${path.sep}kernel${path.sep}`) || /\(node:vm:|at node:vm|at Script\.runInThisContext|at Object\.runInThisContext/.test(frame);
}

/** Code metadata (tslab's JSDoc tags: `@module name` makes the cell a module other cells import). */
function getCodeMetadata(src: string): { module?: string; mode?: string; jsx?: boolean } {
  return metadataReader()(src);
}

let readMetadata: ((src: string) => { module?: string; mode?: string; jsx?: boolean }) | undefined;
function metadataReader(): (src: string) => { module?: string; mode?: string; jsx?: boolean } {
  return (readMetadata ??= (require("tslab/dist/metadata") as { getCodeMetadata: typeof readMetadata }).getCodeMetadata!);
}

/** Compiled local modules that cells import (tslab's "side outputs"), loaded on demand. */
const sideModules = new (class {
  readonly sources = new Map<string, string>();
  readonly loaded = new Map<string, Module>();
  update(file: string, code: string): void {
    this.loaded.delete(file);
    this.sources.set(file, code);
  }
})();

/**
 * The `require` cells get: `modules` by exact name, local .ts modules compiled by the converter,
 * then Node's resolution from `cwd`.
 */
function makeRequire(cwd: string, modules: Readonly<Record<string, unknown>>, base: NodeJS.Require = Module.createRequire(path.join(cwd, "__cell__.js")), dir = cwd): NodeJS.Require {
  const fromSide = (id: string): unknown => {
    if (!id.startsWith(".") && !path.isAbsolute(id)) return undefined;
    let file = path.join(dir, id).replace(/\\/g, "/");
    if (path.extname(file) === "") file += ".js";
    const cached = sideModules.loaded.get(file);
    if (cached !== undefined) return cached.exports;
    const code = sideModules.sources.get(file);
    if (code === undefined) return undefined;
    const mod = new Module(file);
    mod.filename = file;
    mod.paths = (Module as unknown as { _nodeModulePaths(d: string): string[] })._nodeModulePaths(path.dirname(file));
    mod.require = makeRequire(cwd, modules, Module.createRequire(file), path.dirname(file));
    sideModules.loaded.set(file, mod);
    (mod as unknown as { _compile(code: string, file: string): void })._compile(code, file);
    return mod.exports;
  };
  const req = ((id: string): unknown => {
    if (Object.prototype.hasOwnProperty.call(modules, id)) return modules[id];
    return fromSide(id) ?? base(id);
  }) as NodeJS.Require;
  return Object.assign(req, { resolve: base.resolve, cache: base.cache, main: base.main, extensions: base.extensions });
}
