/**
 * The API help `.help <name>` prints: the signature and doc comment of any name the library exports
 * (`Graph`, `tumbling`), of any member (`Stream.window`, `exec.checkpoint`, or `window` alone, found
 * in every class that has it), and "did you mean" for a name that is not there. It reads the index
 * the build writes from the declarations (dist/api-help.json).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { editDistance } from "streamweave/internals";

/** One member of a class or interface. */
export interface HelpMember {
  readonly name: string;
  readonly signature: readonly string[];
  readonly doc: string;
  readonly static?: boolean;
}

/** One exported name. */
export interface HelpEntry extends HelpMember {
  readonly kind: "class" | "function" | "interface" | "type" | "const";
  readonly members?: readonly HelpMember[];
}

let loaded: readonly HelpEntry[] | undefined;

/** The index of the library the REPL runs (empty when it is missing, e.g. an unbuilt checkout). */
export function helpIndex(): readonly HelpEntry[] {
  if (loaded !== undefined) return loaded;
  try {
    const root = dirname(createRequire(import.meta.url).resolve("streamweave/package.json"));
    loaded = JSON.parse(readFileSync(join(root, "dist", "api-help.json"), "utf8")) as HelpEntry[];
  } catch {
    loaded = [];
  }
  return loaded;
}

/** The names of `candidates` closest to `name` (at most 2 edits, or a prefix), best first. */
export function closestNames(name: string, candidates: Iterable<string>, max = 3): string[] {
  const scored: Array<[string, number]> = [];
  for (const c of new Set(candidates)) {
    const n = editDistance(name.toLowerCase(), c.toLowerCase());
    if (n <= (name.length <= 4 ? 1 : 2) || (name.length >= 3 && c.toLowerCase().startsWith(name.toLowerCase()))) scored.push([c, n]);
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, max).map(([c]) => c);
}

/**
 * `text` with every line longer than `width` broken at its last space before `width` (never inside
 * a word, unless a word alone is longer), the continuation lines indented by `indent`; spacing
 * within a line is kept.
 */
export function wrap(text: string, width: number, indent = ""): string {
  const out: string[] = [];
  for (const para of text.split("\n")) {
    let line = para;
    while (line.length > width) {
      let at = line.lastIndexOf(" ", width);
      while (at > indent.length && line[at - 1] === " ") at--;
      if (at <= indent.length) at = line.indexOf(" ", width);
      if (at < 0) break;
      out.push(line.slice(0, at));
      line = indent + line.slice(at).trimStart();
    }
    out.push(line);
  }
  return out.join("\n");
}

/** The help text for `query` (`Graph`, `Stream.window`, `window`), or undefined when nothing has that name. */
export function apiHelpText(query: string, width: number): string | undefined {
  const index = helpIndex();
  const [owner, memberName] = query.includes(".") ? (query.split(".", 2) as [string, string]) : [undefined, query];
  const blocks: string[] = [];
  const show = (title: string, m: HelpMember, kind?: string): void => {
    const sig = m.signature.map((s) => wrap(s, width, "    ")).join("\n");
    blocks.push(`${kind !== undefined ? `${kind} ` : ""}${title}\n${sig.replace(/^/gm, "  ")}${m.doc !== "" ? `\n${wrap(m.doc.replace(/\n(?!\n)/g, " "), width - 2, "  ").replace(/^/, "  ")}` : ""}`);
  };
  if (owner === undefined) {
    const entry = index.find((e) => e.name === query);
    if (entry !== undefined) {
      show(entry.name, entry, entry.kind);
      if (entry.members !== undefined && entry.members.length > 0) {
        const names = entry.members.map((m) => `${m.static === true ? `${entry.name}.` : "."}${m.name}`);
        blocks.push(wrap(`members: ${names.join("  ")}`, width, "  "), `.help ${entry.name}.<member> explains one`);
      }
      return blocks.join("\n");
    }
  }
  for (const e of index) {
    if (owner !== undefined && e.name.toLowerCase() !== owner.toLowerCase()) continue;
    for (const m of e.members ?? []) if (m.name === memberName) show(`${e.name}${m.static === true ? "." : "#"}${m.name}`, m);
  }
  return blocks.length > 0 ? blocks.join("\n\n") : undefined;
}

/** Names close to `query` among the exported names and members, for "did you mean". */
export function helpSuggestions(query: string): string[] {
  const index = helpIndex();
  const last = query.split(".").pop()!;
  return closestNames(last, [...index.map((e) => e.name), ...index.flatMap((e) => (e.members ?? []).map((m) => m.name))]);
}

/** The names an object answers to: its own and its prototypes' (up to Object.prototype), but not constructor. */
function namesOf(value: object): string[] {
  const names: string[] = [];
  for (let o: object | null = value; o !== null && o !== Object.prototype && o !== Function.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const n of Object.getOwnPropertyNames(o)) if (n !== "constructor" && !n.startsWith("_")) names.push(n);
  }
  return names;
}

/**
 * For `TypeError: a.b.sned is not a function` (a misspelt method of a value the session holds):
 * " — did you mean a.b.send?", looked up on the value `resolve(["a", "b"])` gives; "" otherwise.
 */
export function missingMethodHint(e: unknown, resolve: (path: readonly string[]) => unknown): string {
  if (!(e instanceof TypeError)) return "";
  const m = /^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)\.([A-Za-z_$][\w$]*) is not a function$/.exec(e.message);
  if (m === null) return "";
  let value: unknown;
  try {
    value = resolve(m[1]!.split("."));
  } catch {
    return "";
  }
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return "";
  const near = closestNames(m[2]!, namesOf(value as object), 2);
  return near.length > 0 ? ` — did you mean ${near.map((n) => `${m[1]}.${n}`).join(" or ")}?` : "";
}
