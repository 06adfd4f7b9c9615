/**
 * Scripted event-time input, like Beam's `TestStream`: elements at event times, watermark moves
 * and processing-time advances, in order.
 *
 * A script is immutable plain data: every call returns a new script. Conventions: Beam's
 * `advanceWatermarkTo(W)` makes the source's frontier `W` (all event times `< W` are complete);
 * Flink's `watermark(w)` ("no more timestamps `<= w`") makes it `w + 1`. Elements whose timestamp
 * is below the watermark are late: they travel at the watermark with their own event time. A
 * script ends with the watermark at infinity, whether or not `advanceWatermarkToInfinity()` is
 * called. `g.testStream(script)` plays it when the graph runs; `advanceProcessingTime(ms)` needs
 * the run to use a `ManualClock` and moves it once everything sent before has been handled.
 */

/** A value with its event time. */
export class Timestamped<T> {
  /** `value` at event time `timestamp`. */
  constructor(readonly value: T, readonly timestamp: number) {}

  toString(): string {
    return `${String(this.value)}@${this.timestamp}`;
  }
}

/** `value` at event time `timestamp` (Beam's `TimestampedValue.of`). */
export function timestamped<T>(value: T, timestamp: number): Timestamped<T> {
  return new Timestamped(value, checkTimestamp(timestamp, "timestamped(value, timestamp)"));
}

/** One step of a script. */
export type TestStreamStep<T> =
  | { readonly kind: "elements"; readonly elements: ReadonlyArray<{ readonly value: T; readonly timestamp: number }> }
  | { readonly kind: "watermark"; readonly to: number }
  | { readonly kind: "processingTime"; readonly ms: number }
  | { readonly kind: "end" };

/** A script of elements, watermarks and processing time. */
export class TestStream<T> {
  private constructor(
    /** The steps, in order. */
    readonly steps: ReadonlyArray<TestStreamStep<T>>,
    /** The watermark (frontier) after the last step. */
    readonly watermark: number,
  ) {}

  /** An empty script; the watermark starts at 0. */
  static create<T>(): TestStream<T> {
    return new TestStream<T>([], 0);
  }

  /** True once the watermark reached infinity (nothing more may be added). */
  get ended(): boolean {
    return this.watermark === Infinity;
  }

  /** True when the script moves processing time (and so needs a `ManualClock`). */
  get movesProcessingTime(): boolean {
    return this.steps.some((s) => s.kind === "processingTime");
  }

  /**
   * Adds elements: `timestamped(value, ts)` at `ts`, a bare value at the current watermark
   * (Beam's rule). Elements below the watermark are late.
   */
  addElements(...elements: Array<Timestamped<T> | T>): TestStream<T> {
    this.check("addElements");
    if (elements.length === 0) throw new TypeError("TestStream.addElements() needs at least one element");
    const list = elements.map((e) => (e instanceof Timestamped ? { value: e.value as T, timestamp: checkTimestamp(e.timestamp, "TestStream.addElements(): a timestamp") } : { value: e, timestamp: this.watermark }));
    return this.then({ kind: "elements", elements: list }, this.watermark);
  }

  /** Beam: the watermark becomes `to` (the frontier): event times below it are complete. */
  advanceWatermarkTo(to: number): TestStream<T> {
    this.check("advanceWatermarkTo");
    if (to === Infinity) return this.advanceWatermarkToInfinity();
    checkTimestamp(to, `TestStream.advanceWatermarkTo(${String(to)}): the watermark`);
    if (to < this.watermark) throw new RangeError(`TestStream.advanceWatermarkTo(${to}): the watermark is already ${this.watermark}; it only moves forward`);
    return to === this.watermark ? this : this.then({ kind: "watermark", to }, to);
  }

  /** Flink: `Watermark(w)`, no more timestamps `<= w`: the frontier becomes `w + 1` (no-op when not later). */
  flinkWatermark(w: number): TestStream<T> {
    this.check("flinkWatermark");
    if (typeof w !== "number" || Number.isNaN(w)) throw new TypeError(`TestStream.flinkWatermark(w): w must be a number, got ${String(w)}`);
    if (w === Infinity || w >= Number.MAX_SAFE_INTEGER) return this.advanceWatermarkToInfinity();
    return w + 1 > this.watermark ? this.advanceWatermarkTo(w + 1) : this;
  }

  /** Moves the run's `ManualClock` forward by `ms` once everything sent before has been handled. */
  advanceProcessingTime(ms: number): TestStream<T> {
    this.check("advanceProcessingTime");
    if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new RangeError(`TestStream.advanceProcessingTime(ms): ms must be a non-negative number, got ${String(ms)}`);
    return this.then({ kind: "processingTime", ms }, this.watermark);
  }

  /** The watermark becomes infinity: every window can complete; the script ends. */
  advanceWatermarkToInfinity(): TestStream<T> {
    this.check("advanceWatermarkToInfinity");
    return this.then({ kind: "end" }, Infinity);
  }

  toString(): string {
    return `TestStream(${this.steps.length} steps, watermark ${this.watermark})`;
  }

  private then(step: TestStreamStep<T>, watermark: number): TestStream<T> {
    return new TestStream<T>([...this.steps, step], watermark);
  }

  private check(what: string): void {
    if (this.ended) throw new RangeError(`TestStream.${what}(): the script has ended (its watermark is at infinity)`);
  }
}

function checkTimestamp(ts: unknown, what: string): number {
  if (typeof ts !== "number" || !Number.isSafeInteger(ts) || ts < 0) throw new TypeError(`${what} must be a non-negative integer (event time), got ${String(ts)}`);
  return ts;
}
