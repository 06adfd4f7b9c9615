/**
 * tslab's converter (TypeScript 5.0.4: type-checks a cell against the declarations of earlier
 * cells, compiles it to CommonJS, completes and inspects code), loaded with two additions:
 *
 * - the library's package name resolves to the types of the very instance the kernel preloads
 *   (cells compile with Node10 resolution, which does not see a package from inside itself);
 * - every compiled cell keeps its source maps (TypeScript → ES module → CommonJS), so a
 *   traceback can name the cell's own line.
 *
 * The converter reads TypeScript through `require`, and the TypeScript module's exports cannot be
 * reassigned, so the additions come from a view of that module placed in the require cache
 * before the converter is first loaded.
 */
import path from "node:path";
import type * as Tslab from "tslab/dist/converter.js";
import { decodeMap, lookup, type DecodedMap } from "./sourcemap.js";

/** A diagnostic as the converter reports it (positions 0-based, relative to the cell). */
export interface Diagnostic {
  readonly start: { readonly offset: number; readonly line: number; readonly character: number };
  readonly end: { readonly offset: number; readonly line: number; readonly character: number };
  readonly messageText: string;
  readonly category: number;
  readonly code: number;
  readonly fileName?: string;
}

/** A cell, compiled. */
export interface Converted {
  /** CommonJS code (absent when the cell only declares types). */
  readonly output?: string;
  /** Declarations to compile the next cell against. */
  readonly declOutput?: string;
  readonly diagnostics: readonly Diagnostic[];
  readonly hasToplevelAwait?: boolean;
  /** Name of the export holding the cell's last expression. */
  readonly lastExpressionVar?: string;
  /** Local modules the cell imports, compiled. */
  readonly sideOutputs?: ReadonlyArray<{ readonly path: string; readonly data: string }>;
}

/** Maps positions in compiled cell code back to the cell. */
export interface CellMap {
  /** The 0-based cell line and column of 0-based `line`, `column` in the CommonJS code. */
  position(line: number, column: number): { line: number; column: number } | undefined;
}

/** The converter with its additions. */
export interface Compiler {
  convert(prevDecl: string, src: string): Converted;
  complete(prevDecl: string, src: string, position: number): { start: number; end: number; candidates: string[] };
  inspect(prevDecl: string, src: string, position: number): unknown;
  addModule(name: string, src: string, meta: unknown): Diagnostic[];
  /** Whether `src` is a whole cell (`incomplete`: more lines expected; `invalid`: a syntax error before its end). */
  isComplete(src: string): { status: "complete" | "incomplete" | "invalid"; indent?: string };
  /** The map of CommonJS `output` returned by `convert`, if it was kept. */
  mapOf(output: string): CellMap | undefined;
  /** The TypeScript version cells compile with. */
  readonly typescriptVersion: string;
  close(): void;
}

interface TsModule {
  version: string;
  createWatchCompilerHost(...args: unknown[]): unknown;
  transpileModule(input: string, options: { fileName?: string; compilerOptions?: Record<string, unknown> }): { outputText: string; sourceMapText?: string };
  createSourceFile(name: string, text: string, target: number, setParents?: boolean, kind?: number): { parseDiagnostics?: Array<{ start: number; length: number; messageText: unknown }> };
  ScriptTarget: { Latest: number };
  ScriptKind: { TS: number };
}

interface RawMaps {
  /** CommonJS → ES module. */
  readonly cjs: { readonly mappings: string };
  /** ES module → the cell (with the converter's one-line prefix). */
  readonly esm: { readonly mappings: string } | undefined;
}

const MAX_MAPS = 500;

/**
 * Loads tslab's converter from `tslabDir` so that `import ... from "<libraryName>"` type-checks
 * against `libraryTypes` (an absolute .d.ts path), and `"<libraryName>/internals"` against the
 * toolkit's declarations beside it.
 */
export function createCompiler(tslabDir: string, libraryName: string, libraryTypes: string): Compiler {
  const tsPath = require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDir] });
  const converterPath = require.resolve("./dist/converter", { paths: [tslabDir] });
  if (require.cache[converterPath] !== undefined) throw new Error("tslab's converter was loaded before the kernel could prepare it");
  const real = require(tsPath) as TsModule;
  const maps = new Map<string, RawMaps>();
  const toolkitTypes = path.join(path.dirname(libraryTypes), "internals.d.ts");

  const view: Record<string, unknown> = {};
  for (const k of Object.keys(real)) {
    if (k === "createWatchCompilerHost" || k === "transpileModule") continue;
    Object.defineProperty(view, k, { enumerable: true, get: () => (real as unknown as Record<string, unknown>)[k] });
  }
  view.createWatchCompilerHost = (rootFiles: unknown, options: Record<string, unknown>, ...rest: unknown[]) =>
    real.createWatchCompilerHost(rootFiles, { ...options, inlineSourceMap: true, paths: { ...(options.paths as object | undefined), [libraryName]: [libraryTypes], [`${libraryName}/internals`]: [toolkitTypes] } }, ...rest);
  view.transpileModule = (input: string, options: { fileName?: string; compilerOptions?: Record<string, unknown> }) => {
    // The converter turns each compiled ES module into CommonJS through transpileModule("custom.js").
    if (options.fileName !== "custom.js") return real.transpileModule(input, options);
    const inline = /\n?\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(input);
    const esm = inline === null ? undefined : (JSON.parse(Buffer.from(inline[1]!, "base64").toString("utf8")) as { mappings: string });
    const code = inline === null ? input : input.slice(0, inline.index);
    const r = real.transpileModule(code, { ...options, compilerOptions: { ...options.compilerOptions, sourceMap: true } });
    const outputText = r.outputText.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "\n");
    if (r.sourceMapText !== undefined) {
      maps.set(outputText, { cjs: JSON.parse(r.sourceMapText) as { mappings: string }, esm });
      if (maps.size > MAX_MAPS) maps.delete(maps.keys().next().value!);
    }
    return { ...r, outputText };
  };
  const cached = require.cache[tsPath];
  if (cached === undefined) throw new Error(`TypeScript for tslab was not loaded from ${tsPath}`);
  cached.exports = view;
  let conv: ReturnType<typeof Tslab.createConverter>;
  let mod: typeof Tslab;
  try {
    mod = require(converterPath) as typeof Tslab;
    conv = mod.createConverter({ isJS: false, isBrowser: false });
  } finally {
    cached.exports = real;
  }

  const decoded = new Map<string, { cjs: DecodedMap; esm: DecodedMap | undefined }>();
  return {
    typescriptVersion: real.version,
    convert: (prevDecl, src) => conv.convert(prevDecl, src) as Converted,
    complete: (prevDecl, src, position) => conv.complete(prevDecl, src, position),
    inspect: (prevDecl, src, position) => conv.inspect(prevDecl, src, position),
    addModule: (name, src, meta) => conv.addModule(name, src, meta as never) as Diagnostic[],
    isComplete(src) {
      const r = mod.isCompleteCode(src);
      if (!r.completed) return { status: "incomplete", indent: r.indent ?? "" };
      const sf = real.createSourceFile("cell.ts", src, real.ScriptTarget.Latest, false, real.ScriptKind.TS);
      const end = src.replace(/\s+$/, "").length;
      return (sf.parseDiagnostics ?? []).some((d) => d.start < end) ? { status: "invalid" } : { status: "complete" };
    },
    close: () => conv.close(),
    mapOf(output) {
      const raw = maps.get(output);
      if (raw === undefined) return undefined;
      return {
        position(line, column) {
          let d = decoded.get(output);
          if (d === undefined) decoded.set(output, (d = { cjs: decodeMap(raw.cjs), esm: raw.esm === undefined ? undefined : decodeMap(raw.esm) }));
          const mid = lookup(d.cjs, line, column);
          if (mid === undefined || d.esm === undefined) return undefined;
          const src = lookup(d.esm, mid.line, mid.column);
          // The converter compiles "export {};\n" + cell: line 0 is its own.
          return src === undefined ? undefined : { line: Math.max(0, src.line - 1), column: src.column };
        },
      };
    },
  };
}
