// The terminal REPL end to end: the built CLI (`npm test` builds first) in a real pseudo-terminal,
// its screen read back through a headless xterm. No mocks: keys go in as bytes, assertions are on
// what the terminal shows.
import { afterEach, describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Term, type TermOptions } from "./cli-term.js";
import { tempFolders } from "./helpers.js";

const folder = tempFolders("sw-cli-");

const open: Term[] = [];
const start = (o: TermOptions = {}): Term => {
  const t = new Term(o);
  open.push(t);
  return t;
};
afterEach(() => {
  for (const t of open.splice(0)) t.kill();
});

const UP = "\x1b[A";
const CTRL_C = "\x03";
const CTRL_D = "\x04";
const CTRL_R = "\x12";
const CTRL_U = "\x15";

/** A windowed count, typed a line at a time. */
const WINDOWED = [
  `const g = new Graph("clicks")`,
  `const clicks = g.input<{ user: string; ts: number }>("clicks")`,
  `const counts = clicks.eventTime({ timestamp: (c) => c.ts, maxOutOfOrderness: 0 }).keyBy((c) => c.user).window(tumbling(1000)).count()`,
  `const out = counts.capture({ name: "out" })`,
];

describe("the REPL in a terminal", () => {
  it("builds a graph line by line, injects and advances; the panels show frontiers, counts and state rows", async () => {
    const t = start({ cols: 110, rows: 34 });
    await t.see("› ");
    for (const l of WINDOWED) await t.line(l);
    await t.see(/graph clicks · idle/);
    await t.line(".run");
    await t.seeAnywhere(`running graph "clicks" (concurrent)`);
    await t.line(`.inject clicks [{"user":"ada","ts":100},{"user":"bob","ts":300},{"user":"ada","ts":600}]`);
    await t.seeAnywhere("sent 3 items to clicks at time 0");
    // the graph panel: items in and out, and the frontier (the watermark: the largest ts seen, 600)
    await t.see(/└ window\s+3\s+0\s+\[600\]\s+2 keys/);
    // the state panel: the window's keys, with their open window and count; ada's click at 600 waits
    // until the watermark passes 600 (windows handle each time once the frontier has passed it), and
    // is shown under her key (cut to the panel's width)
    await t.see(/state of window · 2 keys/);
    await t.see(/'ada'\s+\[0, 1000\) 1 · wa…\s+v\d+/);
    await t.see(/'bob'\s+\[0, 1000\) 1\s+v\d+/);
    await t.line(`.inject clicks {"user":"cy","ts":2500}`);
    // the window [0, 1000) fired: two panes out, the frontier at the window is now 2500
    await t.see(/└ window\s+4\s+2\s+\[2500\]/);
    await t.see(/● running concurrent │ .* in\/s │ epoch \[0\] │ watermark 2500 │ errors 0/);
    await t.line(`out.items().map((r) => \`\${r.key}=\${r.value}\`)`);
    await t.seeAnywhere("[ 'ada=2', 'bob=1' ]");
    await t.line(".frontier out.in");
    await t.seeAnywhere("out.in [2500]");
    await t.line(".advance clicks 5");
    await t.seeAnywhere("clicks advanced to 5");
    await t.see(/epoch \[5\]/);
    await t.line(".state window");
    // ada's and bob's windows fired and were dropped; cy's click waits for the watermark to pass 2500
    await t.seeAnywhere(/^window: 0 keys; 1 item waits for the frontier to pass its time; most recently changed, newest first:$/);
    await t.seeAnywhere(/^ {2}'cy'\s+no window yet · waiting: \{ user: 'cy', ts: 2500 \} @2500$/); // the element, under its key (it joins a window then)
    await t.line(".state window --raw");
    await t.seeAnywhere(/^ {2}'ada'\s+\[\]\s+v\d+$/); // the operator's own view: the emptied key lingers
  });

  it("completes API names, variables, methods, node.port names and commands with Tab", async () => {
    const t = start();
    await t.see("› ");
    for (const l of WINDOWED) await t.line(l);
    t.type("cli\t");
    await t.until((x) => x.prompt().startsWith("clicks"), "clicks completed");
    t.type(".adv\t");
    await t.until((x) => x.prompt().startsWith("clicks.advanceTo"), "a method completed");
    t.type(`${CTRL_U}g.frontier("win\t`);
    await t.until((x) => x.prompt().startsWith(`g.frontier("window`), "a node name completed inside a string");
    t.type("\t");
    await t.see(/window\s+window\.error\s+window\.in\s+window\.late\s+window\.out/); // the candidates, listed
    t.type(`${CTRL_U}tumb\t`);
    await t.until((x) => x.prompt().startsWith("tumbling"), "an API name completed");
    t.type(`${CTRL_U}.fro\t`);
    await t.until((x) => x.prompt().startsWith(".frontier"), "a command completed");
    t.type(" key\t");
    await t.until((x) => x.prompt().startsWith(".frontier keyBy."), "a port completed after a command");
    t.type("\t");
    await t.see(/keyBy\.error\s+keyBy\.in\s+keyBy\.out/); // several candidates: listed under the prompt
  });

  it("recalls history with Up and Ctrl+R, across sessions", async () => {
    const dir = folder();
    const history = join(dir, "history");
    const a = start({ history });
    await a.see("› ");
    await a.line("const answer = 42");
    await a.line("answer + 1");
    await a.seeAnywhere("43");
    a.type(UP);
    await a.until((x) => x.prompt().startsWith("answer + 1"), "the last line recalled");
    a.type(UP);
    await a.until((x) => x.prompt().startsWith("const answer = 42"), "the line before recalled");
    a.type(`${CTRL_U}${CTRL_D}`);
    expect(await a.exit()).toBe(0);
    expect(readFileSync(history, "utf8")).toBe('"const answer = 42"\n"answer + 1"\n');

    const b = start({ history });
    await b.see("› ");
    b.type(UP);
    await b.until((x) => x.prompt().startsWith("answer + 1"), "the previous session's line recalled");
    b.type(`${CTRL_U}${CTRL_R}answer =`);
    await b.see("(history search) 'answer =': const answer = 42");
    b.type("\r"); // runs the match
    await b.seeAnywhere(/^› const answer = 42$/);
    await b.line("answer * 2");
    await b.seeAnywhere(/^84$/);
  });

  it("continues an unfinished input on the next line, and recalls it as one entry", async () => {
    const t = start();
    await t.see("› ");
    t.type("function twice(x: number) {\r");
    await t.until((x) => x.screen().some((l) => l === "› function twice(x: number) {") && x.screen().at(-1) !== undefined && x.all().some((l) => l.startsWith("… ")), "a continuation prompt");
    await t.line("  return x * 2");
    await t.line("}");
    await t.line("twice(21)");
    await t.seeAnywhere(/^42$/);
    await t.line("const text = `a");
    await t.line("b`");
    await t.line("text.length");
    await t.seeAnywhere(/^3$/);
    t.type(`${UP}${UP}${UP}${UP}`);
    await t.until((x) => x.screen().some((l) => l === "› function twice(x: number) {") && x.screen().some((l) => l === "…   return x * 2"), "the whole function recalled");
  });

  it(".save then .load in a new session reproduces the graph's state", async () => {
    const cwd = folder();
    const a = start({ cwd });
    await a.see("› ");
    for (const l of WINDOWED) await a.line(l);
    await a.line(".run");
    await a.line(`.inject clicks [{"user":"ada","ts":100},{"user":"ada","ts":1500}]`);
    await a.line("nope(");
    await a.line(")"); // an error: not saved
    await a.seeAnywhere("ReferenceError: nope is not defined");
    await a.line(".advance clicks 3");
    await a.see(/└ window\s+2\s+1\s+\[1500\]/);
    await a.line(".save session.sw");
    await a.seeAnywhere("saved 7 lines to session.sw");
    a.type(CTRL_D);
    expect(await a.exit()).toBe(0);
    expect(existsSync(join(cwd, "session.sw"))).toBe(true);

    const b = start({ cwd });
    await b.see("› ");
    await b.line(".load session.sw");
    await b.see(/└ window\s+2\s+1\s+\[1500\]/);
    await b.see(/epoch \[3\]/);
    await b.line("out.items().length");
    await b.seeAnywhere(/^1$/);
  });

  it("steps a step-mode run: each .step prints what ran and the panels show the step and the frontiers it moved", async () => {
    const t = start({ cols: 120, rows: 36 });
    await t.see("› ");
    for (const l of WINDOWED) await t.line(l);
    await t.line(".run step");
    await t.see(/● running step/);
    await t.see(/step 0/);
    await t.line(`.inject clicks [{"user":"ada","ts":100},{"user":"bob","ts":1500}]`);
    await t.line(".advance clicks 2000");
    await t.line(".step until window");
    await t.seeAnywhere(/^window ran \(\d+ steps?\)$/);
    await t.see(/window .*◀ step \d+/);
    await t.line(".step all");
    await t.seeAnywhere(/^stepToQuiescence: quiescent after \d+ steps/);
    await t.see(/└ window\s+2\s+1\s+\[1500\]/); // the watermark is the latest event time (no out-of-orderness): ada's window [0, 1000) closed, bob's is open
    await t.line("out.items().map((r) => `${r.key}:${r.value}`).join()");
    await t.seeAnywhere(/^'ada:1'$/);
    await t.line(".step");
    await t.seeAnywhere(/^nothing to do: no node has work and no input call is queued$/);
  });

  it("shows a bad line's error and goes on; bad commands explain themselves", async () => {
    const t = start({ cols: 120 });
    await t.see("› ");
    await t.line("const x = ;");
    await t.seeAnywhere(/^SyntaxError: Unexpected ";" \(line 1, column 11\)$/);
    await t.line(`throw new RangeError("too far")`);
    await t.seeAnywhere(/^RangeError: too far$/);
    await t.line("1 + 1");
    await t.seeAnywhere(/^2$/);
    await t.line(".frontiers");
    await t.seeAnywhere("unknown command .frontiers; did you mean .frontier? (.help lists the commands)");
    for (const l of WINDOWED) await t.line(l);
    await t.line(".inject click {}");
    await t.seeAnywhere(`no input "click" in graph "clicks"; its inputs are: clicks`);
    await t.line(".inject clicks {nope");
    await t.seeAnywhere(/^\.inject clicks: bad JSON \(.*\): \{nope$/);
    await t.line(".advance clicks 5");
    await t.line(".advance clicks 2");
    await t.seeAnywhere(`TimeError: input "clicks": cannot advance to time 2, which is before its current time 5; time only moves forward`);
    await t.line(".load missing.sw");
    await t.seeAnywhere(".load: cannot read missing.sw: no such file");
    await t.line(`"x".repeat(100).split("").map((c, i) => c + i).join("\\n")`);
    await t.line(`Array.from({ length: 5000 }, (_, i) => "line " + i).join("\\n")`);
    await t.seeAnywhere(/^… output truncated: \d+ more lines, [\d,]+ more characters/);
    await t.line(".step");
    await t.seeAnywhere('graph "clicks" is not running: .run step starts it in step mode');
    await t.line("2 + 2");
    await t.seeAnywhere(/^4$/);
  });

  it("Ctrl+C stops a running graph; a second Ctrl+C at the empty prompt exits", async () => {
    const t = start({ args: ["--demo"] });
    await t.see(/● running concurrent/);
    t.type("some text");
    await t.until((x) => x.prompt().startsWith("some text"), "typed text");
    t.type(CTRL_C); // clears the line
    await t.until((x) => x.prompt().trim() === "", "the line cleared");
    await t.see(/● running/);
    t.type(CTRL_C); // stops the graph
    await t.see(/■ stopped concurrent/);
    await t.seeAnywhere(`stopped graph "clicks" (Ctrl+C again exits)`);
    t.type(CTRL_C);
    expect(await t.exit()).toBe(0);
  });

  it("interrupts a long await with Ctrl+C and keeps going", async () => {
    const t = start();
    await t.see("› ");
    t.type("await new Promise(() => {})\r");
    await t.see("evaluating…");
    t.type(CTRL_C);
    await t.seeAnywhere("interrupted (an awaited promise may still settle later)");
    await t.line("6 * 7");
    await t.seeAnywhere(/^42$/);
  });

  it("stops an endless synchronous loop with Ctrl+C and keeps going", async () => {
    const t = start();
    await t.see("› ");
    t.type("let i = 0; while (true) { i++ }\r");
    await new Promise((r) => setTimeout(r, 300));
    t.type(CTRL_C);
    await t.seeAnywhere("Interrupted: the evaluation was stopped");
    await t.line("1 + 1");
    await t.seeAnywhere(/^2$/);
    await t.line("i > 0");
    await t.seeAnywhere(/^true$/);
  });

  it("keeps typing live while a saturating graph runs", async () => {
    const t = start();
    await t.see("› ");
    await t.line(`const g = new Graph("load"); const inp = g.input<number>("inp"); inp.map((x: number) => x + 1).filter((x: number) => x % 2 === 0).inspect(() => {}); g.run()`);
    await t.line(`const batch = Array.from({ length: 1024 }, (_, i) => i); let go = true`);
    await t.line(`(async () => { let last = performance.now(); while (go) { if (!inp.push(batch)) await inp.ready(); if (performance.now() - last > 4) { await new Promise((r) => setImmediate(r)); last = performance.now(); } } })()`);
    await t.see(/● running concurrent │ [\d.]+[kMG]? in\/s/);
    for (const word of ["hello", " world"]) {
      t.type(word);
      await t.until((x) => x.prompt().includes(word), `the echo of ${word}`, 5000);
    }
    t.type(`${CTRL_U}go = false\r`);
    await t.seeAnywhere(/^false$/);
  });

  it("fits a 20-column terminal: no panels, a status line and a working prompt", async () => {
    const t = start({ cols: 20, rows: 10, args: ["--demo"] });
    await t.see(/● running/);
    await t.line("1 + 2");
    await t.seeAnywhere(/^3$/);
    expect(t.screen().some((l) => l.includes("graph clicks"))).toBe(false);
    expect(t.screen().every((l) => l.length <= 20)).toBe(true);
  });

  it("redraws the panels to the new size on resize", async () => {
    const t = start({ cols: 60, rows: 20, args: ["--demo"] });
    await t.see(/── graph clicks · running/);
    t.term.resize(120, 36);
    t.proc.resize(120, 36);
    await t.see(/── graph clicks · running .*── state of window .*── frontiers over time/); // three panels side by side
    t.term.resize(40, 14);
    t.proc.resize(40, 14);
    await t.until((x) => x.screen().some((l) => l.startsWith("── graph clicks")) && !x.screen().some((l) => l.includes("frontiers over time")), "one column, no chart");
    await t.see(/● running/);
  });
});
