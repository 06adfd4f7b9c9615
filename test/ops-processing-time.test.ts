import { describe, expect, it } from "vitest";
import { Graph, ManualClock } from "../src/index.js";
import { MODES, perTime, settle, within } from "./helpers.js";

describe("throttle and debounce on the run's clock", () => {
  for (const mode of MODES) {
    it(`throttle lets one item through, then drops items for ms, keeping times (${mode})`, async () => {
      const clock = new ManualClock(1000);
      const g = new Graph("throttle");
      const s = g.input<string>("s");
      const out = s.throttle(100).capture();
      const exec = g.run({ mode, clock });
      await s.send("a");
      await settle();
      await s.send("b");
      await settle();
      clock.advance(99);
      await s.send("c", 1);
      await settle();
      clock.advance(1);
      await s.send("d", 2);
      await settle();
      clock.advance(50);
      await s.send("e", 2);
      await settle();
      clock.advance(50);
      await s.send(["f", "g"], 3);
      s.close();
      await within(exec.done, 2000, "run");
      expect(perTime(out)).toEqual({ 0: ["a"], 2: ["d"], 3: ["f"] });
    });

    it(`debounce sends an item after ms of quiet, at its own time; a newer item restarts the wait (${mode})`, async () => {
      const clock = new ManualClock();
      const g = new Graph("debounce");
      const s = g.input<string>("s");
      const out = s.debounce(100).capture();
      const probe = s.debounce(100, { name: "watch" }).probe();
      const exec = g.run({ mode, clock });
      await s.send("a");
      await settle();
      clock.advance(60);
      await s.send("b", 1);
      await settle();
      s.advanceTo(5);
      await settle();
      // "b" waits at time 1: the frontier after debounce stays there.
      expect(String(probe.frontier)).toBe("[1]");
      clock.advance(60);
      await settle();
      expect(out.size).toBe(0);
      clock.advance(40);
      await settle();
      expect(perTime(out)).toEqual({ 1: ["b"] });
      expect(String(probe.frontier)).toBe("[5]");
      await s.send(["c", "d"], 6);
      await settle();
      s.close();
      await within(exec.done, 2000, "run");
      // The input closed before "d" had been quiet for 100 ms: it is sent at once.
      expect(perTime(out)).toEqual({ 1: ["b"], 6: ["d"] });
      expect(clock.timers).toBe(0);
    });
  }
});
