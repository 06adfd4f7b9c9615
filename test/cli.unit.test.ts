// The REPL's parts without a terminal: evaluation (TypeScript per line, persistent bindings,
// top-level await, unfinished input), keys, the line editor, completion, history, formatting and
// commands. The terminal itself is tested in cli.e2e.test.ts.
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Evaluator, InputSyntaxError, compile, isIncomplete } from "../cli/evaluate.js";
import { parseKeys } from "../cli/keys.js";
import { Editor } from "../cli/editor.js";
import { History, historyFile } from "../cli/history.js";
import { complete, commonPrefix, type CompletionSource } from "../cli/complete.js";
import { formatError, formatValue, truncate, compact, stateValue } from "../cli/format.js";
import { Session } from "../cli/session.js";
import { continuesInput, joinContinuations } from "../cli/continuation.js";
import { findCommand, parseCommand, COMMANDS } from "../cli/commands/index.js";
import { isInputScript } from "../cli/commands/files.js";
import { readTime, splitAtTime, splitInputName } from "../cli/commands/inputs.js";
import { Product } from "streamweave";
import type { EntryKind } from "../cli/output.js";
import { tempFolders } from "./helpers.js";

const folder = tempFolders("sw-cli-");

describe("evaluating TypeScript a line at a time", () => {
  const ev = new Evaluator((s) => import(s));
  const value = async (code: string): Promise<unknown> => (await ev.evaluate(code)).value;

  it("keeps bindings across lines, and lets a line declare a name again", async () => {
    await ev.evaluate("const unitA: number = 20");
    expect(await value("unitA + 1")).toBe(21);
    await ev.evaluate("const unitA = 5");
    expect(await value("unitA")).toBe(5);
    await ev.evaluate("let { unitB, unitC: [unitD] } = { unitB: 1, unitC: [2] }");
    expect(await value("unitB + unitD")).toBe(3);
    await ev.evaluate("class UnitK { v = 7 }");
    expect(await value("new UnitK().v")).toBe(7);
    await ev.evaluate("enum UnitE { A, B }");
    expect(await value("UnitE.B")).toBe(1);
  });

  it("supports top-level await, keeping what it declares", async () => {
    await ev.evaluate("const unitW = await Promise.resolve(6), unitX = 7");
    expect(await value("unitW * unitX")).toBe(42);
    expect(await value("await new Promise((r) => setTimeout(r, 5)); unitW + 1")).toBe(7);
    await ev.evaluate("async function unitF() { return 3 }");
    expect(await value("await unitF()")).toBe(3);
  });

  it("shows a promise that is not awaited as a promise", async () => {
    const r = await ev.evaluate("Promise.resolve(1)");
    expect(r.value).toBeInstanceOf(Promise);
  });

  it("rewrites imports (the library is the REPL's own instance)", async () => {
    await ev.evaluate('import { inspect as unitInspect } from "node:util"');
    expect(await value("typeof unitInspect")).toBe("function");
  });

  it("loads `import()` expressions, at the top level and inside functions, through the same importer", async () => {
    const asked: string[] = [];
    const ev2 = new Evaluator((s) => {
      asked.push(s);
      return import(s);
    });
    await ev2.evaluate('const unitFs = await import("node:fs")');
    expect(typeof (globalThis as unknown as Record<string, { readFileSync?: unknown }>).unitFs!.readFileSync).toBe("function");
    const r = await ev2.evaluate('const unitJoin = async () => (await import("node:path")).join("a", "b"); await unitJoin()');
    expect(r.value).toBe(join("a", "b"));
    expect(asked).toEqual(["node:fs", "node:path"]);
  });

  it("reads a line starting with { as an object literal, else as a block", async () => {
    expect(await value("{ a: 1, b: 2 }")).toEqual({ a: 1, b: 2 });
    expect((await ev.evaluate("{ let unitQ = 1; }")).hasValue).toBe(false);
  });

  it("says which values are worth printing", () => {
    expect(compile("const a = 1")).toMatchObject({ hasValue: false });
    expect(compile("a")).toMatchObject({ hasValue: true, effect: false });
    expect(compile("f()")).toMatchObject({ hasValue: true, effect: true });
    expect(compile("await x")).toMatchObject({ hasValue: true, effect: true, async: true });
    expect(compile('"text"')).toMatchObject({ hasValue: true, effect: false });
  });

  it("recognises unfinished input", () => {
    for (const s of ["foo(", "const x = {", "`abc", "`a ${b}", "/* c", "a +", "function f() {\n  return 1"]) expect(isIncomplete(s), s).toBe(true);
    for (const s of ["foo()", "'abc", "x)", "}", "1 +* 2"]) expect(isIncomplete(s), s).toBe(false);
  });

  it("reports syntax errors with the line and column", () => {
    try {
      compile("const x = ;");
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputSyntaxError);
      expect(formatError(e, { colors: false, width: 80 })).toBe('SyntaxError: Unexpected ";" (line 1, column 11)\n  const x = ;\n            ^');
    }
  });
});

describe("keys", () => {
  it("splits a chunk into text, control keys and escape sequences", () => {
    expect(parseKeys("ab\x1b[Acd\r\x7f\t\x03\x1b[1;5D\x1bb\x1b")).toEqual([
      { kind: "text", text: "ab" },
      { kind: "up" },
      { kind: "text", text: "cd" },
      { kind: "enter" },
      { kind: "backspace" },
      { kind: "tab" },
      { kind: "ctrl", key: "c" },
      { kind: "wordleft" },
      { kind: "wordleft" },
      { kind: "escape" },
    ]);
    expect(parseKeys("a*2\rb\r\n")).toEqual([{ kind: "text", text: "a*2" }, { kind: "enter" }, { kind: "text", text: "b" }, { kind: "enter" }]);
    expect(parseKeys("\x1b[200~x\ny\x1b[201~")).toEqual([{ kind: "paste", text: "x\ny" }]);
  });
});

describe("the line editor", () => {
  const source: CompletionSource = {
    globals: () => ["clicks", "counts", "Graph"],
    lookup: () => undefined,
    ports: () => ({ nodes: [], ports: [] }),
    commands: () => [],
    commandArgs: () => undefined,
  };
  const editor = (entries: string[] = []): { e: Editor; h: History } => {
    const h = new History(undefined);
    for (const x of entries) h.add(x);
    return { e: new Editor(h, (t, c) => complete(t, c, source)), h };
  };
  const keys = (e: Editor, data: string): ReturnType<Editor["handle"]> => e.handle(parseKeys(data));

  it("edits: insert, move, delete, kill", () => {
    const { e } = editor();
    keys(e, "hello world");
    keys(e, "\x1b[D\x1b[D\x1b[D\x1b[D\x1b[DX");
    expect(e.view()).toMatchObject({ text: "hello Xworld", cursor: 7 });
    keys(e, "\x01"); // Ctrl+A
    keys(e, "\x0b"); // Ctrl+K
    expect(e.view().text).toBe("");
    keys(e, "one two\x17"); // Ctrl+W
    expect(e.view().text).toBe("one ");
  });

  it("submits lines; a pasted chunk submits each line", () => {
    const { e } = editor();
    expect(keys(e, "a\rb\rc")).toEqual([
      { kind: "submit", text: "a" },
      { kind: "submit", text: "b" },
    ]);
    expect(e.view().text).toBe("c");
    expect(keys(e, "\x1b[200~x\ny\x1b[201~")).toEqual([
      { kind: "submit", text: "cx" },
    ]);
    expect(e.view().text).toBe("y");
  });

  it("recalls history with Up and Down, keeping the draft", () => {
    const { e } = editor(["first", "second"]);
    keys(e, "draft\x1b[A");
    expect(e.view().text).toBe("second");
    keys(e, "\x1b[A\x1b[A");
    expect(e.view().text).toBe("first");
    keys(e, "\x1b[B\x1b[B");
    expect(e.view().text).toBe("draft");
  });

  it("searches history backwards with Ctrl+R", () => {
    const { e } = editor(["const a = 1", "g.run()", "const b = 2"]);
    keys(e, "\x12const");
    expect(e.view().search).toEqual({ query: "const", match: "const b = 2" });
    keys(e, "\x12");
    expect(e.view().search?.match).toBe("const a = 1");
    expect(keys(e, "\r")).toEqual([{ kind: "submit", text: "const a = 1" }]);
    keys(e, "\x12run\x1b[C"); // Right: take the match for editing
    expect(e.view().text).toBe("g.run()");
    expect(e.view().search).toBeUndefined();
  });

  it("completes with Tab: one candidate, a common prefix, or a list", () => {
    const { e } = editor();
    keys(e, "Gr\t");
    expect(e.view().text).toBe("Graph");
    keys(e, "\x15c\t"); // Ctrl+U, c, Tab: many candidates, no longer common prefix: a list
    expect(e.view().text).toBe("c");
    expect(e.view().candidates).toEqual(expect.arrayContaining(["clicks", "counts", "const", "console"]));
    keys(e, "li\t");
    expect(e.view().text).toBe("clicks");
    expect(e.view().candidates).toBeUndefined();
    keys(e, "\x15cou\t");
    expect(e.view().text).toBe("counts");
  });

  it("turns Ctrl+C, Ctrl+D (empty line) and Ctrl+L into actions", () => {
    const { e } = editor();
    expect(keys(e, "\x03")).toEqual([{ kind: "interrupt" }]);
    expect(keys(e, "\x04")).toEqual([{ kind: "eof" }]);
    expect(keys(e, "\x0c")).toEqual([{ kind: "clear-screen" }]);
    keys(e, "ab\x01\x04");
    expect(e.view().text).toBe("b");
  });
});

describe("completion", () => {
  const target = { alpha: 1, beta: { gamma: 2 }, _hidden: 3, method() {} };
  const source: CompletionSource = {
    globals: () => ["target", "tumbling", "Graph"],
    lookup: (path) => (path[0] === "target" ? path.slice(1).reduce<unknown>((v, p) => (v as Record<string, unknown>)?.[p], target) : undefined),
    ports: () => ({ nodes: ["window"], ports: ["window.in", "window.out"] }),
    commands: () => ["frontier", "help"],
    commandArgs: (name) => (name === "frontier" ? ["window.in", "window.out"] : undefined),
  };
  it("completes names, members, strings and commands", () => {
    expect(complete("tum", 3, source).candidates).toEqual(["tumbling"]);
    expect(complete("target.", 7, source).candidates).toEqual(["alpha", "beta", "method"]);
    expect(complete("target.beta.g", 13, source).candidates).toEqual(["gamma"]);
    expect(complete('g.frontier("win', 15, source)).toMatchObject({ start: 12, candidates: ["window", "window.in", "window.out"] });
    expect(complete(".fr", 3, source).candidates).toEqual(["frontier"]);
    expect(complete(".frontier window.o", 18, source).candidates).toEqual(["window.out"]);
    expect(complete("f().al", 6, source).candidates).toEqual([]); // needs a call: not evaluated
    expect(commonPrefix(["window.in", "window.out"])).toBe("window.");
  });
});

describe("history", () => {
  it("keeps entries in a file, one JSON string per line, at most max", () => {
    const file = join(folder(), "h");
    const h = new History(file, 3);
    h.add("a");
    h.add("a"); // a repeat is not kept
    h.add("multi\nline");
    h.add("  ");
    expect(readFileSync(file, "utf8")).toBe('"a"\n"multi\\nline"\n');
    h.add("c");
    h.add("d");
    expect(new History(file, 3).entries).toEqual(["multi\nline", "c", "d"]);
    expect(h.search("l")).toBe(0);
    expect(historyFile({ STREAMWEAVE_HISTORY: "" })).toBeUndefined();
    expect(historyFile({ STREAMWEAVE_HISTORY: "/x" })).toBe("/x");
  });
});

describe("formatting", () => {
  it("prints values with inspect and cuts huge ones with a note", () => {
    expect(formatValue({ a: [1, 2] }, { colors: false, width: 80 })).toBe("{ a: [ 1, 2 ] }");
    const text = Array.from({ length: 10 }, (_, i) => `l${i}`).join("\n");
    expect(truncate(text, 3, 1000)).toBe("l0\nl1\nl2\n… output truncated: 7 more lines, 21 more characters (print a part of it, e.g. x.slice(0, 10))");
    expect(truncate("x".repeat(50), 10, 20)).toBe(`${"x".repeat(20)}\n… output truncated: 30 more characters (print a part of it, e.g. x.slice(0, 10))`);
    expect(compact(950)).toBe("950");
    expect(compact(12_345)).toBe("12.3k");
    expect(compact(4_560_000)).toBe("4.56M");
    expect(stateValue([{ start: 0, end: 5000, acc: 3 }])).toBe("[0, 5000) 3");
    expect(formatError("plain", { colors: false, width: 80 })).toBe("Uncaught 'plain'");
  });
});

describe("lines that continue the one before", () => {
  it("joins chained calls in scripts and pastes, not dot-commands", () => {
    expect(continuesInput("  .map((x) => x)")).toBe(true);
    expect(continuesInput(".close()")).toBe(true);
    expect(continuesInput("?.x")).toBe(true);
    expect(continuesInput(".close clicks")).toBe(false);
    expect(continuesInput(".run")).toBe(false);
    expect(joinContinuations(["const a = b", "  .map(f)", "  .filter(g)", ".run", "x"])).toEqual([
      { text: "const a = b\n  .map(f)\n  .filter(g)", line: 1 },
      { text: ".run", line: 4 },
      { text: "x", line: 5 },
    ]);
  });

  it("takes a known command's line as a command whatever its arguments (.load ./x.sw, .help .step)", () => {
    for (const line of [".load ./x.sw", ".load ../x.sw", ".save ./y.sw", ".help .step", "  .load ./x.sw", ".step"]) expect(continuesInput(line), line).toBe(false);
    expect(continuesInput(".close()")).toBe(true);
    expect(continuesInput(".loader.x")).toBe(true);
    expect(joinContinuations(["const a = 1", ".load ./x.sw", ".help .step", ".save ../y.sw"])).toEqual([
      { text: "const a = 1", line: 1 },
      { text: ".load ./x.sw", line: 2 },
      { text: ".help .step", line: 3 },
      { text: ".save ../y.sw", line: 4 },
    ]);
  });
});

describe("commands", () => {
  it("parses a command line and suggests the closest name for a typo", () => {
    expect(parseCommand(".inject clicks {} @3")).toEqual({ name: "inject", args: "clicks {} @3" });
    expect(findCommand("frontiers")).toEqual({ error: "unknown command .frontiers; did you mean .frontier? (.help lists the commands)" });
    expect(findCommand("zzzzzzzzz")).toEqual({ error: "unknown command .zzzzzzzzz; (.help lists the commands)" });
    expect(COMMANDS.map((c) => c.name)).toEqual(["help", "graph", "nodes", "frontier", "state", "watch", "inject", "advance", "close", "run", "stop", "step", "checkpoint", "restore", "save", "load", "clear", "exit"]);
    for (const c of COMMANDS) expect(c.help.length, c.name).toBeGreaterThan(20);
  });

  it(".run completes its modes and --manual-clock, and .help run explains the option", async () => {
    const run = COMMANDS.find((c) => c.name === "run")!;
    const s = new Session({ out: { write: () => {} }, colors: false });
    const source: CompletionSource = { globals: () => [], lookup: () => undefined, ports: () => ({ nodes: [], ports: [] }), commands: () => [], commandArgs: (_n, i) => run.args?.(s, i) };
    expect(complete(".run --m", 8, source).candidates).toEqual(["--manual-clock"]);
    expect(complete(".run step --", 12, source).candidates).toEqual(["--checkpoints", "--manual-clock"]);
    expect(complete(".run st", 7, source).candidates).toEqual(["step"]);
    expect(run.usage).toBe(".run [concurrent|logical-time|deterministic|step] [--manual-clock] [--checkpoints <file>]");
    expect(run.help).toMatch(/--manual-clock runs it on a ManualClock/);
    expect(run.help).toMatch(/--checkpoints <file> checkpoints the run into the store in <file>/);
  });

  it("reads input names (bare or JSON-quoted), trailing @times only where they are times, and product times", () => {
    expect(splitInputName('"my input" [1] @3')).toEqual({ name: "my input", rest: "[1] @3" });
    expect(splitInputName('"q\\"x" 1')).toEqual({ name: 'q"x', rest: "1" });
    expect(splitInputName("clicks {} @3")).toEqual({ name: "clicks", rest: "{} @3" });
    expect(splitAtTime('"str with @ 5"')).toEqual({ json: '"str with @ 5"' });
    expect(splitAtTime('"x @ 5" @7')).toEqual({ json: '"x @ 5"', time: 7 });
    expect(splitAtTime("[1] @ (1, 2)")).toEqual({ json: "[1]", time: new Product(1, 2) });
    expect(splitAtTime("{bad @3")).toEqual({ json: "{bad @3" });
    expect(readTime("(1, (0, 2))")).toEqual(new Product(1, new Product(0, 2)));
    expect(readTime(" 4 ")).toBe(4);
    for (const bad of ["-1", "1.5", "(1, 2", "(1 2)", "x", "", "99999999999999999999"]) expect(readTime(bad), bad).toBeUndefined();
  });

  it(".help lists every command with its summary", async () => {
    const out: Array<[EntryKind, string]> = [];
    const s = new Session({ out: { write: (k, t) => out.push([k, t]) }, colors: false });
    await s.submit(".help");
    const text = out.map((x) => x[1]).join("\n");
    for (const c of COMMANDS) expect(text).toContain(c.usage);
    await s.submit(".help inject");
    expect(out.at(-1)![1]).toMatch(/^\.inject <input> <json> \[@time\]\n {2}Sends a JSON value/);
    s.close();
  });

  it(".save writes the lines that worked; .load replays them", async () => {
    const dir = folder();
    const out: string[] = [];
    const s = new Session({ out: { write: (_k, t) => out.push(t) }, colors: false });
    for (const l of ['const saveG = new Graph("saved")', "const saveIn = saveG.input<number>(\"in\")", "nope()", ".run deterministic", ".inject in [1,2]", ".advance in 4"]) await s.submit(l);
    await s.submit(`.save ${join(dir, "s.sw")}`);
    expect(readFileSync(join(dir, "s.sw"), "utf8")).toBe('const saveG = new Graph("saved")\nconst saveIn = saveG.input<number>("in")\n.run deterministic\n.inject in [1,2]\n.advance in 4\n');
    writeFileSync(join(dir, "bad.sw"), "1 + 1\nnope()\n2 + 2\n");
    expect(await s.submit(`.load ${join(dir, "bad.sw")}`)).toBe("error");
    expect(out.slice(-2)).toEqual(["ReferenceError: nope is not defined", `.load stopped at line 2 of ${join(dir, "bad.sw")}`]);
    s.current?.execution?.stop();
    s.close();
  });
});

describe("input scripts in the REPL", () => {
  it("tells an input script from session lines", () => {
    expect(isInputScript("# streamweave input script\nsend clicks @0 [1]\n\nadvance clicks 2\nclose clicks\nclock +5\n")).toBe(true);
    expect(isInputScript("# streamweave input script: nothing yet\n")).toBe(true);
    expect(isInputScript('const g = new Graph("g")\n.run\n')).toBe(false);
    expect(isInputScript("send clicks @0 [1]\n.step\n")).toBe(false);
    expect(isInputScript("close(x)\n")).toBe(false);
    expect(isInputScript("")).toBe(false);
  });

  it(".save --inputs writes the current graph's input calls; .load plays them on a new graph", async () => {
    const dir = folder();
    const out: string[] = [];
    const s = new Session({ out: { write: (_k, t) => out.push(t) }, colors: false });
    const build = (v: string) => `const ${v}G = new Graph("${v}"); const ${v}In = ${v}G.input<number>("in"); const ${v}Out = ${v}In.map((x: number) => x + 1).capture()`;
    for (const l of [build("a"), ".run deterministic", ".inject in [1,2] @0", "aIn.push(5, 3)", ".advance in 4", ".close in"]) expect(await s.submit(l)).toBe("ok");
    expect(await s.submit(`.save --inputs ${join(dir, "a.script")}`)).toBe("ok");
    expect(readFileSync(join(dir, "a.script"), "utf8").split("\n").slice(1)).toEqual(["send in @0 [1,2]", "send in @3 [5]", "advance in 4", "close in", ""]);
    expect(await s.submit(build("b"))).toBe("ok");
    expect(await s.submit(`.load ${join(dir, "a.script")}`)).toBe("ok");
    const g = s.current!;
    expect(g.name).toBe("b");
    await g.execution!.done;
    const { aOut, bOut } = globalThis as unknown as Record<string, { byTime(): unknown }>;
    expect(bOut!.byTime()).toEqual(aOut!.byTime());
    expect(s.lines.at(-1)).toBe(`.load ${join(dir, "a.script")}`);
    expect(await s.submit(".save --inputs")).toBe("error");
    expect(out.at(-1)).toBe(".save: to which file? e.g. .save --inputs clicks.script");
    s.close();
  });
});

describe("Graph.inputs (added for the REPL's .inject, .advance and .close)", () => {
  it("gives handles over the graph's inputs, by name, in creation order", async () => {
    const { Graph } = await import("streamweave");
    const g = new Graph("ins");
    const a = g.input<number>("a");
    g.input<string>("b");
    const out = a.map((x) => x * 2).capture();
    expect(g.inputs.map((i) => i.name)).toEqual(["a", "b"]);
    const exec = g.run({ mode: "deterministic" });
    const handle = g.inputs.find((i) => i.name === "a")!;
    await handle.send([1, 2]);
    handle.advanceTo(3);
    expect(a.time).toBe(3); // the same input
    await exec.quiet();
    expect(out.items()).toEqual([2, 4]);
    g.remove("b");
    expect(g.inputs.map((i) => i.name)).toEqual(["a"]);
    exec.stop();
  });
});

describe("the shape of cli/", () => {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : /\.tsx?$/.test(f) ? [join(dir, f)] : []));
  const root = join(import.meta.dirname, "..");
  const cli = files(join(root, "cli"));

  it("every file starts with a doc comment and every export has one", () => {
    const bare = cli.filter((f) => !readFileSync(f, "utf8").trimStart().startsWith("/**")).map((f) => relative(root, f));
    expect(bare).toEqual([]);
    const missing: string[] = [];
    for (const f of cli) {
      const lines = readFileSync(f, "utf8").split("\n");
      lines.forEach((line, i) => {
        if (!/^export (async )?(function|class|interface|type|const)\b/.test(line) || /^export type (\{|\*)/.test(line)) return;
        let j = i - 1;
        while (j >= 0 && lines[j]!.trim() === "") j--;
        if (!lines[j]?.trim().endsWith("*/")) missing.push(`${relative(root, f)}:${i + 1} ${line.slice(0, 60)}`);
      });
    }
    expect(missing).toEqual([]);
  });

  it("src/ never imports from cli/", () => {
    const src = files(join(root, "src"));
    expect(src.filter((f) => /from\s+"(\.\.\/)+cli\//.test(readFileSync(f, "utf8")))).toEqual([]);
  });
});
