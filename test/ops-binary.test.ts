import { describe, expect, it } from "vitest";
import { Graph, GraphError } from "../src/index.js";
import { MODES, perTime, settle, within } from "./helpers.js";

interface Order {
  readonly user: string;
  readonly item: string;
}
interface User {
  readonly user: string;
  readonly name: string;
}

describe("join: two keyed streams matched by key per time", () => {
  const run = async (mode: (typeof MODES)[number], kind?: "inner" | "left" | "right" | "outer") => {
    const g = new Graph("join");
    const orders = g.input<Order>("orders");
    const users = g.input<User>("users");
    const joined = orders.keyBy((o) => o.user).join(users.keyBy((u) => u.user), kind === undefined ? undefined : { kind });
    const out = joined.map((j) => `${j.key}:${j.left?.item ?? "-"}:${j.right?.name ?? "-"}`).capture();
    const exec = g.run({ mode });
    await orders.send([{ user: "u1", item: "book" }, { user: "u2", item: "pen" }, { user: "u1", item: "ink" }]);
    await users.send([{ user: "u1", name: "Ada" }, { user: "u3", name: "Cy" }]);
    await users.send({ user: "u2", name: "Bo" }, 1);
    await orders.send({ user: "u2", item: "cup" }, 1);
    orders.advanceTo(1);
    await settle();
    const whileUsersOpen = out.size;
    users.advanceTo(1);
    await settle();
    const atZero = perTime(out);
    orders.close();
    users.close();
    await within(exec.done, 2000, "run");
    return { whileUsersOpen, atZero, result: perTime(out), keyOf: joined.keyOf({ key: "k", left: undefined as never, right: undefined as never }) };
  };

  for (const mode of MODES) {
    it(`inner, left, right and outer joins emit once both frontiers pass the time (${mode})`, async () => {
      const inner = await run(mode);
      expect(inner.whileUsersOpen).toBe(0);
      expect(inner.atZero).toEqual({ 0: ["u1:book:Ada", "u1:ink:Ada"] });
      expect(inner.result).toEqual({ 0: ["u1:book:Ada", "u1:ink:Ada"], 1: ["u2:cup:Bo"] });
      expect(inner.keyOf).toBe("k");
      expect((await run(mode, "left")).result).toEqual({ 0: ["u1:book:Ada", "u1:ink:Ada", "u2:pen:-"], 1: ["u2:cup:Bo"] });
      expect((await run(mode, "right")).result).toEqual({ 0: ["u1:book:Ada", "u1:ink:Ada", "u3:-:Cy"], 1: ["u2:cup:Bo"] });
      expect((await run(mode, "outer")).result).toEqual({ 0: ["u1:book:Ada", "u1:ink:Ada", "u2:pen:-", "u3:-:Cy"], 1: ["u2:cup:Bo"] });
    });
  }

  it("has a node with two input ports, left and right", () => {
    const g = new Graph("ports");
    const a = g.input<Order>("a").keyBy((o) => o.user);
    const b = g.input<User>("b").keyBy((u) => u.user);
    a.join(b);
    expect(g.edges).toContainEqual(["keyBy.out", "join.left"]);
    expect(g.edges).toContainEqual(["keyBy2.out", "join.right"]);
  });

  it("refuses a stream that is not keyed, naming it and saying what to do", () => {
    const g = new Graph("unkeyed");
    const a = g.input<Order>("a").keyBy((o) => o.user);
    const b = g.input<User>("b");
    expect(() => a.join(b as never)).toThrow(GraphError);
    expect(() => a.join(b as never)).toThrow("join(): the other stream Input(b @ 0) is not keyed; key it first with .keyBy(item => key)");
  });

  it("refuses an unknown kind", () => {
    const g = new Graph("kind");
    const a = g.input<Order>("a").keyBy((o) => o.user);
    expect(() => a.join(a, { kind: "cross" as never })).toThrow("join(): kind must be one of inner, left, right, outer, got cross");
  });
});

describe("zip, sample and reclock", () => {
  for (const mode of MODES) {
    it(`zip pairs the i-th items of each time and drops the extras (${mode})`, async () => {
      const g = new Graph("zip");
      const a = g.input<number>("a");
      const b = g.input<string>("b");
      const out = a.zip(b).capture();
      const exec = g.run({ mode });
      await a.send([1, 2, 3]);
      await b.send("x");
      await b.send("y");
      await a.send(4, 1);
      await b.send(["z", "w"], 1);
      a.advanceTo(1);
      await settle();
      expect(out.size).toBe(0);
      b.advanceTo(1);
      await settle();
      expect(perTime(out)).toEqual({ 0: [[1, "x"], [2, "y"]] });
      a.close();
      b.close();
      await within(exec.done, 2000, "run");
      expect(perTime(out)).toEqual({ 0: [[1, "x"], [2, "y"]], 1: [[4, "z"]] });
    });

    it(`sample emits the latest item as of each tick of the sampler, at the tick's time (${mode})`, async () => {
      const g = new Graph("sample");
      const data = g.input<string>("data");
      const ticks = g.input<null>("ticks");
      const out = data.sample(ticks).capture();
      const exec = g.run({ mode });
      await ticks.send(null, 0); // nothing yet: no output
      await data.send(["a", "b"], 1);
      await data.send("c", 3);
      await data.send("d", 6);
      await ticks.send(null, 2);
      await ticks.send(null, 4);
      await ticks.send(null, 5);
      data.advanceTo(5);
      ticks.advanceTo(5);
      await settle();
      expect(perTime(out)).toEqual({ 2: ["b"], 4: ["c"] });
      ticks.advanceTo(7);
      data.close();
      await settle();
      expect(perTime(out)).toEqual({ 2: ["b"], 4: ["c"], 5: ["c"] });
      ticks.close();
      await within(exec.done, 2000, "run");
      expect(perTime(out)).toEqual({ 2: ["b"], 4: ["c"], 5: ["c"] });
    });

    it(`reclock releases data at the first clock time >= its time, once both frontiers pass it (${mode})`, async () => {
      const g = new Graph("reclock");
      const data = g.input<string>("data");
      const clock = g.input<null>("clock");
      const out = data.reclock(clock).capture();
      const probe = data.reclock(clock, { name: "second" }).probe();
      const exec = g.run({ mode });
      await data.send("a", 0);
      await data.send(["b", "c"], 2);
      await data.send("d", 3);
      await data.send("e", 7);
      await clock.send(null, 3);
      await clock.send(null, 3);
      await clock.send(null, 5);
      clock.advanceTo(6);
      data.advanceTo(3);
      await settle();
      // Time 3 cannot complete while data at 3 may still arrive.
      expect(out.size).toBe(0);
      data.advanceTo(8);
      await settle();
      expect(perTime(out)).toEqual({ 3: ["a", "b", "c", "d"] });
      // Nothing is held for "e" at 7: the next tick is at 6 or later, which is where the frontier is.
      expect(String(probe.frontier)).toBe("[6]");
      clock.send(null, 9);
      clock.close();
      data.close();
      await within(exec.done, 2000, "run");
      expect(perTime(out)).toEqual({ 3: ["a", "b", "c", "d"], 9: ["e"] });
    });
  }

  it("zip, sample and reclock refuse something that is not a stream", () => {
    const g = new Graph("bad");
    const a = g.input<number>("a");
    expect(() => a.zip(42 as never)).toThrow("zip() needs a stream, got number");
    expect(() => a.sample(null as never)).toThrow("sample() needs a stream, got null");
    const other = new Graph("other").input<number>("b");
    expect(() => a.reclock(other)).toThrow("reclock(): b.out belongs to another graph");
  });
});
