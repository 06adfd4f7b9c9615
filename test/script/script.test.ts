import { describe, expect, it } from "vitest";
import { checkScript, formatScript, Graph, ManualClock, parseScript, Product, runScript, ScriptError, type Mode, type ScriptCall } from "../../src/index.js";
import { within } from "../helpers.js";

const SCRIPT = `# a session
send clicks @0 [{"user":"ada"},{"user":"bob"}]
send "page views" @0 [1, 2]

advance clicks 1
clock +500
send clicks @3 [{"user":"cy"}]
close clicks
close "page views"
`;

/** The message of the `ScriptError` that parsing `text` throws. */
function bad(text: string, options?: { inputs?: string[] }): string {
  try {
    parseScript(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ScriptError);
    return (e as Error).message;
  }
  throw new Error("no error");
}

describe("the script format", () => {
  it("reads every kind of call, with its line", () => {
    const calls = parseScript(SCRIPT);
    expect(calls).toEqual([
      { kind: "send", input: "clicks", time: 0, items: [{ user: "ada" }, { user: "bob" }], line: 2 },
      { kind: "send", input: "page views", time: 0, items: [1, 2], line: 3 },
      { kind: "advance", input: "clicks", to: 1, line: 5 },
      { kind: "clock", ms: 500, line: 6 },
      { kind: "send", input: "clicks", time: 3, items: [{ user: "cy" }], line: 7 },
      { kind: "close", input: "clicks", line: 8 },
      { kind: "close", input: "page views", line: 9 },
    ]);
  });

  it("writes what it reads, and reads back what it writes (products and odd names too)", () => {
    const calls: ScriptCall[] = [
      { kind: "send", input: "a", time: new Product(1, new Product(0, 2)), items: [[1, 2], "x y", null, { z: [true] }] },
      { kind: "advance", input: "has space", to: new Product(2, 0) },
      { kind: "clock", ms: 1.5 },
      { kind: "close", input: "q\"uote#@" },
    ];
    const text = formatScript(calls);
    expect(text.split("\n").slice(1)).toEqual([
      'send a @(1, (0, 2)) [[1,2],"x y",null,{"z":[true]}]',
      'advance "has space" (2, 0)',
      "clock +1.5",
      'close "q\\"uote#@"',
      "",
    ]);
    const back = parseScript(text).map(({ line: _line, ...c }) => c);
    expect(back).toEqual(calls);
    expect(formatScript(parseScript(SCRIPT))).toBe(formatScript(parseScript(formatScript(parseScript(SCRIPT)))));
  });

  it("refuses, with the line number, what it cannot read or could never apply", () => {
    expect(bad("send a @0 [1]\nadvance a 3\nsend a @2 [2]")).toBe('script line 3: send a @2 sends backwards in time: input "a" is at 3 (advanced on line 2); time only moves forward');
    expect(bad("advance a 3\n\nadvance a 1")).toBe('script line 3: advance a 1 advances backwards in time: input "a" is at 3 (advanced on line 1); time only moves forward');
    expect(bad("send clicks @0 [1]\nsend clikcs @0 [2]", { inputs: ["clicks", "views"] })).toBe('script line 2: send clikcs @0: unknown input "clikcs" (did you mean "clicks"?); the graph\'s inputs are: clicks, views');
    expect(bad('send a @0 [1, 2')).toMatch(/^script line 1: send a @0: the items are not valid JSON \(.+\): \[1, 2$/);
    expect(bad("send a @0 {\"x\": 1}")).toBe("script line 1: send a @0: the items must be a JSON array (one item is [x]), got object");
    expect(bad("send a 0 [1]")).toBe("script line 1: send a: expected @<time> after the input's name (send a @<time> [items])");
    expect(bad("send a @x [1]")).toBe('script line 1: send a: bad time "x": a time is a non-negative integer like 3 or a pair like (1, 0)');
    expect(bad("send a @0")).toBe("script line 1: send a @0: the items are missing (a JSON array, like [1, 2]; [] sends nothing)");
    expect(bad("close a\nsend a @5 [1]")).toBe('script line 2: send a @5: input "a" was closed on line 1; nothing can follow its close');
    expect(bad("sent a @0 [1]")).toBe('script line 1: unknown call "sent" (did you mean "send"?); calls are: send, advance, close, clock');
    expect(bad("clock 500")).toBe('script line 1: clock: expected +<ms>, a non-negative number of milliseconds like +500, got "500"');
    expect(bad("advance a (1, 0)\nadvance a 2")).toBe('script line 2: advance a 2: input "a" was given the time (1, 0) on line 1, and 2 is not of the same kind; one input\'s times are all integers, or all products (outer, inner) of one shape');
  });

  it("says which time is bad, and why, with the line", () => {
    const TIME = "a time is a non-negative integer like 3 or a pair like (1, 0)";
    expect(bad("send a @1.5 [1]")).toBe(`script line 1: send a: bad time "1.5" (times are whole numbers): ${TIME}`);
    expect(bad("\nadvance a 1.5")).toBe(`script line 2: advance a: bad time "1.5" (times are whole numbers): ${TIME}`);
    expect(bad("send a @1e3 [1]")).toBe(`script line 1: send a: bad time "1e3" (times are whole numbers): ${TIME}`);
    expect(bad("send a @-1 [1]")).toBe(`script line 1: send a: bad time "-1" (times are not negative): ${TIME}`);
    expect(bad("send a @(1.5, 0) [1]")).toBe(`script line 1: send a: bad time "(1.5, 0)" (times are whole numbers): ${TIME}`);
    expect(bad("send a @(1, 0)x [1]")).toBe(`script line 1: send a: bad time "(1, 0)x": ${TIME}`);
    expect(bad("advance a")).toBe("script line 1: advance a: the time is missing (a non-negative integer like 3 or a pair like (1, 0))");
  });

  it("refuses integer and product times mixed on one input, naming both times and lines", () => {
    expect(bad("send a @(1, 0) [3]\nsend a @0 [1]")).toBe('script line 2: send a @0: input "a" was given the time (1, 0) on line 1, and 0 is not of the same kind; one input\'s times are all integers, or all products (outer, inner) of one shape');
    expect(bad("advance a (1, 0)\nsend a @(2, (0, 0)) [1]")).toMatch(/^script line 2: send a @\(2, \(0, 0\)\): input "a" was given the time \(1, 0\) on line 1, and \(2, \(0, 0\)\) is not of the same kind/);
    expect(parseScript("send a @(1, 0) [3]\nsend b @0 [1]\nadvance a (2, 0)")).toHaveLength(3);
  });

  it("reads a comment after a call, but a # inside a JSON string is data", () => {
    expect(parseScript('send a @0 [1] # c\nadvance a 1 # moves\nclock +5 #c\nsend a @1 ["#1"] # "x"\nsend "b#c" @0 ["#"]\nclose a # done')).toEqual([
      { kind: "send", input: "a", time: 0, items: [1], line: 1 },
      { kind: "advance", input: "a", to: 1, line: 2 },
      { kind: "clock", ms: 5, line: 3 },
      { kind: "send", input: "a", time: 1, items: ["#1"], line: 4 },
      { kind: "send", input: "b#c", time: 0, items: ["#"], line: 5 },
      { kind: "close", input: "a", line: 6 },
    ]);
    expect(bad("send a @0 # no items")).toBe("script line 1: send a @0: the items are missing (a JSON array, like [1, 2]; [] sends nothing)");
    expect(bad("send a @0 [1] 2")).toBe('script line 1: send a @0: unexpected text after the items: "2" (a comment starts with #)');
    expect(bad('send a @0 ["#1"')).toMatch(/^script line 1: send a @0: the items are not valid JSON \(.+\): \["#1"$/);
  });

  it("reads [] and clock +0, which change nothing, and refuses other clock amounts and calls precisely", () => {
    expect(parseScript("send a @0 []\nclock +0")).toEqual([{ kind: "send", input: "a", time: 0, items: [], line: 1 }, { kind: "clock", ms: 0, line: 2 }]);
    const CLOCK = "clock: expected +<ms>, a non-negative number of milliseconds like +500";
    expect(bad("clock -5")).toBe(`script line 1: ${CLOCK}, got "-5" (the clock only moves forward)`);
    expect(bad("clock +abc")).toBe(`script line 1: ${CLOCK}, got "+abc"`);
    expect(bad("clock +0x10")).toBe(`script line 1: ${CLOCK}, got "+0x10"`);
    expect(bad("clock")).toBe(`script line 1: clock: the amount is missing: expected +<ms>, a non-negative number of milliseconds like +500`);
    expect(bad("# c\nzap a")).toBe("script line 2: unknown call \"zap\"; calls are: send, advance, close, clock");
  });

  it("checks calls given as objects field by field, naming call N", () => {
    const refusal = (calls: unknown): string => {
      try {
        checkScript(calls as ScriptCall[], { inputs: ["a", "b"] });
      } catch (e) {
        expect(e).toBeInstanceOf(ScriptError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    const ok = { kind: "send", input: "a", time: 0, items: [1] };
    expect(refusal(7)).toBe("script: checkScript(calls): calls must be an array of input calls, got the number 7");
    expect(refusal([ok, null])).toBe('script: call 2: an input call must be an object like { kind: "send", input: "a", time: 0, items: [1] }, got null');
    expect(refusal([{ kind: "zap" }])).toBe('script: call 1: kind must be one of "send", "advance", "close", "clock", got the string "zap"');
    expect(refusal([{ kind: "sent", input: "a" }])).toBe('script: call 1: kind must be one of "send", "advance", "close", "clock", got the string "sent" (did you mean "send"?)');
    expect(refusal([{ input: "a" }])).toBe('script: call 1: kind must be one of "send", "advance", "close", "clock", got undefined');
    expect(refusal([{ kind: "close" }])).toBe("script: call 1: close: input must be a string naming one of the graph's inputs, got undefined");
    expect(refusal([{ kind: "send", input: "zzz", time: 0, items: [] }])).toBe('script: call 1: send zzz @0: unknown input "zzz"; the graph\'s inputs are: a, b');
    const TIME = "must be a non-negative integer or a Product (outer, inner) of such times";
    expect(refusal([{ kind: "send", input: "a", time: -1, items: [] }])).toBe(`script: call 1: send a: time ${TIME}, got the number -1`);
    expect(refusal([{ kind: "send", input: "a", items: [] }])).toBe(`script: call 1: send a: time ${TIME}, got undefined`);
    expect(refusal([{ kind: "send", input: "a", time: new Product(-1, 0), items: [] }])).toBe(`script: call 1: send a: time ${TIME}, got the Product (-1, 0)`);
    expect(refusal([{ kind: "advance", input: "a", to: 1.5 }])).toBe(`script: call 1: advance a: to ${TIME}, got the number 1.5`);
    expect(refusal([{ kind: "send", input: "a", time: 0, items: 3 }])).toBe("script: call 1: send a @0: items must be an array (one item is [x]), got the number 3");
    expect(refusal([{ kind: "clock", ms: -5 }])).toBe("script: call 1: clock: ms must be a non-negative number of milliseconds, got the number -5");
    expect(refusal([{ kind: "clock", ms: "5" }])).toBe('script: call 1: clock: ms must be a non-negative number of milliseconds, got the string "5"');
    expect(refusal([{ kind: "clock", ms: 5, line: 0 }])).toBe("script: call 1: line, when given, must be a positive integer (the script line of the call), got the number 0");
    expect(refusal([{ kind: "send", input: "a", time: new Product(1, 0), items: [3] }, { kind: "send", input: "a", time: 0, items: [1] }])).toBe(
      'script: call 2: send a @0: input "a" was given the time (1, 0) in call 1, and 0 is not of the same kind; one input\'s times are all integers, or all products (outer, inner) of one shape',
    );
    expect(refusal([{ kind: "advance", input: "a", to: 3 }, { kind: "send", input: "a", time: 2, items: [] }])).toBe('script: call 2: send a @2 sends backwards in time: input "a" is at 3 (advanced in call 1); time only moves forward');
    expect(refusal([{ kind: "close", input: "a" }, { kind: "close", input: "a" }])).toBe('script: call 2: close a: input "a" was closed in call 1; nothing can follow its close');
    expect(() => checkScript([ok, { kind: "advance", input: "a", to: 3, line: 4 }, { kind: "send", input: "a", time: 1, items: [], line: 5 }] as ScriptCall[])).toThrow(
      'script line 5: send a @1 sends backwards in time: input "a" is at 3 (advanced on line 4); time only moves forward',
    );
  });

  it("refuses to write calls it could not read back", () => {
    expect(() => formatScript([{ kind: "clock", ms: Number.NaN }])).toThrow("script: formatScript: call 1: clock: ms must be a non-negative number of milliseconds, got the number NaN");
    expect(() => formatScript([{ kind: "advance", input: "a", to: -2 }])).toThrow("script: formatScript: call 1: advance a: to must be a non-negative integer");
    expect(() => formatScript(null as never)).toThrow("script: formatScript(calls): calls must be an array of input calls, got null");
  });

  it("refuses to write items that JSON cannot hold", () => {
    expect(() => formatScript([{ kind: "send", input: "a", time: 0, items: [1, new Date(0)] }])).toThrow(
      "script: formatScript: call 1 (send to a @0): item 1 is not plain JSON (a Date); scripts hold JSON items",
    );
    expect(() => formatScript([{ kind: "send", input: "a", time: 0, items: [{ x: Number.NaN }] }])).toThrow(/item 0 is NaN, which JSON cannot hold/);
  });
});

/** input clicks → map → count per user, plus page views → capture; a debounce on the run's clock. */
function session(mode?: Mode) {
  const g = new Graph("session", mode !== undefined ? { mode } : {});
  const clicks = g.input<{ user: string }>("clicks");
  const views = g.input<number>("page views");
  const perUser = clicks.map((c) => c.user).keyBy((u) => u).count().capture();
  const settled = clicks.map((c) => c.user).debounce(100).capture();
  const pages = views.capture();
  return { g, clicks, views, out: () => JSON.stringify([[...perUser.byTime()], settled.items(), pages.items()]) };
}

describe("playing and recording scripts", () => {
  it("runScript makes the calls on a graph, in any mode, with the same results", async () => {
    const results = new Set<string>();
    for (const mode of ["concurrent", "logical-time", "deterministic", "step"] as const) {
      const s = session();
      const exec = await runScript(s.g, SCRIPT, { mode });
      if (mode === "step") await exec.stepToQuiescence();
      await within(exec.done, 2000, `${mode} run`);
      expect(exec.clock.now()).toBe(500);
      results.add(s.out());
    }
    expect(results.size).toBe(1);
    expect(JSON.parse([...results][0]!)[1]).toEqual(["bob", "cy"]);
  });

  it("recordCalls captures an interactive session as a script that replays it exactly", async () => {
    const live = session("deterministic");
    const rec = live.g.recordCalls();
    const clock = new ManualClock();
    const exec = live.g.run({ clock });
    await live.clicks.send({ user: "ada" });
    live.clicks.push({ user: "ada" });
    await live.views.send([7, 8], 2);
    live.clicks.advanceTo(2);
    await exec.advanceClock(150);
    await live.clicks.send([{ user: "bob" }], 5);
    live.clicks.close();
    live.views.close();
    await within(exec.done, 1000, "live run");
    rec.stop();
    const text = rec.text();
    expect(text.split("\n").slice(1, -1)).toEqual([
      'send clicks @0 [{"user":"ada"},{"user":"ada"}]',
      'send "page views" @2 [7,8]',
      "advance clicks 2",
      "clock +150",
      'send clicks @5 [{"user":"bob"}]',
      "close clicks",
      'close "page views"',
    ]);
    const replay = session("deterministic");
    const e2 = await runScript(replay.g, text);
    await within(e2.done, 1000, "replay");
    expect(replay.out()).toBe(live.out());
  });

  it("recordCalls({ maxItems }) keeps the calls before the send that would pass the bound, then says it is full", async () => {
    const g = new Graph("bounded");
    const nums = g.input<number>("nums");
    nums.capture();
    const rec = g.recordCalls({ maxItems: 3 });
    const exec = g.run({ mode: "deterministic" });
    await nums.send([1, 2]);
    nums.advanceTo(1);
    await nums.send([3]);
    expect(rec.full).toBeUndefined();
    await nums.send([4]);
    nums.close();
    await within(exec.done, 1000, "bounded run");
    expect(rec.calls.map((c) => c.kind)).toEqual(["send", "advance", "send"]);
    expect(rec.full).toBe("the recording ended at call 4: it would have held more than 3 items");
    expect(() => g.recordCalls({ maxItems: -1 })).toThrow("recordCalls: maxItems must be a non-negative integer, got -1");
  });

  it("says what the script must be, and which call is bad, before starting the graph", async () => {
    const s = session();
    const EXPECTED = 'script must be script text (a string) or an array of input calls like { kind: "send", input: "a", time: 0, items: [1] }';
    await expect(runScript(s.g, 42 as never)).rejects.toThrow(`script: runScript(target, script): ${EXPECTED}, got the number 42`);
    await expect(runScript(s.g, null as never)).rejects.toThrow(`script: runScript(target, script): ${EXPECTED}, got null`);
    await expect(runScript(s.g, { kind: "send" } as never)).rejects.toThrow(`script: runScript(target, script): ${EXPECTED}, got an object`);
    await expect(runScript(s.g, [{ kind: "zap" }] as never)).rejects.toThrow('script: call 1: kind must be one of "send", "advance", "close", "clock", got the string "zap"');
    await expect(runScript(s.g, [{ kind: "clock", ms: 5 }, { kind: "send", input: 3 }] as never)).rejects.toThrow("script: call 2: send: input must be a string naming one of the graph's inputs, got the number 3");
    await expect(runScript(s.g, [{ kind: "close", input: "clikcs" }])).rejects.toThrow('script: call 1: close clikcs: unknown input "clikcs" (did you mean "clicks"?); the graph\'s inputs are: clicks, page views');
    await expect(runScript(null as never, "clock +1")).rejects.toThrow("script: runScript(target, script): target must be a Graph or an Execution, got null");
    expect(s.g.execution).toBeUndefined();
  });

  it("names call N when a call given as an object cannot be applied to the graph", async () => {
    const t = session();
    const exec = t.g.run({ mode: "deterministic" });
    t.clicks.advanceTo(5);
    await expect(runScript(exec, [{ kind: "send", input: "page views", time: 0, items: [1] }, { kind: "send", input: "clicks", time: 1, items: [] }])).rejects.toThrow(/^script: call 2: input "clicks": cannot send at time 1, which is before its current time 5/);
    exec.stop();
  });

  it("names the script line when a call cannot be applied to the graph", async () => {
    const s = session();
    await expect(runScript(s.g, "send clicks @0 [1]\nclose clickz")).rejects.toThrow('script line 2: close clickz: unknown input "clickz" (did you mean "clicks"?)');
    const t = session();
    const exec = t.g.run({ mode: "deterministic" });
    t.clicks.advanceTo(5);
    await expect(runScript(exec, "advance \"page views\" 9\nsend clicks @1 [{\"user\":\"x\"}]")).rejects.toThrow(/^script line 2: input "clicks": cannot send at time 1, which is before its current time 5/);
    const u = session();
    const real = u.g.run();
    await expect(runScript(real, "clock +5")).rejects.toThrow(/^script line 1: advanceClock\(5\): the run's clock is RealClock/);
    exec.stop();
    real.stop();
  });
});
