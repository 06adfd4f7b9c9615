import { describe, it, expect } from "vitest";
import { inspect } from "node:util";
import {
  Antichain,
  IDENTITY,
  MutableAntichain,
  Product,
  ProductSummary,
  applySummary,
  checkSummary,
  checkTime,
  compareTimes,
  diffFrontiers,
  followedBy,
  formatSummary,
  formatTime,
  isIdentity,
  lessEqual,
  lessThan,
  product,
  summaryLessEqual,
  timeEquals,
  timeKey,
  type Time,
} from "../src/internals.js";

const MAX = Number.MAX_SAFE_INTEGER;
const p = (a: Time, b: Time): Product => product(a, b);
/** Elements printed, for comparisons independent of object identity. */
const show = (a: Antichain): string => String(a);

// ---------------------------------------------------------------------------------------------
// Timestamps and their order
// ---------------------------------------------------------------------------------------------

describe("integer times", () => {
  it("are totally ordered by lessEqual / lessThan", () => {
    expect(lessEqual(2, 3)).toBe(true);
    expect(lessEqual(3, 3)).toBe(true);
    expect(lessEqual(4, 3)).toBe(false);
    expect(lessThan(2, 3)).toBe(true);
    expect(lessThan(3, 3)).toBe(false);
    expect(lessThan(4, 3)).toBe(false);
    expect(lessEqual(0, MAX)).toBe(true);
  });

  it("timeEquals, compareTimes, formatTime, timeKey", () => {
    expect(timeEquals(5, 5)).toBe(true);
    expect(timeEquals(5, 6)).toBe(false);
    expect(Math.sign(compareTimes(1, 2))).toBe(-1);
    expect(compareTimes(2, 2)).toBe(0);
    expect(Math.sign(compareTimes(7, 2))).toBe(1);
    expect(formatTime(0)).toBe("0");
    expect(formatTime(42)).toBe("42");
    expect(timeKey(42)).toBe(42);
  });

  it("cannot be compared with a product time (clear error)", () => {
    expect(() => lessEqual(1, p(1, 0))).toThrow(TypeError);
    expect(() => lessEqual(1, p(1, 0))).toThrow("cannot compare times of different kinds: 1 and (1, 0)");
    expect(() => lessThan(1, p(1, 0))).toThrow("cannot compare times of different kinds: 1 and (1, 0)");
    expect(() => compareTimes(1, p(1, 0))).toThrow("cannot compare times of different kinds: 1 and (1, 0)");
    expect(() => lessEqual(p(1, 0), 1)).toThrow("cannot compare (1, 0) with 1");
    expect(() => compareTimes(p(1, 0), 1)).toThrow("cannot compare (1, 0) with 1");
    expect(timeEquals(1, p(1, 0))).toBe(false);
    expect(timeEquals(p(1, 0), 1)).toBe(false);
  });
});

describe("Product times (product order, not lexicographic)", () => {
  it("a <= b iff both components are <=", () => {
    expect(lessEqual(p(1, 2), p(1, 2))).toBe(true);
    expect(lessEqual(p(1, 2), p(3, 4))).toBe(true);
    expect(lessEqual(p(1, 2), p(1, 3))).toBe(true);
    expect(lessEqual(p(1, 2), p(2, 2))).toBe(true);
    expect(lessEqual(p(3, 4), p(1, 2))).toBe(false);
  });

  it("is not lexicographic: (0, 5) and (1, 0) are incomparable", () => {
    // Lexicographically (0, 5) < (1, 0); in the product order neither is <= the other.
    expect(lessEqual(p(0, 5), p(1, 0))).toBe(false);
    expect(lessEqual(p(1, 0), p(0, 5))).toBe(false);
    expect(lessThan(p(0, 5), p(1, 0))).toBe(false);
    expect(lessThan(p(1, 0), p(0, 5))).toBe(false);
    expect(lessEqual(p(1, 0), p(0, 1))).toBe(false);
    expect(lessEqual(p(0, 1), p(1, 0))).toBe(false);
  });

  it("lessThan is <= and different", () => {
    expect(lessThan(p(1, 2), p(1, 3))).toBe(true);
    expect(lessThan(p(1, 2), p(2, 2))).toBe(true);
    expect(lessThan(p(1, 2), p(1, 2))).toBe(false);
    expect(lessThan(p(2, 2), p(1, 2))).toBe(false);
  });

  it("equality is structural", () => {
    expect(timeEquals(p(1, 2), p(1, 2))).toBe(true);
    expect(timeEquals(p(1, 2), p(2, 1))).toBe(false);
    expect(p(1, 2).equals(p(1, 2))).toBe(true);
    expect(p(1, 2)).toBeInstanceOf(Product);
    expect(new Product(3, 4).outer).toBe(3);
    expect(new Product(3, 4).inner).toBe(4);
  });

  it("compareTimes is a lexicographic linear extension of the product order", () => {
    expect(Math.sign(compareTimes(p(0, 5), p(1, 0)))).toBe(-1);
    expect(Math.sign(compareTimes(p(1, 0), p(0, 5)))).toBe(1);
    expect(Math.sign(compareTimes(p(1, 1), p(1, 2)))).toBe(-1);
    expect(compareTimes(p(1, 2), p(1, 2))).toBe(0);
    const sorted = [p(2, 0), p(0, 3), p(1, 1), p(0, 1)].sort(compareTimes).map(formatTime);
    expect(sorted).toEqual(["(0, 1)", "(0, 3)", "(1, 1)", "(2, 0)"]);
  });

  it("formatting, keys and util.inspect", () => {
    expect(formatTime(p(1, 0))).toBe("(1, 0)");
    expect(String(p(3, 14))).toBe("(3, 14)");
    expect(inspect(p(1, 0))).toBe("(1, 0)");
    expect(timeKey(p(1, 0))).toBe("(1,0)");
    expect(timeKey(p(1, 0))).toBe(timeKey(p(1, 0)));
    expect(timeKey(p(1, 0))).not.toBe(timeKey(p(0, 1)));
  });

  it("nests: ((a, b), c) is ordered component-wise at every level", () => {
    const a = p(p(1, 2), 3);
    const b = p(p(1, 3), 3);
    const c = p(p(2, 0), 3);
    expect(lessEqual(a, b)).toBe(true);
    expect(lessEqual(a, c)).toBe(false);
    expect(lessEqual(c, a)).toBe(false);
    expect(formatTime(a)).toBe("((1, 2), 3)");
    expect(timeKey(a)).toBe("((1,2),3)");
    expect(timeKey(p(1, p(2, 3)))).toBe("(1,(2,3))");
  });
});

describe("checkTime", () => {
  it("accepts non-negative safe integers and returns them", () => {
    expect(checkTime(0, "t")).toBe(0);
    expect(checkTime(17, "t")).toBe(17);
    expect(checkTime(MAX, "t")).toBe(MAX);
  });

  it("accepts Timestamp objects and returns the same object", () => {
    const t = p(1, 2);
    expect(checkTime(t, "t")).toBe(t);
  });

  it("refuses negative times with a clear message", () => {
    expect(() => checkTime(-1, "the time")).toThrow(TypeError);
    expect(() => checkTime(-1, "the time")).toThrow("the time must be a non-negative safe integer or a Timestamp, got -1");
  });

  it("refuses NaN and infinities", () => {
    expect(() => checkTime(NaN, "t")).toThrow("t must be a non-negative safe integer or a Timestamp, got NaN");
    expect(() => checkTime(Infinity, "t")).toThrow("t must be a non-negative safe integer or a Timestamp, got Infinity");
  });

  it("refuses non-integers and unsafe integers", () => {
    expect(() => checkTime(1.5, "t")).toThrow("t must be a non-negative safe integer or a Timestamp, got 1.5");
    expect(() => checkTime(MAX + 1, "t")).toThrow(`got ${MAX + 1}`);
  });

  it("refuses strings (quoted in the message), null, undefined and plain objects", () => {
    expect(() => checkTime("3", "advanceTo(t)")).toThrow('advanceTo(t) must be a non-negative safe integer or a Timestamp, got "3"');
    expect(() => checkTime(null, "t")).toThrow("got null");
    expect(() => checkTime(undefined, "t")).toThrow("got undefined");
    expect(() => checkTime({}, "t")).toThrow("got [object Object]");
    expect(() => checkTime([1, 2], "t")).toThrow("got [object Array]");
  });

  it("refuses product times whose components are bad times (negative, NaN, non-integer, string)", () => {
    // product(NaN, 0) is not even <= itself, so antichains would hold duplicates of it; these must be
    // refused like the same bad values as plain integer times.
    expect(lessEqual(p(NaN, 0), p(NaN, 0))).toBe(false);
    expect(() => checkTime(p(-1, 0), "t")).toThrow(TypeError);
    expect(() => checkTime(p(0, NaN), "t")).toThrow(TypeError);
    expect(() => checkTime(p(1.5, 0), "t")).toThrow(TypeError);
    expect(() => checkTime(p("3" as unknown as number, 0), "t")).toThrow(TypeError);
    expect(() => checkTime(p(p(0, -1), 0), "t")).toThrow(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Path summaries
// ---------------------------------------------------------------------------------------------

describe("integer path summaries", () => {
  it("applySummary adds k; the identity is 0", () => {
    expect(IDENTITY).toBe(0);
    expect(applySummary(0, 5)).toBe(5);
    expect(applySummary(3, 5)).toBe(8);
    expect(applySummary(1, 0)).toBe(1);
  });

  it("applySummary is null when the result overflows", () => {
    expect(applySummary(1, MAX)).toBeNull();
    expect(applySummary(1, MAX - 1)).toBe(MAX);
    expect(applySummary(0, MAX)).toBe(MAX);
    expect(applySummary(MAX, 1)).toBeNull();
  });

  it("the identity applies to any time, a non-zero integer summary not to products", () => {
    const t = p(1, 2);
    expect(applySummary(0, t)).toBe(t);
    expect(() => applySummary(2, t)).toThrow("integer summary +2 cannot apply to the time (1, 2)");
  });

  it("followedBy composes by addition and overflows to null", () => {
    expect(followedBy(2, 3)).toBe(5);
    expect(followedBy(0, 4)).toBe(4);
    expect(followedBy(4, 0)).toBe(4);
    expect(followedBy(MAX, 1)).toBeNull();
    expect(followedBy(MAX - 1, 1)).toBe(MAX);
    // composition then application = application then application
    expect(applySummary(followedBy(2, 3)!, 10)).toBe(applySummary(3, applySummary(2, 10)!));
  });

  it("summaryLessEqual orders integer summaries", () => {
    expect(summaryLessEqual(1, 2)).toBe(true);
    expect(summaryLessEqual(2, 2)).toBe(true);
    expect(summaryLessEqual(3, 2)).toBe(false);
    expect(summaryLessEqual(0, 5)).toBe(true);
    expect(summaryLessEqual(5, 0)).toBe(false);
  });

  it("isIdentity / formatSummary / checkSummary", () => {
    expect(isIdentity(0)).toBe(true);
    expect(isIdentity(1)).toBe(false);
    expect(formatSummary(0)).toBe("+0");
    expect(formatSummary(3)).toBe("+3");
    expect(checkSummary(2, "s")).toBe(2);
    expect(() => checkSummary(-1, "the summary")).toThrow(
      "the summary must be a non-negative integer or a PathSummary (summaries never move time backwards), got -1",
    );
    expect(() => checkSummary(0.5, "s")).toThrow("got 0.5");
    expect(() => checkSummary("1", "s")).toThrow("s must be a non-negative integer or a PathSummary, got 1");
  });
});

describe("ProductSummary (component-wise)", () => {
  const feedback = new ProductSummary(0, 1); // a loop's feedback edge
  const outerStep = new ProductSummary(1, 0);

  it("applies component-wise; the loop feedback (+0, +1) advances only the inner component", () => {
    expect(formatTime(feedback.apply(p(3, 4))!)).toBe("(3, 5)");
    expect(formatTime(applySummary(feedback, p(3, 4))!)).toBe("(3, 5)");
    expect(formatTime(applySummary(outerStep, p(3, 4))!)).toBe("(4, 4)");
    expect(formatTime(applySummary(new ProductSummary(2, 5), p(1, 1))!)).toBe("(3, 6)");
    // a summary never moves a time backwards
    expect(lessEqual(p(3, 4), applySummary(feedback, p(3, 4))!)).toBe(true);
  });

  it("is null when either component overflows", () => {
    expect(applySummary(feedback, p(0, MAX))).toBeNull();
    expect(applySummary(outerStep, p(MAX, 0))).toBeNull();
    expect(formatTime(applySummary(feedback, p(MAX, 0))!)).toBe(`(${MAX}, 1)`);
  });

  it("refuses to apply to an integer time", () => {
    expect(() => applySummary(feedback, 3)).toThrow("product summary (+0, +1) cannot apply to the time 3");
  });

  it("composes component-wise, with the identity 0 on either side", () => {
    const c = followedBy(feedback, outerStep);
    expect(c).toBeInstanceOf(ProductSummary);
    expect(formatSummary(c!)).toBe("(+1, +1)");
    expect(formatSummary(followedBy(feedback, feedback)!)).toBe("(+0, +2)");
    expect(followedBy(0, feedback)).toBe(feedback);
    expect(followedBy(feedback, 0)).toBe(feedback);
    expect(followedBy(new ProductSummary(0, MAX), feedback)).toBeNull();
    expect(followedBy(new ProductSummary(MAX, 0), outerStep)).toBeNull();
    expect(() => followedBy(1, feedback)).toThrow("cannot compose summaries +1 and (+0, +1)");
    expect(() => followedBy(feedback, 1)).toThrow("cannot compose (+0, +1) with +1");
  });

  it("is ordered component-wise: (+0, +1) and (+1, +0) are incomparable", () => {
    expect(summaryLessEqual(feedback, outerStep)).toBe(false);
    expect(summaryLessEqual(outerStep, feedback)).toBe(false);
    expect(summaryLessEqual(feedback, new ProductSummary(1, 1))).toBe(true);
    expect(summaryLessEqual(new ProductSummary(1, 1), feedback)).toBe(false);
    expect(summaryLessEqual(feedback, feedback)).toBe(true);
    // the identity is below every summary; only an identity product summary is below 0
    expect(summaryLessEqual(0, feedback)).toBe(true);
    expect(summaryLessEqual(feedback, 0)).toBe(false);
    expect(summaryLessEqual(new ProductSummary(0, 0), 0)).toBe(true);
    expect(() => summaryLessEqual(1, feedback)).toThrow("cannot compare summaries +1 and (+0, +1)");
  });

  it("identity detection and printing", () => {
    expect(isIdentity(new ProductSummary(0, 0))).toBe(true);
    expect(isIdentity(feedback)).toBe(false);
    expect(formatSummary(feedback)).toBe("(+0, +1)");
    expect(String(outerStep)).toBe("(+1, +0)");
    expect(checkSummary(feedback, "s")).toBe(feedback);
  });

  it("checkSummary refuses product summaries with a component that moves time backwards or is not an integer", () => {
    // SEMANTICS: "a summary never moves a time backwards"; checkSummary refuses -1 as an integer
    // summary, and must refuse it inside a product summary too, where it does move times back:
    const back = new ProductSummary(-1, 0);
    expect(formatTime(applySummary(back, p(3, 3))!)).toBe("(2, 3)");
    expect(() => checkSummary(back, "s")).toThrow(TypeError);
    expect(() => checkSummary(new ProductSummary(0, -1), "s")).toThrow(TypeError);
    expect(() => checkSummary(new ProductSummary(0, 0.5), "s")).toThrow(TypeError);
    expect(() => checkSummary(new ProductSummary(NaN, 0), "s")).toThrow(TypeError);
  });
});

// ---------------------------------------------------------------------------------------------
// Antichain
// ---------------------------------------------------------------------------------------------

describe("Antichain: the SEMANTICS examples, literally", () => {
  it("{2}: insert 3 → false", () => {
    const a = new Antichain<number>();
    expect(a.insert(2)).toBe(true);
    expect(a.insert(3)).toBe(false);
    expect(a.elements).toEqual([2]);
    expect(a.size).toBe(1);
  });

  it("{2}.lessThan(3) true, .lessThan(2) false, .lessEqual(2) true, .lessEqual(1) false", () => {
    const a = Antichain.from([2]);
    expect(a.lessThan(3)).toBe(true);
    expect(a.lessThan(2)).toBe(false);
    expect(a.lessEqual(2)).toBe(true);
    expect(a.lessEqual(1)).toBe(false);
  });

  it("products: insert (1,0) then (0,1) → {(1,0),(0,1)}; insert (1,1) → rejected; insert (0,0) → {(0,0)}", () => {
    const a = new Antichain<Product>();
    expect(a.insert(p(1, 0))).toBe(true);
    expect(a.insert(p(0, 1))).toBe(true);
    expect(a.size).toBe(2);
    expect(a.has(p(1, 0))).toBe(true);
    expect(a.has(p(0, 1))).toBe(true);

    expect(a.insert(p(1, 1))).toBe(false);
    expect(a.size).toBe(2);
    expect(a.has(p(1, 1))).toBe(false);

    expect(a.insert(p(0, 0))).toBe(true);
    expect(a.size).toBe(1);
    expect(a.has(p(0, 0))).toBe(true);
    expect(a.has(p(1, 0))).toBe(false);
    expect(a.has(p(0, 1))).toBe(false);
  });

  it("{(1,0),(0,1)}.lessEqual((0,5)) true, .lessEqual((0,0)) false", () => {
    const a = Antichain.from([p(1, 0), p(0, 1)]);
    expect(a.lessEqual(p(0, 5))).toBe(true);
    expect(a.lessEqual(p(0, 0))).toBe(false);
  });

  it("the empty antichain (done) answers false to both", () => {
    const e = Antichain.empty();
    expect(e.isEmpty).toBe(true);
    expect(e.size).toBe(0);
    for (const t of [0, 1, 17, MAX]) {
      expect(e.lessThan(t)).toBe(false);
      expect(e.lessEqual(t)).toBe(false);
    }
    expect(e.lessThan(p(5, 5))).toBe(false);
    expect(e.lessEqual(p(0, 0))).toBe(false);
    const fresh = new Antichain();
    expect(fresh.lessEqual(0)).toBe(false);
    expect(fresh.lessThan(1)).toBe(false);
  });
});

describe("Antichain: more", () => {
  it("inserting x removes every element >= x and keeps the incomparable ones", () => {
    const a = Antichain.from([p(0, 3), p(1, 2), p(3, 0)]);
    expect(a.size).toBe(3);
    expect(a.insert(p(1, 1))).toBe(true); // removes (1,2); keeps (0,3) and (3,0)
    expect(a.size).toBe(3);
    expect(a.has(p(1, 2))).toBe(false);
    expect(a.has(p(0, 3))).toBe(true);
    expect(a.has(p(3, 0))).toBe(true);
    expect(a.has(p(1, 1))).toBe(true);
  });

  it("inserting an equal element is a no-op", () => {
    const a = Antichain.from([p(1, 0)]);
    expect(a.insert(p(1, 0))).toBe(false);
    expect(a.size).toBe(1);
  });

  it("from() keeps only the minimal elements", () => {
    expect(Antichain.from([5, 3, 9, 3]).elements).toEqual([3]);
    expect(Antichain.from([p(2, 2), p(1, 3), p(3, 1), p(1, 1)]).elements.map(formatTime)).toEqual(["(1, 1)"]);
  });

  it("lessThan with products", () => {
    const a = Antichain.from([p(1, 0), p(0, 1)]);
    expect(a.lessThan(p(0, 1))).toBe(false);
    expect(a.lessThan(p(1, 0))).toBe(false);
    expect(a.lessThan(p(0, 2))).toBe(true);
    expect(a.lessThan(p(1, 1))).toBe(true);
    expect(a.lessThan(p(0, 0))).toBe(false);
  });

  it("equals and dominatedBy", () => {
    const a = Antichain.from([p(1, 0), p(0, 1)]);
    const b = Antichain.from([p(0, 1), p(1, 0)]);
    const c = Antichain.from([p(0, 0)]);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(a.dominatedBy(c)).toBe(true); // c is at or behind a
    expect(c.dominatedBy(a)).toBe(false);
    expect(Antichain.from([3]).dominatedBy(Antichain.from([2]))).toBe(true);
    expect(Antichain.from([2]).dominatedBy(Antichain.from([3]))).toBe(false);
    expect(Antichain.empty().dominatedBy(Antichain.from([3]))).toBe(true);
    expect(Antichain.from([3]).dominatedBy(Antichain.empty())).toBe(false);
    expect(Antichain.empty().equals(new Antichain())).toBe(true);
  });

  it("prints [1], products and [] (done), also through util.inspect", () => {
    expect(String(Antichain.from([1]))).toBe("[1]");
    expect(String(Antichain.empty())).toBe("[]");
    expect(String(new Antichain())).toBe("[]");
    expect(String(Antichain.from([p(1, 0)]))).toBe("[(1, 0)]");
    expect(inspect(Antichain.from([1]))).toBe("[1]");
    expect(inspect(Antichain.empty())).toBe("[]");
    expect(inspect({ frontier: Antichain.from([1]) })).toBe("{ frontier: [1] }");
  });

  it("prints the two-element product antichain in the documented element order, whatever the insertion order", () => {
    // `elements` are documented to be in the total order of compareTimes (lexicographic for
    // products), so {(1,0),(0,1)} prints with (0, 1) first. Inserting in either order prints the same.
    const a = Antichain.from([p(1, 0), p(0, 1)]);
    const b = Antichain.from([p(0, 1), p(1, 0)]);
    expect(String(a)).toBe("[(0, 1), (1, 0)]");
    expect(String(b)).toBe("[(0, 1), (1, 0)]");
    expect(inspect(a)).toBe("[(0, 1), (1, 0)]");
    expect(a.elements.map(formatTime)).toEqual(["(0, 1)", "(1, 0)"]);
  });

  it("toJSON gives numbers, and strings for structured times", () => {
    expect(JSON.stringify(Antichain.from([4]))).toBe("[4]");
    expect(JSON.stringify(Antichain.from([p(1, 0), p(0, 1)]))).toBe('["(0, 1)","(1, 0)"]');
    expect(JSON.stringify(Antichain.empty())).toBe("[]");
  });

  it("a frozen frontier snapshot refuses insert with a clear message", () => {
    const e = Antichain.empty<number>();
    expect(() => e.insert(1)).toThrow(TypeError);
    expect(() => e.insert(1)).toThrow(
      "this antichain is a frontier snapshot and cannot be changed; copy it with Antichain.from(a.elements)",
    );
    expect(e.isEmpty).toBe(true);

    const f = Antichain.from<number>([3]).freeze();
    expect(() => f.insert(1)).toThrow("frontier snapshot");
    expect(f.elements).toEqual([3]);
    // the suggested copy is writable
    const copy = Antichain.from<number>(f.elements);
    expect(copy.insert(1)).toBe(true);
    expect(copy.elements).toEqual([1]);
    expect(f.elements).toEqual([3]);
  });

  it("the frontier snapshot of a MutableAntichain is frozen", () => {
    const m = new MutableAntichain();
    m.update(4, 1);
    expect(() => m.frontier.insert(2)).toThrow("frontier snapshot");
    expect(String(m.frontier)).toBe("[4]");
  });

  it("comparing times of different kinds through an antichain is an error", () => {
    const a = Antichain.from([1]);
    expect(() => a.lessEqual(p(1, 1))).toThrow("cannot compare times of different kinds");
    expect(() => Antichain.from<Time>([1]).insert(p(0, 0))).toThrow("cannot compare times of different kinds");
  });
});

// ---------------------------------------------------------------------------------------------
// MutableAntichain
// ---------------------------------------------------------------------------------------------

describe("MutableAntichain", () => {
  it("SEMANTICS: from {1: 1}, applying (1, -1), (2, +7) gives frontier [2] and changes (1, -1), (2, +1)", () => {
    const m = new MutableAntichain();
    expect(m.updateIter([[1, 1]])).toEqual([[1, 1]]);
    const changes = m.updateIter([
      [1, -1],
      [2, 7],
    ]);
    expect(String(m.frontier)).toBe("[2]");
    expect(m.frontierElements).toEqual([2]);
    expect(changes).toEqual([
      [1, -1],
      [2, 1],
    ]);
    expect(m.count(1)).toBe(0);
    expect(m.count(2)).toBe(7);
    expect(m.entries()).toEqual([[2, 7]]);
  });

  it("starts empty", () => {
    const m = new MutableAntichain();
    expect(m.isEmpty).toBe(true);
    expect(String(m.frontier)).toBe("[]");
    expect(m.entries()).toEqual([]);
    expect(m.count(0)).toBe(0);
  });

  it("update reports whether the frontier changed", () => {
    const m = new MutableAntichain();
    expect(m.update(5, 1)).toBe(true); // enters
    expect(m.update(5, 1)).toBe(false); // count 2, same frontier
    expect(m.update(7, 1)).toBe(false); // dominated by 5
    expect(m.update(5, -1)).toBe(false); // count 1, still in
    expect(m.update(5, -1)).toBe(true); // leaves; 7 takes over
    expect(m.frontierElements).toEqual([7]);
    expect(m.update(3, 0)).toBe(false);
    expect(m.count(3)).toBe(0);
  });

  it("counts may go through zero and negative within a batch; only the net frontier change is reported", () => {
    const m = new MutableAntichain();
    m.update(3, 1);
    // 2 goes negative first, then back to zero: no frontier change
    expect(
      m.updateIter([
        [2, -1],
        [2, 1],
      ]),
    ).toEqual([]);
    expect(m.count(2)).toBe(0);
    expect(m.frontierElements).toEqual([3]);

    // 3 leaves and comes back within the batch: no change reported
    expect(
      m.updateIter([
        [3, -1],
        [3, 1],
      ]),
    ).toEqual([]);
    expect(m.frontierElements).toEqual([3]);

    // -1 then +2 at 1: the net count is +1, 1 enters
    expect(
      m.updateIter([
        [1, -1],
        [1, 2],
      ]),
    ).toEqual([
      [3, -1],
      [1, 1],
    ]);
    expect(m.count(1)).toBe(1);
    expect(m.frontierElements).toEqual([1]);
  });

  it("a negative count is not in the frontier, and a time only enters when its count turns positive", () => {
    const m = new MutableAntichain();
    expect(m.update(1, -2)).toBe(false);
    expect(m.count(1)).toBe(-2);
    expect(m.isEmpty).toBe(true);
    expect(m.entries()).toEqual([[1, -2]]);
    expect(m.update(4, 1)).toBe(true);
    expect(m.frontierElements).toEqual([4]);
    expect(m.update(1, 1)).toBe(false); // -1
    expect(m.update(1, 1)).toBe(false); // 0
    expect(m.entries()).toEqual([[4, 1]]);
    expect(m.update(1, 1)).toBe(true); // +1: enters, 4 leaves
    expect(m.frontierElements).toEqual([1]);
    // from positive straight to negative: leaves
    expect(m.update(1, -3)).toBe(true);
    expect(m.count(1)).toBe(-2);
    expect(m.frontierElements).toEqual([4]);
  });

  it("product times: a frontier with several incomparable elements", () => {
    const m = new MutableAntichain();
    expect(
      m.updateIter([
        [p(1, 0), 1],
        [p(0, 1), 1],
        [p(1, 1), 3],
        [p(2, 0), 1],
      ]),
    ).toEqual([
      [p(1, 0), 1],
      [p(0, 1), 1],
    ]);
    expect(String(m.frontier)).toBe("[(0, 1), (1, 0)]");
    expect(m.frontier.size).toBe(2);

    // (1,0) leaves: (2,0) and (1,1) are now minimal among positives, but (1,1) >= (0,1)
    expect(m.updateIter([[p(1, 0), -1]])).toEqual([
      [p(1, 0), -1],
      [p(2, 0), 1],
    ]);
    expect(String(m.frontier)).toBe("[(0, 1), (2, 0)]");

    // (0,1) leaves: (1,1) becomes minimal alongside (2,0)
    expect(m.updateIter([[p(0, 1), -1]])).toEqual([
      [p(0, 1), -1],
      [p(1, 1), 1],
    ]);
    expect(String(m.frontier)).toBe("[(1, 1), (2, 0)]");

    // (0,0) enters and replaces everything
    expect(m.updateIter([[p(0, 0), 1]])).toEqual([
      [p(1, 1), -1],
      [p(2, 0), -1],
      [p(0, 0), 1],
    ]);
    expect(String(m.frontier)).toBe("[(0, 0)]");
    expect(m.count(p(1, 1))).toBe(3);
    expect(m.count(p(2, 0))).toBe(1);

    // everything drains: the frontier becomes empty
    m.updateIter([
      [p(0, 0), -1],
      [p(1, 1), -3],
      [p(2, 0), -1],
    ]);
    expect(m.isEmpty).toBe(true);
    expect(String(m.frontier)).toBe("[]");
    expect(m.entries()).toEqual([]);
  });

  it("product counts are keyed by value, not by object identity", () => {
    const m = new MutableAntichain();
    m.update(p(2, 3), 1);
    m.update(p(2, 3), 1);
    expect(m.count(p(2, 3))).toBe(2);
    expect(m.update(p(2, 3), -2)).toBe(true);
    expect(m.isEmpty).toBe(true);
  });

  it("the frontier snapshot is stable until the frontier changes", () => {
    const m = new MutableAntichain();
    m.update(2, 1);
    const f1 = m.frontier;
    m.update(3, 1); // no frontier change
    expect(m.frontier).toBe(f1);
    m.update(1, 1);
    const f2 = m.frontier;
    expect(f2).not.toBe(f1);
    expect(String(f1)).toBe("[2]"); // the old snapshot is unchanged
    expect(String(f2)).toBe("[1]");
  });

  it("diffFrontiers lists times leaving, then entering", () => {
    expect(diffFrontiers([1], [2])).toEqual([
      [1, -1],
      [2, 1],
    ]);
    expect(diffFrontiers([p(1, 0), p(0, 1)], [p(0, 1), p(2, 0)])).toEqual([
      [p(1, 0), -1],
      [p(2, 0), 1],
    ]);
    expect(diffFrontiers([3], [3])).toEqual([]);
    expect(diffFrontiers([], [])).toEqual([]);
  });
});
