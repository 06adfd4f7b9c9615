/**
 * Evaluating TypeScript a line (or a few lines) at a time, the way a REPL user expects.
 *
 * Each input is compiled TypeScript → JavaScript with esbuild (types are stripped, not checked),
 * then rewritten with acorn's syntax tree so that:
 *
 * - top-level `const`, `let`, `class` and `function` declarations become global bindings that later
 *   lines see, and may be declared again (a REPL re-runs lines);
 * - top-level `await` works: the input is wrapped in an async function whose declarations are
 *   hoisted out as globals, and whose last expression is returned;
 * - `import { Graph } from "streamweave"` works: it becomes a dynamic import (the library itself
 *   is the instance the REPL already loaded), and so does `await import("node:fs")`;
 * - an input that is not finished yet (`foo(`, `{`, an open template or comment) is recognised,
 *   so the caller can ask for another line.
 *
 * Code runs in the main realm (`vm.Script#runInThisContext`), like Node's own REPL: objects made by
 * the user and by the library share one set of built-ins, and values print with the library's
 * custom inspection.
 */
import { stop as stopEsbuild, transformSync, type Message } from "esbuild";
import { parse, type Node as AcornNode } from "acorn";
import vm from "node:vm";

/** The name of the global function that `import` statements are rewritten to call. */
export const IMPORT_HOOK = "__swImport";

/** A syntax error in an input, with where it is (1-based line and column, in the input). */
export class InputSyntaxError extends SyntaxError {
  /** A syntax error `message` at `line`:`column`, whose line reads `lineText`. */
  constructor(message: string, readonly line: number, readonly column: number, readonly lineText: string) {
    super(message);
    this.name = "SyntaxError";
  }
}

/** An input compiled for the REPL. */
export interface Compiled {
  /** The JavaScript to run. */
  readonly js: string;
  /** True when running it gives a promise (top-level `await` or `import`) of `{ value }` or undefined. */
  readonly async: boolean;
  /** True when the input ends with an expression whose value should be shown. */
  readonly hasValue: boolean;
  /**
   * True when that expression is done for its effect (a call, an `await`, an assignment): an
   * `undefined` value is then not worth printing.
   */
  readonly effect: boolean;
  /** The global names the input declares. */
  readonly declares: readonly string[];
}

/** The outcome of evaluating an input. */
export interface Evaluated {
  /** The value of the input's last expression (undefined when it has none). */
  readonly value: unknown;
  /** True when the input ended with an expression (so its value should be shown). */
  readonly hasValue: boolean;
  /** True when that expression was a call, an `await` or an assignment (an `undefined` value is not shown). */
  readonly effect: boolean;
  /** The global names the input declared. */
  readonly declares: readonly string[];
}

const TS_OPTIONS = {
  loader: "ts" as const,
  target: "es2022",
  // Keep imports the user wrote even when nothing in this input uses them: later lines will.
  tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true, useDefineForClassFields: true } },
  logLevel: "silent" as const,
};

/** True when `code` is unfinished: more lines could make it valid (an open bracket, string template or comment). */
export function isIncomplete(code: string): boolean {
  try {
    toJs(code);
    return false;
  } catch (e) {
    return e instanceof InputSyntaxError && incompleteMessage(e.message, code);
  }
}

function incompleteMessage(message: string, code: string): boolean {
  if (/end of file/.test(message) || /to terminate multi-line comment/.test(message)) return true;
  // An open template literal may span lines; an open quote may not.
  if (/Unterminated string literal/.test(message)) return openTemplate(code);
  return false;
}

/** True when `code` ends inside a template literal (a rough scan that knows quotes, comments and `${}`). */
function openTemplate(code: string): boolean {
  const stack: string[] = []; // "`" for a template, "{" for braces
  let i = 0;
  const top = (): string | undefined => stack[stack.length - 1];
  while (i < code.length) {
    const c = code[i]!;
    if (top() === "`") {
      if (c === "\\") i += 2;
      else if (c === "`") (stack.pop(), i++);
      else if (c === "$" && code[i + 1] === "{") (stack.push("{"), (i += 2));
      else i++;
      continue;
    }
    if (c === "'" || c === '"') {
      i++;
      while (i < code.length && code[i] !== c && code[i] !== "\n") i += code[i] === "\\" ? 2 : 1;
      i++;
    } else if (c === "/" && code[i + 1] === "/") {
      while (i < code.length && code[i] !== "\n") i++;
    } else if (c === "/" && code[i + 1] === "*") {
      const end = code.indexOf("*/", i + 2);
      i = end < 0 ? code.length : end + 2;
    } else if (c === "`") (stack.push("`"), i++);
    else if (c === "{") (stack.push("{"), i++);
    else if (c === "}") (stack.pop(), i++);
    else i++;
  }
  return stack.includes("`");
}

/**
 * esbuild's transform. Its helper process is in the REPL's process group, so a Ctrl+C that
 * stopped an input (a SIGINT to the group) ends it too: then esbuild starts a new one.
 */
function transform(code: string): { code: string } {
  try {
    return transformSync(code, TS_OPTIONS);
  } catch (e) {
    if (!/service (is no longer running|was stopped)/.test((e as Error | undefined)?.message ?? "")) throw e;
    void stopEsbuild();
    return transformSync(code, TS_OPTIONS);
  }
}

/** TypeScript → JavaScript; throws `InputSyntaxError` with the input's line and column. */
function toJs(code: string): string {
  try {
    return transform(code).code;
  } catch (e) {
    const first = (e as { errors?: Message[] }).errors?.[0];
    if (first === undefined) throw e;
    const loc = first.location;
    throw new InputSyntaxError(first.text, loc?.line ?? 1, (loc?.column ?? 0) + 1, loc?.lineText ?? "");
  }
}

/**
 * Compiles one input. An input that starts with `{` and does not end with `;` is read as an
 * object literal first (like Node's REPL), then as a block.
 */
export function compile(code: string): Compiled {
  if (/^\s*\{/.test(code) && !/;\s*$/.test(code)) {
    try {
      return rewrite(toJs(`(${code}\n)`));
    } catch {
      // not an object literal: a block
    }
  }
  return rewrite(toJs(code));
}

type Node = AcornNode & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Rewrites compiled JavaScript for the REPL (see the file's doc). */
export function rewrite(js: string): Compiled {
  let program: Node;
  try {
    program = parse(js, {
      ecmaVersion: "latest",
      sourceType: "script",
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowHashBang: true,
    }) as Node;
  } catch (e) {
    // esbuild accepted it, so this is rare (e.g. a construct acorn does not know yet)
    throw new InputSyntaxError((e as Error).message, 1, 1, "");
  }
  const dynamic = importExpressions(program);
  if (dynamic.length > 0) {
    // `import("x")` anywhere loads as the rewritten `import` statements do; then rewrite the rest
    return rewrite(applyEdits(js, dynamic.map((n) => ({ start: n.start, end: n.source.start, text: `${IMPORT_HOOK}(` }))));
  }
  const body = program.body as Node[];
  const isAsync = body.some((s) => s.type === "ImportDeclaration" || hasTopLevelAwait(s));
  const edits: Edit[] = [];
  const declares: string[] = [];
  const src = (n: { start: number; end: number }): string => js.slice(n.start, n.end);
  const last = body[body.length - 1];
  const hasValue = last !== undefined && last.type === "ExpressionStatement"; // a lone string is a directive to acorn, a value to a REPL user
  const effect = hasValue && ["CallExpression", "AwaitExpression", "AssignmentExpression", "UpdateExpression", "NewExpression"].includes((last.expression as Node).type);

  for (const stmt0 of body) {
    let stmt = stmt0;
    if (stmt.type === "ExportNamedDeclaration" || stmt.type === "ExportDefaultDeclaration") {
      if (stmt.declaration == null) {
        edits.push({ start: stmt.start, end: stmt.end, text: ";" });
        continue;
      }
      edits.push({ start: stmt.start, end: stmt.declaration.start, text: "" });
      stmt = stmt.declaration;
      if (stmt.type !== "VariableDeclaration" && stmt.type !== "FunctionDeclaration" && stmt.type !== "ClassDeclaration") {
        continue; // export default <expression>: just the expression
      }
    }
    switch (stmt.type) {
      case "ImportDeclaration": {
        edits.push({ start: stmt.start, end: stmt.end, text: importText(stmt, declares) });
        break;
      }
      case "VariableDeclaration": {
        const names = stmt.declarations.flatMap((d: Node) => patternNames(d.id));
        declares.push(...names);
        if (!isAsync) {
          edits.push({ start: stmt.start, end: stmt.start + stmt.kind.length, text: "var" });
        } else {
          const parts = stmt.declarations.filter((d: Node) => d.init != null).map((d: Node) => `(${src(d.id)} = ${src(d.init)})`);
          edits.push({ start: stmt.start, end: stmt.end, text: parts.length > 0 ? `(${parts.join(", ")});` : ";" });
        }
        break;
      }
      case "FunctionDeclaration": {
        if (stmt.id) declares.push(stmt.id.name);
        if (isAsync && stmt.id) edits.push({ start: stmt.start, end: stmt.end, text: `${stmt.id.name} = ${src(stmt)};` });
        break;
      }
      case "ClassDeclaration": {
        if (!stmt.id) break;
        declares.push(stmt.id.name);
        edits.push({ start: stmt.start, end: stmt.end, text: `${isAsync ? "" : "var "}${stmt.id.name} = ${src(stmt)};` });
        break;
      }
      default:
        break;
    }
  }
  if (isAsync && hasValue && last !== undefined) {
    const expr = last.expression as Node;
    edits.push({ start: last.start, end: last.end, text: `return { value: (${src(expr)}) };` });
  }
  let out = applyEdits(js, edits);
  if (isAsync) {
    const hoisted = [...new Set(declares)];
    out = `${hoisted.length > 0 ? `var ${hoisted.join(", ")};\n` : ""}(async () => {\n${out}\n})()`;
  }
  return { js: out, async: isAsync, hasValue, effect, declares: [...new Set(declares)] };
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** `import ... from "x"` as a global declaration that awaits `__swImport("x")`. */
function importText(stmt: Node, declares: string[]): string {
  const from = JSON.stringify(stmt.source.value);
  const call = `(await ${IMPORT_HOOK}(${from}))`;
  const specs = stmt.specifiers as Node[];
  if (specs.length === 0) return `${call};`;
  const parts: string[] = [];
  const named: string[] = [];
  for (const s of specs) {
    declares.push(s.local.name);
    if (s.type === "ImportNamespaceSpecifier") parts.push(`(${s.local.name} = ${call})`);
    else if (s.type === "ImportDefaultSpecifier") parts.push(`(${s.local.name} = ${call}.default)`);
    else {
      const imported = s.imported.type === "Identifier" ? s.imported.name : JSON.stringify(s.imported.value);
      named.push(imported === s.local.name ? imported : `${imported}: ${s.local.name}`);
    }
  }
  if (named.length > 0) parts.push(`({ ${named.join(", ")} } = ${call})`);
  return `(${parts.join(", ")});`;
}

/** The names a binding pattern declares. */
function patternNames(p: Node | null): string[] {
  if (p == null) return [];
  switch (p.type) {
    case "Identifier":
      return [p.name];
    case "ObjectPattern":
      return p.properties.flatMap((q: Node) => patternNames(q.type === "RestElement" ? q.argument : q.value));
    case "ArrayPattern":
      return p.elements.flatMap((q: Node | null) => patternNames(q));
    case "RestElement":
      return patternNames(p.argument);
    case "AssignmentPattern":
      return patternNames(p.left);
    default:
      return [];
  }
}

/** Every `import(...)` expression in `node`, at any depth. */
function importExpressions(node: Node): Node[] {
  const found: Node[] = [];
  const visit = (n: unknown): void => {
    if (n === null || typeof n !== "object") return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    if (typeof (n as Node).type !== "string") return;
    if ((n as Node).type === "ImportExpression") found.push(n as Node);
    for (const k in n) if (k !== "type" && k !== "start" && k !== "end") visit((n as Record<string, unknown>)[k]);
  };
  visit(node);
  return found;
}

/** True when `node` contains an `await` (or `for await`) outside any function. */
function hasTopLevelAwait(node: Node): boolean {
  let found = false;
  const visit = (n: unknown): void => {
    if (found || n === null || typeof n !== "object") return;
    if (Array.isArray(n)) {
      for (const x of n) visit(x);
      return;
    }
    const t = (n as Node).type;
    if (typeof t !== "string") return;
    if (t === "FunctionDeclaration" || t === "FunctionExpression" || t === "ArrowFunctionExpression") return;
    if (t === "AwaitExpression" || (t === "ForOfStatement" && (n as Node).await === true)) {
      found = true;
      return;
    }
    for (const k in n) if (k !== "type" && k !== "start" && k !== "end") visit((n as Record<string, unknown>)[k]);
  };
  visit(node);
  return found;
}

/**
 * Runs the synchronous part of an input (`run`), e.g. under a watch that turns Ctrl+C into a
 * SIGINT; `run(true)` lets a SIGINT stop the input itself (Node's `breakOnSigint`), `run(false)`
 * leaves that to the guard (whose own SIGINT watchdog the input's would otherwise shadow).
 */
export type SyncGuard = <T>(run: (breakOnSigint: boolean) => T) => T;

/** True when `e` is the error of an input whose synchronous part a SIGINT stopped. */
export function isInterrupted(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}

/** Runs inputs in the main realm; every input's top-level declarations become globals. */
export class Evaluator {
  private count = 0;

  /**
   * An evaluator. `importer(specifier)` loads modules for rewritten `import` statements (it is
   * installed as the global `__swImport`); `guard` wraps the synchronous part of each input, which
   * a SIGINT stops (like Node's REPL, `breakOnSigint`).
   */
  constructor(
    importer: (specifier: string) => Promise<unknown>,
    private readonly guard: SyncGuard = (run) => run(true),
  ) {
    Object.defineProperty(globalThis, IMPORT_HOOK, { value: importer, configurable: true, writable: true, enumerable: false });
  }

  /** Compiles and runs `code`; rejects with the error the code threw (or an `InputSyntaxError`). */
  async evaluate(code: string): Promise<Evaluated> {
    const c = compile(code);
    const script = new vm.Script(c.js, { filename: `repl-${++this.count}.js` });
    const result: unknown = this.guard((breakOnSigint) => script.runInThisContext({ displayErrors: false, breakOnSigint }));
    if (!c.async) return { value: c.hasValue ? result : undefined, hasValue: c.hasValue, effect: c.effect, declares: c.declares };
    const wrapped = (await (result as Promise<{ value: unknown } | undefined>)) ?? undefined;
    return { value: wrapped?.value, hasValue: c.hasValue, effect: c.effect, declares: c.declares };
  }
}
