// The REPL without a terminal: input from a file or a pipe runs line by line and prints plain
// text, so a session file is a script. Runs the built CLI (`npm test` builds first).
import { describe, expect, it } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempFolders } from "./helpers.js";

const folder = tempFolders("sw-cli-");

const root = join(import.meta.dirname, "..");
const cli = join(root, "dist", "cli.mjs");
const session = "test/fixtures/cli-session.sw";

function run(args: string[], input?: string): { out: string; err: string; code: number | null } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, input: input ?? "", encoding: "utf8", env: { ...process.env, STREAMWEAVE_HISTORY: "", FORCE_COLOR: undefined } });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

describe("the REPL in line mode (no terminal)", () => {
  it("runs a session file and prints the expected output, byte for byte", () => {
    const r = run(["--keep-going", session]);
    expect(r.out).toBe(readFileSync(join(root, "test/fixtures/cli-session.out"), "utf8"));
    expect(r.err).toBe(`${session}:24: TimeError: input "clicks": cannot advance to time 0, which is before its current time 1; time only moves forward\n`);
    expect(r.code).toBe(1);
    expect(r.out).not.toMatch(/\x1b/); // no escape codes
  });

  it("reads standard input the same way (streamweave < session.sw)", () => {
    const r = run(["--keep-going"], readFileSync(join(root, session), "utf8"));
    expect(r.out).toBe(readFileSync(join(root, "test/fixtures/cli-session.out"), "utf8"));
    expect(r.err).toBe(`<stdin>:24: TimeError: input "clicks": cannot advance to time 0, which is before its current time 1; time only moves forward\n`);
  });

  it("stops at the first failing line without --keep-going, with exit code 1", () => {
    const r = run([], "1 + 1\nnope()\n2 + 2\n");
    expect(r.out).toBe("2\n");
    expect(r.err).toBe("<stdin>:2: ReferenceError: nope is not defined\n");
    expect(r.code).toBe(1);
  });

  it("exits 0 when every line works; --echo prints each line first", () => {
    const r = run(["--echo"], "const x = [1,\n  2]\nx.length\n.step\n");
    expect(r.out).toBe("› const x = [1,\n…   2]\n› x.length\n2\n› .step\n");
    expect(r.err).toBe('<stdin>:4: no graph yet: make one, e.g. const g = new Graph("clicks")\n');
    expect(r.code).toBe(1);
    expect(run(["--echo"], "const x = [1,\n  2]\nx.length\n").code).toBe(0);
  });

  it("steps a step-mode run one activation at a time (.step, .step n, .step until, .step all), byte for byte", () => {
    mkdirSync(join(root, "test-output"), { recursive: true });
    rmSync(join(root, "test-output/cli-step.script"), { force: true });
    const r = run(["--keep-going", "test/fixtures/cli-step.sw"]);
    expect(r.out).toBe(readFileSync(join(root, "test/fixtures/cli-step.out"), "utf8"));
    expect(r.err).toBe("test/fixtures/cli-step.sw:18: GraphError: step(): the run has completed (every input closed and all work done); there is nothing left to step\n");
    expect(r.code).toBe(1);
    // .save --inputs wrote the calls as an input script: .load plays them on a graph built the same way
    expect(readFileSync(join(root, "test-output/cli-step.script"), "utf8")).toMatch(/\nsend nums @0 \[1,2,3\]\nadvance nums 1\n$/);
    const replay = run(["--echo"], [
      `const g = new Graph("again"); const nums = g.input<number>("nums")`,
      `const total = nums.map((x: number) => x * 2).sum((x: number) => x, { name: "total" }).capture({ name: "out" })`,
      ".run step",
      ".load test-output/cli-step.script",
      ".step all",
      "total.items()",
      "",
    ].join("\n"));
    expect(replay.err).toBe("");
    expect(replay.out).toContain(`› .load test-output/cli-step.script\nreplayed the input calls of test-output/cli-step.script on graph "again"\n`);
    expect(replay.out).toMatch(/stepToQuiescence: quiescent after 11 steps[^\n]*\n› total.items\(\)\n\[ 12 \]\n$/);
  });

  it(".step, .run and .load of an input script refuse bad input with the reason", () => {
    mkdirSync(join(root, "test-output"), { recursive: true });
    writeFileSync(join(root, "test-output/backwards.script"), "# hand-written\nadvance nums 2\n\nsend nums @1 [2]\n");
    writeFileSync(join(root, "test-output/unknown.script"), "send clicks @0 [1]\n");
    const r = run(["--keep-going"], [
      `const g = new Graph("g"); const nums = g.input<number>("nums"); nums.capture()`,
      ".step",
      ".run fast",
      ".load test-output/backwards.script",
      ".load test-output/unknown.script",
      ".run",
      ".step",
      ".stop",
      ".step 0",
      ".load test-output/backwards.script",
      "",
    ].join("\n"));
    expect(r.err.split("\n")).toEqual([
      '<stdin>:2: graph "g" is not running: .run step starts it in step mode',
      '<stdin>:3: .run: unknown mode "fast"; modes are: concurrent, logical-time, deterministic, step (and --manual-clock)',
      '<stdin>:4: ScriptError: script line 4: send nums @1 sends backwards in time: input "nums" is at 2 (advanced on line 2); time only moves forward',
      "<stdin>:5: ScriptError: script line 1: send clicks @0: unknown input \"clicks\"; the graph's inputs are: nums",
      '<stdin>:7: graph "g" runs in concurrent mode, which does not step: a graph runs once, so build a new Graph and .run step',
      '<stdin>:9: graph "g" is not running (its concurrent run stopped); a graph runs once: build a new Graph, then .run step',
      '<stdin>:10: .load test-output/backwards.script: graph "g" has already run (its run stopped); build a new Graph to replay input calls on',
      "",
    ]);
  });

  it("reports an input left unfinished at the end, and bad input line by line", () => {
    const r = run(["--keep-going"], '.nope\n.inject x 1\nconst g = new Graph("g"); g.input("i")\n.inject i {bad\n.advance i -1\n.load no/such/file\nfoo(\n');
    const lines = r.err.split("\n");
    expect(lines[0]).toBe("<stdin>:1: unknown command .nope; did you mean .nodes? (.help lists the commands)");
    expect(lines[1]).toBe('<stdin>:2: no graph yet: make one, e.g. const g = new Graph("clicks")');
    expect(lines[2]).toMatch(/^<stdin>:4: \.inject i: bad JSON \(.+\): \{bad$/);
    expect(lines[3]).toBe('<stdin>:5: .advance i: the time must be a non-negative integer or a pair like (1, 0), got "-1"');
    expect(lines[4]).toBe("<stdin>:6: .load: cannot read no/such/file: no such file");
    expect(lines[5]).toBe("<stdin>:7: the input ends in the middle of an unfinished input");
    expect(lines.slice(6)).toEqual([""]);
    expect(r.code).toBe(1);
  });

  it("takes .load ./x, .save ../y and .help .step after code as commands, not as a chain on it", () => {
    mkdirSync(join(root, "test-output"), { recursive: true });
    writeFileSync(join(root, "test-output/dot-path.sw"), "const fromFile = 41\n");
    const r = run(["--echo"], "const a = 1\n.load ./test-output/dot-path.sw\nfromFile + a\n.help .step\n");
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^› const a = 1\n› \.load \.\/test-output\/dot-path\.sw\n› fromFile \+ a\n42\n› \.help \.step\n\.step /);
    expect(r.code).toBe(0);
  });

  it("reports an error thrown later by the session's code, without dying", () => {
    const r = run([], 'setTimeout(() => { throw new Error("later") }, 0); 1\nawait new Promise((r) => setTimeout(r, 20))\n"still here"\n');
    expect(r.out).toBe("1\n'still here'\n");
    expect(r.err).toBe("<stdin>:2: uncaught: Error: later\n");
    expect(r.code).toBe(1);
  });

  it("a SIGINT stops an endless synchronous loop: that input fails, the next one runs", async () => {
    const child = spawn(process.execPath, [cli, "--keep-going"], { cwd: root, env: { ...process.env, STREAMWEAVE_HISTORY: "" } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += String(d)));
    child.stderr.on("data", (d) => (err += String(d)));
    child.stdin.end('"looping"\nlet i = 0; while (true) { i++ }\ni > 0\n');
    while (!out.includes("looping")) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    child.kill("SIGINT");
    const code = await new Promise((r) => child.on("close", r));
    expect(err).toBe("<stdin>:2: Interrupted: the evaluation was stopped\n");
    expect(out).toBe("'looping'\ntrue\n");
    expect(code).toBe(1);
  });

  it("a script that cannot be read is named on stderr, with exit code 2", () => {
    const r = run(["/nonexistent.sw"]);
    expect(r.err).toBe("streamweave: cannot read /nonexistent.sw: no such file\n");
    expect(r.out).toBe("");
    expect(r.code).toBe(2);
    expect(run(["test"]).err).toBe("streamweave: cannot read test: it is a directory\n");
  });

  it("an error thrown by a timer of the last line still counts: exit code 1", () => {
    const r = run([], 'setTimeout(() => { throw new Error("x") }); "set"\n');
    expect(r.out).toBe("'set'\n");
    expect(r.err).toBe("<stdin>:1: uncaught: Error: x\n");
    expect(r.code).toBe(1);
  });

  it(".run step --manual-clock lets .load play an input script with clock lines; on a real clock .load says to use it", () => {
    mkdirSync(join(root, "test-output"), { recursive: true });
    writeFileSync(join(root, "test-output/clock.script"), "send nums @0 [1]\nclock +250\nadvance nums 1\n");
    const build = `const g = new Graph("g"); const nums = g.input<number>("nums"); const c = nums.capture()`;
    const r = run([], [build, ".run step --manual-clock", ".load test-output/clock.script", ".step all", "c.items()", ""].join("\n"));
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^running graph "g" \(step, on a manual clock\): nothing runs until \.step \(\.help step\)\nreplayed the input calls of test-output\/clock\.script on graph "g"\n/);
    expect(r.out).toContain("applied clock +250 ms\n");
    expect(r.out).toMatch(/stepToQuiescence: quiescent after \d+ steps[^\n]*\n\[ 1 \]\n$/);
    expect(r.code).toBe(0);
    const real = run([], [build, ".run step", ".load test-output/clock.script", ""].join("\n"));
    expect(real.err).toBe(
      '<stdin>:3: .load test-output/clock.script: script line 2 moves processing time (clock +250), but graph "g" runs on a real clock (RealClock); a graph runs once: build it again and start it with .run --manual-clock (e.g. .run step --manual-clock), or .load the script before .run\n',
    );
    expect(real.code).toBe(1);
  });

  it(".inject, .advance and .close take a quoted input name, JSON with @ in it, and product times", () => {
    const r = run([], [
      `const g = new Graph("p", { minimum: new Product(0, 0) }); const a = g.input<unknown>("my input"); const c = a.capture()`,
      ".run deterministic",
      '.inject "my input" [1] @(0, 1)',
      '.inject "my input" "str with @ 5"',
      '.inject "my input" "x @ 5" @ (1, 2)',
      '.advance "my input" (2, 0)',
      '.close "my input"',
      "await g.execution.done",
      "c.items()",
      "",
    ].join("\n"));
    expect(r.err).toBe("");
    expect(r.out).toBe([
      'running graph "p" (deterministic)',
      "sent 1 item to my input at time (0, 1)",
      "sent 1 item to my input at time (0, 0)",
      "sent 1 item to my input at time (1, 2)",
      "my input advanced to (2, 0)",
      "closed my input",
      "{ status: 'completed', failures: [] }",
      "[ 1, 'str with @ 5', 'x @ 5' ]",
      "",
    ].join("\n"));
    expect(r.code).toBe(0);
  });

  it("settles the runs after each line and command, so what is printed is what was sent; a run that stays busy is named once", () => {
    const r = run([], [
      'const g = new Graph("t"); const i = g.input("in"); const cap = i.map((x) => x * 2).capture(); const exec = g.run()',
      "await i.send([1, 2])",
      "cap.items()",
      ".inject in [5]",
      ".nodes",
      'const b = new Graph("busy"); b.source("gen", generatorSource((p) => [p]), { batch: 1 }).map((x) => x); const bx = b.run()',
      "1 + 1",
      "bx.stop()",
    ].join("\n") + "\n");
    expect(r.code).toBe(0);
    const out = r.out.split("\n");
    expect(out).toContain("[ 2, 4 ]");
    expect(out.find((l) => l.startsWith("capture [capture]"))).toMatch(/in 3 \/ out 0/);
    expect(r.out.match(/graph "busy" is still busy 250 ms after the input ran/g)).toHaveLength(1);
  });

  it("says what is wrong with a bad .inject time and an unwritable .save, and prints no frames of its own", () => {
    const r = run(["--keep-going"], ['const g = new Graph("t"); const i = g.input("in")', ".inject in [1] @-1", ".inject in [1] @x", ".save /no/such/dir/x.sw", 'Promise.reject(new Error("later"))'].join("\n") + "\n");
    expect(r.err).toContain(`<stdin>:2: .inject in: after @: the time must be a non-negative integer or a pair like (1, 0), got "-1"`);
    expect(r.err).toContain(`<stdin>:3: .inject in: after @: the time must be a non-negative integer or a pair like (1, 0), got "x"`);
    expect(r.err).toContain("<stdin>:4: .save: cannot write /no/such/dir/x.sw: the folder /no/such/dir does not exist");
    expect(r.out).toContain("<rejected> Error: later");
    expect(r.out + r.err).not.toMatch(/cli-chunks|node:vm|node:internal|dist\/cli\.mjs/);
  });

  it(".state shows each key once with the user's value; --raw shows the operator's own entries", () => {
    const r = run(["--keep-going"], ['const g = new Graph("t"); const i = g.input("in"); i.keyBy((x) => x).count({ name: "count" }); g.run()', '.inject in ["a", "b", "a"]', ".state count", ".state count --raw"].join("\n") + "\n");
    const [user, raw] = r.out.split("count: ").slice(1);
    expect(user).toMatch(/^2 keys; most recently changed, newest first:\n/);
    expect(user!.split("\n").filter((l) => /^\s+'a'\s/.test(l))).toHaveLength(1);
    expect(user).toMatch(/'a'\s+2\s/);
    expect(user).toMatch(/'b'\s+1\s/);
    expect(user).not.toContain("[ 'g'");
    expect(raw).toContain("its entries as the operator keeps them");
    expect(raw).toContain("[ 'g', 0, 'a' ]");
  });

  it(".help explains API names and members, suggests close names, and a misspelt method gets a did-you-mean", () => {
    const r = run(["--keep-going"], [".help Graph", ".help Stream.mapAsync", ".help Grpah", 'const inp = new Graph("t").input("in")', "inp.sned(1)", ".help"].join("\n") + "\n");
    expect(r.out).toMatch(/^class Graph\n {2}new Graph\(name\?: string, options\?: GraphOptions\)\n {2}A dataflow graph\.\nmembers: .*\.input/m);
    expect(r.out).toContain("Stream#mapAsync\n  mapAsync<U>(f: (item: T) => U | PromiseLike<U>, options?: MapAsyncOptions): Stream<Awaited<U>>");
    expect(r.err).toContain('.help: no command or API name "Grpah"; did you mean graph, Graph?');
    expect(r.err).toContain("TypeError: inp.sned is not a function — did you mean inp.send?");
    // Every line of the help fits the width (100 columns without a terminal), broken between words.
    const help = r.out.slice(r.out.indexOf("Type TypeScript"));
    expect(help.split("\n").every((l) => l.length <= 100)).toBe(true);
  });

  it("runs the demo graph with --demo: its names are in scope", () => {
    const r = run(["--demo"], "g.name\nawait new Promise((r) => setTimeout(r, 400))\npanes.items().length >= 0 && clicks.name\n");
    expect(r.out).toBe("'clicks'\n'clicks'\n");
    expect(r.code).toBe(0);
  });

  it("checkpoints a run with .run --checkpoints and .checkpoint, and runs a graph built again from one with .restore", () => {
    const dir = folder();
    try {
      const store = join(dir, "s.db");
      const build = (g: string, i: string) => `const ${g} = new Graph("job")\nconst ${i} = ${g}.input("in")\nconst totals${g} = ${i}.keyBy((x) => x % 2).scan((a, x) => a + x, 0, { name: "totals" }).capture()\n`;
      const input =
        build("g", "i") +
        `.run --checkpoints ${store}\nawait i.send([1, 2, 3])\ni.advanceTo(1)\n.checkpoint\n.stop\n` +
        build("h", "j") +
        `.restore ${store}\nh.execution.picture().checkpoints.text\nawait j.send([4, 5])\nj.advanceTo(2)\nawait h.execution.quiet()\ntotalsh.items()\n.checkpoint\n.restore ${store} 9\n`;
      const r = run(["--keep-going"], input);
      const out = r.out.split("\n");
      expect(out).toContain(`running graph "job" (concurrent, checkpointing into ${store})`);
      expect(out.find((l) => l.startsWith("checkpoint 1"))).toMatch(/^checkpoint 1 at \[1\]: \d+ keys, \d+ bytes, \d+ ms$/);
      expect(out).toContain(`running graph "job" (concurrent) from checkpoint 1 at [1]`);
      expect(out).toContain("'0 taken · restored from #1 at [1]'");
      // The restored scan goes on from the totals at the checkpoint: odd 1+3, even 2.
      expect(r.out).toContain("{ key: 1, value: 9 }");
      expect(r.out).toContain("{ key: 0, value: 6 }");
      expect(out.find((l) => l.startsWith("checkpoint 2"))).toMatch(/^checkpoint 2 at \[2\]/);
      expect(r.err).toMatch(/<stdin>:\d+: graph "job" has already run \(running\); a graph runs once: build it again, then \.restore/);
      expect(run(["--keep-going"], `.checkpoint\n`).err).toMatch(/no graph|no current graph|not running|first/i);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
