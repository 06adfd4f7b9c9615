/**
 * Tab completion. What is completed depends on where the cursor is:
 *
 * - `.fr` → dot-command names; after a command, its arguments (inputs, nodes, `node.port`s, files);
 * - inside a string literal (`g.frontier("win`) → node names and `node.port` names of the current graph;
 * - after a dot (`clicks.adv`) → the properties and methods of the value before the dot (an
 *   identifier chain without calls, so completing never runs user code);
 * - otherwise → the user's variables, the library's API and JavaScript's globals and keywords.
 */
import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** What completion draws its names from. */
export interface CompletionSource {
  /** Variable and API names in scope. */
  globals(): string[];
  /** The value of a dotted identifier chain (`["g", "execution"]`), or undefined. */
  lookup(path: readonly string[]): unknown;
  /** Node names and `node.port` names of the current graph. */
  ports(): { nodes: string[]; ports: string[] };
  /** Dot-command names (without the dot). */
  commands(): string[];
  /** Candidates for argument `index` of command `name` (undefined: complete file paths). */
  commandArgs(name: string, index: number): string[] | "files" | undefined;
}

/** A completion: replace `text.slice(start, cursor)` with one of `candidates`. */
export interface Completion {
  /** Where the word being completed starts. */
  readonly start: number;
  /** The word typed so far. */
  readonly word: string;
  /** The full words it may become, sorted. */
  readonly candidates: readonly string[];
}

const KEYWORDS = ["await", "async", "break", "case", "catch", "class", "const", "continue", "default", "delete", "do", "else", "export", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "let", "new", "null", "of", "return", "switch", "this", "throw", "true", "try", "typeof", "undefined", "var", "void", "while", "yield"];
const JS_GLOBALS = ["Array", "BigInt", "Boolean", "Date", "Error", "JSON", "Map", "Math", "Number", "Object", "Promise", "Reflect", "RegExp", "Set", "String", "Symbol", "WeakMap", "WeakSet", "console", "globalThis", "process", "require", "setInterval", "setTimeout", "clearInterval", "clearTimeout", "structuredClone"];

/** The completion at `cursor` in `text`. */
export function complete(text: string, cursor: number, src: CompletionSource): Completion {
  const before = text.slice(0, cursor);
  const cmd = /^(\s*)\.([A-Za-z]*)$/.exec(before);
  if (cmd !== null) return pick(cmd[1]!.length + 1, cmd[2]!, src.commands());
  const args = /^\s*\.([A-Za-z]+)\s+(.*)$/.exec(before);
  if (args !== null) {
    const parts = args[2]!.split(/\s+/);
    const word = parts[parts.length - 1]!;
    const start = cursor - word.length;
    const options = src.commandArgs(args[1]!, parts.length - 1);
    if (options === "files") return files(start, word);
    return pick(start, word, options ?? []);
  }
  const str = openString(before);
  if (str !== undefined) {
    const { nodes, ports } = src.ports();
    const word = before.slice(str);
    return pick(str, word, [...nodes, ...ports]);
  }
  const member = /((?:[A-Za-z_$][\w$]*\.)+)([A-Za-z_$][\w$]*)?$/.exec(before);
  if (member !== null) {
    const path = member[1]!.slice(0, -1).split(".");
    const word = member[2] ?? "";
    // after a call or an index (`f().x`, `a[0].x`) the value is unknown without running code
    const value = /[.)\]\w$]/.test(before[member.index - 1] ?? "") ? undefined : src.lookup(path);
    if (value === undefined || value === null) return { start: cursor - word.length, word, candidates: [] };
    return pick(cursor - word.length, word, propertyNames(value, word.startsWith("_")));
  }
  const ident = /[A-Za-z_$][\w$]*$/.exec(before);
  const word = ident?.[0] ?? "";
  return pick(cursor - word.length, word, [...src.globals(), ...JS_GLOBALS, ...KEYWORDS]);
}

/** The longest prefix all `words` share. */
export function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return "";
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

function pick(start: number, word: string, names: readonly string[]): Completion {
  const candidates = [...new Set(names.filter((n) => n.startsWith(word) && n !== ""))].sort((a, b) => a.localeCompare(b));
  return { start, word, candidates };
}

/** Where the string literal the text ends in starts (after its quote), or undefined. */
function openString(text: string): number | undefined {
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'" || c === "`") {
      quote = c;
      start = i + 1;
    }
  }
  return quote === undefined ? undefined : start;
}

/** The property names of a value: its own and its prototypes', without `Object.prototype`'s and (unless asked) `_private` ones. */
export function propertyNames(value: unknown, privateToo = false): string[] {
  const names = new Set<string>();
  let o: unknown = typeof value === "object" || typeof value === "function" ? value : Object(value);
  for (let depth = 0; o !== null && o !== undefined && o !== Object.prototype && o !== Function.prototype && depth < 20; depth++) {
    for (const n of Object.getOwnPropertyNames(o)) {
      if (n === "constructor" || (!privateToo && n.startsWith("_")) || !/^[A-Za-z_$][\w$]*$/.test(n)) continue;
      names.add(n);
    }
    o = Object.getPrototypeOf(o);
  }
  return [...names];
}

function files(start: number, word: string): Completion {
  const dir = word.endsWith("/") ? word : dirname(word);
  const base = word.endsWith("/") ? "" : basename(word);
  let entries: string[] = [];
  try {
    entries = readdirSync(dir === "" ? "." : dir);
  } catch {
    return { start, word, candidates: [] };
  }
  const prefix = word.endsWith("/") ? word : dir === "." && !word.startsWith("./") ? "" : `${dir}/`;
  const names = entries
    .filter((e) => e.startsWith(base) && !e.startsWith("."))
    .map((e) => {
      let isDir = false;
      try {
        isDir = statSync(join(dir, e)).isDirectory();
      } catch {
        // vanished meanwhile
      }
      return `${prefix}${e}${isDir ? "/" : ""}`;
    });
  return pick(start, word, names);
}
