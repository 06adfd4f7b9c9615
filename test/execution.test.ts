import { describe, expect, it } from "vitest";
import { Graph, InputClosedError, Product, TimeError, type Capability } from "../src/internals.js";
import { MODES, settle, within } from "./helpers.js";

describe("inputs and time", () => {
  it("sends at the current time or a later one; advanceTo moves time forward", async () => {
    const g = new Graph("t");
    const a = g.input<string>("a");
    const out = a.capture();
    const exec = g.run();
    expect(a.time).toBe(0);
    await a.send("at0");
    await a.send("at7", 7);
    a.advanceTo(3);
    expect(a.time).toBe(3);
    await a.send("at3");
    a.advanceTo(3);
    a.close();
    expect(a.closed).toBe(true);
    await exec.done;
    expect([...out.byTime()]).toEqual([[0, ["at0"]], [7, ["at7"]], [3, ["at3"]]]);
  });

  it("refuses advancing or sending below the current time, naming both times", () => {
    const g = new Graph("t");
    const a = g.input<number>("clicks");
    a.advanceTo(5);
    expect(() => a.advanceTo(3)).toThrow(TimeError);
    expect(() => a.advanceTo(3)).toThrow(/input "clicks": cannot advance to time 3, which is before its current time 5/);
    expect(() => a.push(1, 2)).toThrow(/input "clicks": cannot send at time 2, which is before its current time 5/);
    expect(() => a.advanceTo(-1)).toThrow(/must be a non-negative safe integer/);
    expect(() => a.advanceTo(1.5)).toThrow(/got 1.5/);
    // @ts-expect-error not a time
    expect(() => a.advanceTo("7")).toThrow(/must be a non-negative safe integer or a Timestamp, got "7"/);
  });

  it("refuses sending after close and after the run ended", async () => {
    const g = new Graph("t");
    const a = g.input<number>("a");
    const b = g.input<number>("b");
    a.close();
    expect(() => a.push(1)).toThrow(/cannot send to input "a": it was closed/);
    expect(() => a.advanceTo(2)).toThrow(/cannot advance input "a": it was closed/);
    const exec = g.run();
    b.close();
    await exec.done;
    expect(() => b.push(1)).toThrow(/it was closed/);
    const g2 = new Graph("t2");
    const c = g2.input<number>("c");
    const e2 = g2.run();
    e2.stop();
    expect(() => c.push(1)).toThrow(/cannot send to input "c": the execution was stopped/);
  });

  it("sends made before run() are delivered when it starts", async () => {
    const g = new Graph("early");
    const a = g.input<number>("a");
    const out = a.map((x) => x * 2).capture();
    await a.send([1, 2]);
    a.advanceTo(1);
    await a.send(3);
    a.close();
    const exec = g.run();
    await within(exec.done, 2000, "run");
    expect([...out.byTime()]).toEqual([[0, [2, 4]], [1, [6]]]);
  });

  it("an array is a batch; to send an array as one item, wrap it", async () => {
    const g = new Graph("arrays");
    const a = g.input<[number, number]>("pairs");
    const out = a.capture();
    const exec = g.run();
    await a.send([[1, 2]]);
    await a.send([[3, 4], [5, 6]]);
    a.close();
    await exec.done;
    expect(out.items()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it("the input copies what it is given, so reusing the array is safe", async () => {
    const g = new Graph("copy");
    const a = g.input<number>("a");
    const out = a.capture();
    const exec = g.run();
    const buf = [1, 2, 3];
    await a.send(buf);
    buf[0] = 99;
    await a.send(buf);
    a.close();
    await exec.done;
    expect(out.items()).toEqual([1, 2, 3, 99, 2, 3]);
  });
});

describe("runs", () => {
  for (const mode of MODES) {
    it(`done resolves once every input is closed and all work is done (${mode})`, async () => {
      const g = new Graph("done");
      const a = g.input<number>("a");
      const b = g.input<number>("b");
      const out = a.concat(b).map((x) => x + 1).capture();
      const exec = g.run({ mode });
      let finished = false;
      void exec.done.then(() => (finished = true));
      await a.send(1);
      a.close();
      await settle();
      expect(finished).toBe(false);
      expect(exec.status).toBe("running");
      await b.send(2);
      b.close();
      const r = await within(exec.done, 2000, "run");
      expect(r.status).toBe("completed");
      expect(exec.status).toBe("completed");
      expect(out.items().sort()).toEqual([2, 3]);
      expect(exec.frontier("map.in").isEmpty).toBe(true);
    });
  }

  it("run() twice is refused", () => {
    const g = new Graph("twice");
    g.input("a");
    g.run();
    expect(() => g.run()).toThrow(/graph "twice" is already running/);
  });

  it("stop() ends promptly, resolves done as stopped and leaves no timers behind", async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Immediate" || r === "Timeout").length;
    const before = timers();
    const g = new Graph("stop");
    const a = g.input<number>("a");
    let seen = 0;
    a.map((x) => x + 1).inspect(() => void seen++);
    const exec = g.run();
    const feeding = (async () => {
      for (let i = 0; ; i++) {
        try {
          await a.send(i);
        } catch {
          return i;
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 30));
    exec.stop();
    const r = await within(exec.done, 500, "stop");
    expect(r.status).toBe("stopped");
    expect(await within(feeding, 500, "feeder")).toBeGreaterThan(0);
    expect(seen).toBeGreaterThan(0);
    await settle(2);
    // Nothing of the run is left: no more timers than before it started.
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it("a long run yields to the event loop so timers keep firing", async () => {
    const g = new Graph("yield");
    const a = g.input<number>("a");
    let sum = 0;
    a.map((x) => x * 2).filter((x) => x % 3 === 0).inspect((x) => void (sum += x));
    const exec = g.run();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const t0 = performance.now();
    const buf = Array.from({ length: 1024 }, (_, i) => i);
    let sends = 0;
    // Send without pause until a 5 ms timer has fired 10 times (a run that never yields would
    // starve it, and the loop would end at the 5 s limit with no ticks).
    while (ticks < 10 && performance.now() - t0 < 5000) {
      await a.send(buf);
      sends++;
    }
    a.close();
    await exec.done;
    clearInterval(timer);
    expect(sum).toBeGreaterThan(0);
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(sends).toBeGreaterThan(10); // the timer fired while the run was saturated, not between a few sends
  });
});

describe("backpressure", () => {
  it("a full channel makes the sender wait and nothing is dropped", async () => {
    const g = new Graph("bp", { capacity: 8, batchSize: 4 });
    const a = g.input<number>("a");
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const got: number[] = [];
    g.node("slow", { inputs: ["in"] }, async (ctx) => {
      await gate;
      for await (const ev of ctx.input<number>("in")) if (ev.kind === "data") got.push(...ev.items);
    });
    g.connect(a, "slow.in");
    const exec = g.run();
    const queued = () => g.df.node("slow").inputs[0]!.queuedItems();
    // push never waits; it says when the caller should.
    let pushed = 0;
    while (a.push(pushed)) pushed++;
    pushed++;
    await settle();
    expect(queued()).toBeLessThanOrEqual(8 + 4);
    let sent = false;
    const p = a.send(1000).then(() => (sent = true));
    await settle();
    expect(sent).toBe(false);
    release();
    await within(p, 1000, "send under backpressure");
    for (let i = 0; i < 100; i++) await a.send(2000 + i);
    a.close();
    await within(exec.done, 2000, "run");
    expect(got).toEqual([...Array.from({ length: pushed }, (_, i) => i), 1000, ...Array.from({ length: 100 }, (_, i) => 2000 + i)]);
  });
});

describe("capabilities and frontier notices", () => {
  for (const mode of MODES) {
    it(`a stateful node keeps a capability and emits per-time sums when the frontier passes (${mode})`, async () => {
      const g = new Graph("sum");
      const a = g.input<number>("a");
      const frontiers: string[] = [];
      g.node("sum", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
        const pending = new Map<number, { cap: Capability; sum: number }>();
        for await (const ev of ctx.input<number>("in")) {
          if (ev.kind === "data") {
            const t = ev.time as number;
            let p = pending.get(t);
            if (!p) pending.set(t, (p = { cap: ev.retain(), sum: 0 }));
            for (const x of ev.items) p.sum += x;
          } else {
            frontiers.push(String(ev.frontier));
            for (const [t, p] of [...pending].sort((x, y) => x[0] - y[0])) {
              if (ev.frontier.lessEqual(t)) continue;
              await ctx.output("out").send(t, p.sum);
              p.cap.drop();
              pending.delete(t);
            }
          }
        }
      });
      g.connect(a, "sum.in");
      const out = g.stream<number>("sum.out").capture();
      const probe = g.stream<number>("sum.out").probe();
      const exec = g.run({ mode });
      await a.send([1, 2, 3]);
      a.advanceTo(1);
      await within(probe.until(1), 1000, "round 0");
      expect(out.items()).toEqual([6]);
      await a.send([10, 20]);
      await a.send(5, 3);
      a.advanceTo(2);
      await within(probe.until(2), 1000, "round 1");
      expect([...out.byTime()]).toEqual([[0, [6]], [1, [30]]]);
      expect(probe.lessEqual(3)).toBe(true);
      a.close();
      await within(exec.done, 1000, "run");
      expect([...out.byTime()]).toEqual([[0, [6]], [1, [30]], [3, [5]]]);
      expect(frontiers[frontiers.length - 1]).toBe("[]");
    });
  }

  it("sending below every held capability is a failure naming node, port and times", async () => {
    const g = new Graph("cap");
    const a = g.input<number>("a");
    g.node("back", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
      for await (const ev of ctx.input<number>("in")) if (ev.kind === "data") await ctx.output("out").send((ev.time as number) - 1, ev.items);
    });
    g.connect(a, "back.in");
    const exec = g.run();
    await a.send(1, 5);
    a.close();
    await expect(exec.done).rejects.toThrow(/node "back" cannot send at time 4 on back.out: it holds no capability at or before 4 \(handling time 5\)/);
    expect(exec.status).toBe("failed");
  });

  it("capabilities only move forward", async () => {
    const g = new Graph("down");
    const a = g.input<number>("a");
    const msgs: string[] = [];
    g.node("n", { inputs: ["in"], outputs: ["out"] }, async (ctx) => {
      for await (const ev of ctx.input("in")) {
        if (ev.kind !== "data") continue;
        const cap = ev.retain();
        cap.downgrade(9);
        try {
          cap.downgrade(8);
        } catch (e) {
          msgs.push((e as Error).message);
        }
        cap.drop();
        try {
          cap.downgrade(10);
        } catch (e) {
          msgs.push((e as Error).message);
        }
      }
    });
    g.connect(a, "n.in");
    const exec = g.run();
    await a.send(1, 2);
    a.close();
    await exec.done;
    expect(msgs).toEqual([
      'node "n": cannot downgrade a capability from time 9 to the earlier time 8; capabilities only move forward',
      'node "n": cannot downgrade a dropped capability (it was at time 9)',
    ]);
  });

  it("a source node (no inputs) starts with a capability at 0 it can downgrade", async () => {
    const g = new Graph("src");
    g.node("gen", { outputs: ["out"] }, async (ctx) => {
      const cap = ctx.capability!;
      for (let t = 0; t < 3; t++) {
        cap.downgrade(t);
        await ctx.output("out").send(t, [t * 100]);
      }
      cap.drop();
    });
    const out = g.stream<number>("gen.out").capture();
    const exec = g.run();
    await within(exec.done, 1000, "run");
    expect([...out.byTime()]).toEqual([[0, [0]], [1, [100]], [2, [200]]]);
  });
});

describe("probes", () => {
  it("answer lessThan / lessEqual / done, and until() runs rounds in lock step", async () => {
    const g = new Graph("probe");
    const a = g.input<number>("a");
    const probe = a.map((x) => x).probe();
    const exec = g.run();
    expect(probe.lessThan(1)).toBe(true);
    expect(probe.lessEqual(0)).toBe(true);
    expect(probe.done).toBe(false);
    for (let r = 0; r < 20; r++) {
      await a.send(r);
      a.advanceTo(r + 1);
      await within(probe.until(r + 1), 1000, `round ${r}`);
      expect(probe.lessThan(r + 1)).toBe(false);
      expect(probe.lessEqual(r + 1)).toBe(true);
      expect(String(probe.frontier)).toBe(`[${r + 1}]`);
    }
    a.close();
    await exec.done;
    expect(probe.done).toBe(true);
    expect(probe.lessEqual(1000)).toBe(false);
  });

  it("until() rejects when the run stops before the frontier passes", async () => {
    const g = new Graph("probe");
    const a = g.input<number>("a");
    const probe = a.probe();
    const exec = g.run();
    const p = probe.until(5);
    exec.stop();
    await expect(p).rejects.toThrow(/probe on probe.in: the execution stopped before the frontier passed time 5 \(it is \[0\]\)/);
  });

  it("exec.frontier answers for input and output ports and prints like [1]", async () => {
    const g = new Graph("f");
    const a = g.input<number>("a");
    a.map((x) => x).capture();
    const exec = g.run();
    a.advanceTo(1);
    await settle();
    expect(String(exec.frontier("map.in"))).toBe("[1]");
    expect(String(exec.frontier("map.out"))).toBe("[1]");
    expect(String(exec.frontier("a.out"))).toBe("[1]");
    expect(() => exec.frontier("map.nope")).toThrow(/node "map" has no port "nope"; its ports are: in, out, error/);
    a.close();
    await exec.done;
    expect(String(exec.frontier("capture.in"))).toBe("[]");
  });
});

describe("output channels", () => {
  for (const mode of MODES) {
    it(`an async-iterable output ends when the graph ends (${mode})`, async () => {
      const g = new Graph("chan");
      const a = g.input<number>("a");
      const ch = a.map((x) => x * 2).channel();
      const exec = g.run({ mode });
      const reading = (async () => {
        const got: number[] = [];
        for await (const x of ch) got.push(x);
        return got;
      })();
      await a.send([1, 2, 3]);
      a.advanceTo(1);
      await a.send(4);
      a.close();
      expect(await within(reading, 2000, "reading the channel")).toEqual([2, 4, 6, 8]);
      await within(exec.done, 1000, "run");
    });
  }

  it("an unread channel holds its upstream back; reading lets it finish", async () => {
    const g = new Graph("chan", { capacity: 4, batchSize: 2 });
    const a = g.input<number>("a");
    const ch = a.channel();
    const exec = g.run();
    let pushedAll = true;
    for (let i = 0; i < 20; i++) if (!a.push(i)) pushedAll = false;
    a.close();
    expect(pushedAll).toBe(false);
    await settle();
    expect(exec.status).toBe("running");
    const got: Array<{ time: unknown; items: number[] }> = [];
    for await (const b of ch.batches()) got.push(b);
    expect(got.flatMap((b) => b.items)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await within(exec.done, 1000, "run");
  });

});

describe("inputs refuse what does not fit, naming the input", () => {
  it("a call after close is an InputClosedError; a time of another kind names both kinds; a name with control characters is refused", () => {
    const g = new Graph("k");
    const a = g.input<number>("a");
    expect(() => a.send(1, new Product(1, 0))).toThrow('input "a": cannot send at time (1, 0), which is a product (integer, integer); the input\'s times are each an integer (it is at 0)');
    expect(() => a.advanceTo(new Product(1, 0))).toThrow(/input "a": cannot advance to time \(1, 0\), which is a product/);
    a.close();
    let err: unknown;
    try {
      a.push(1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputClosedError);
    expect((err as Error).message).toBe('cannot send to input "a": it was closed (an input takes nothing after close())');
    expect(() => g.input("x\u001b[2Jy")).toThrow('"x\\u001b[2Jy" may not contain control characters (such as terminal escape codes)');
    expect(() => new Graph("g\u001b[5m")).toThrow(/a graph name "g\\u001b\[5m" may not contain control characters/);
  });
});

