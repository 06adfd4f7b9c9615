import { describe, expect, it } from "vitest";
import { Graph, ManualClock, RealClock, type Capability, type OperatorLogic } from "../src/internals.js";
import { settle, within } from "./helpers.js";

describe("ManualClock", () => {
  it("moves only when told and fires due timers in order of time, then of scheduling", () => {
    const c = new ManualClock(100);
    const fired: string[] = [];
    c.schedule(130, () => fired.push(`b@${c.now()}`));
    c.schedule(120, () => fired.push(`a@${c.now()}`));
    c.schedule(130, () => fired.push(`c@${c.now()}`));
    expect(c.now()).toBe(100);
    c.advance(25);
    expect(fired).toEqual(["a@120"]);
    expect(c.now()).toBe(125);
    c.set(200);
    expect(fired).toEqual(["a@120", "b@130", "c@130"]);
    expect(c.timers).toBe(0);
  });

  it("cancels timers, refuses going backwards and bad amounts", () => {
    const c = new ManualClock();
    const t = c.schedule(10, () => {
      throw new Error("cancelled timers never fire");
    });
    c.cancel(t);
    c.advance(20);
    expect(() => c.set(5)).toThrow(/ManualClock.set\(5\): the clock is already at 20; processing time never goes backwards/);
    expect(() => c.advance(-1)).toThrow(/ms must be a non-negative number, got -1/);
    expect(() => c.schedule(Number.NaN, () => {})).toThrow(/a timer needs a finite time in ms, got NaN/);
  });

  it("fires a timer set in the past on the next microtask", async () => {
    const c = new ManualClock(50);
    let at = -1;
    c.schedule(10, () => (at = c.now()));
    expect(at).toBe(-1);
    await Promise.resolve();
    expect(at).toBe(50);
  });

  it("the real clock reads Date.now and fires its timers", async () => {
    const c = new RealClock();
    expect(Math.abs(c.now() - Date.now())).toBeLessThan(50);
    const fired = await new Promise<number>((r) => c.schedule(c.now() + 5, () => r(c.now())));
    expect(fired).toBeGreaterThan(0);
  });
});

/** An operator that, per batch, sets a timer `delay` ms later and emits the batch then. */
function delayedBy(delay: number): OperatorLogic {
  const held = new Map<number, { cap: Capability; items: unknown[] }>();
  let n = 0;
  return {
    onData(ctx, _p, time, items) {
      const id = n++;
      held.set(id, { cap: ctx.retain(), items });
      ctx.setTimer(ctx.clock.now() + delay, id);
    },
    onTimer(ctx, tag) {
      const h = held.get(tag as number)!;
      held.delete(tag as number);
      ctx.emit(0, h.cap.time, h.items);
      h.cap.drop();
    },
  };
}

describe("operator timers on the run's clock", () => {
  for (const mode of ["concurrent", "deterministic"] as const) {
    it(`fire when a ManualClock reaches them, as events of the node (${mode})`, async () => {
      const clock = new ManualClock(1000);
      const g = new Graph("timers");
      const a = g.input<string>("a");
      const out = a.via<string>("later", delayedBy(50)).capture();
      const probe = g.stream("later.out").probe();
      const exec = g.run({ mode, clock });
      expect(exec.clock).toBe(clock);
      await a.send("x");
      a.advanceTo(1);
      await settle();
      expect(out.items()).toEqual([]);
      expect(probe.lessThan(1)).toBe(true);
      clock.advance(49);
      await settle();
      expect(out.items()).toEqual([]);
      clock.advance(1);
      await within(probe.until(1), 1000, "the timer's emission");
      expect(out.items()).toEqual(["x"]);
      a.close();
      await within(exec.done, 1000, "run");
    });
  }

  it("are cancelled when the run stops: nothing fires afterwards", async () => {
    const clock = new ManualClock();
    const g = new Graph("timers");
    const a = g.input<string>("a");
    a.via("later", delayedBy(10)).capture();
    const exec = g.run({ clock });
    await a.send("x");
    await settle();
    expect(clock.timers).toBe(1);
    exec.stop();
    expect(clock.timers).toBe(0);
  });

  it("refuses something that is not a clock", () => {
    const g = new Graph("bad");
    // @ts-expect-error not a clock
    expect(() => g.run({ clock: { now: () => 1 } })).toThrow(/run\(\{ clock \}\) needs a clock with now\(\), schedule\(\) and cancel\(\)/);
  });
});
