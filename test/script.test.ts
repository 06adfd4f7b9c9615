import { describe, expect, it } from "vitest";
import { formatScript, Graph, ManualClock, parseScript, Product, runScript, ScriptError, type Mode, type ScriptCall } from "../src/index.js";
import { within } from "./helpers.js";

const SCRIPT = `# a session
send clicks @0 [{"user":"ada"},{"user":"bob"}]
send "page views" @0 [1, 2]

advance clicks 1
clock +500
send clicks @3 [{"user":"cy"}]
close clicks
close "page views"
`;

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
    const bad = (text: string, options?: { inputs?: string[] }): string => {
      try {
        parseScript(text, options);
      } catch (e) {
        expect(e).toBeInstanceOf(ScriptError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(bad("send a @0 [1]\nadvance a 3\nsend a @2 [2]")).toBe('script line 3: send a @2 sends backwards in time: input "a" is at 3 (advanced on line 2); time only moves forward');
    expect(bad("advance a 3\n\nadvance a 1")).toBe('script line 3: advance a 1 advances backwards in time: input "a" is at 3 (advanced on line 1); time only moves forward');
    expect(bad("send clicks @0 [1]\nsend clikcs @0 [2]", { inputs: ["clicks", "views"] })).toBe('script line 2: send clikcs @0: unknown input "clikcs" (did you mean "clicks"?); the graph\'s inputs are: clicks, views');
    expect(bad('send a @0 [1, 2')).toMatch(/^script line 1: send a @0: the items are not valid JSON \(.+\): \[1, 2$/);
    expect(bad("send a @0 {\"x\": 1}")).toBe("script line 1: send a @0: the items must be a JSON array (one item is [x]), got object");
    expect(bad("send a 0 [1]")).toBe("script line 1: send a: expected @<time> after the input's name (send a @<time> [items])");
    expect(bad("send a @x [1]")).toBe('script line 1: send a: bad time "x": a time is a non-negative integer like 3 or a pair like (1, 0)');
    expect(bad("send a @0")).toBe("script line 1: send a @0: the items are missing (a JSON array, like [1, 2])");
    expect(bad("close a\nsend a @5 [1]")).toBe('script line 2: send a @5: input "a" was closed on line 1; nothing can follow its close');
    expect(bad("sent a @0 [1]")).toBe('script line 1: unknown call "sent" (did you mean "send"?); calls are: send, advance, close, clock');
    expect(bad("clock 500")).toBe('script line 1: clock: expected +<ms>, a non-negative number of milliseconds like +500, got "500"');
    expect(bad("advance a (1, 0)\nadvance a 2")).toBe("script line 2: advance a 2: the time 2 is not of the same kind as the input's time (1, 0)");
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
