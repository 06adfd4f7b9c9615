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
 * `g.testStream(script.player())` plays it only when told, step by step (`TestStreamPlayer`).
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

  /** A player of this script, for `g.testStream(player)`: it plays a step when told (see `TestStreamPlayer`). */
  player(): TestStreamPlayer<T> {
    return new TestStreamPlayer(this);
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

/** How a graph plays the steps of a player's script (set when the run starts). */
interface Binding<T> {
  /** Plays `step` and resolves once the graph has handled it (in step mode: once it is queued). */
  play(step: TestStreamStep<T>): Promise<void>;
  /** The script is over: the test stream's watermark goes to infinity. */
  finish(): void;
}

/**
 * Plays a test stream's script one step at a time, when told: so a notebook or the REPL can stop
 * after any scripted event and look at windows, panes and frontiers.
 *
 * `g.testStream(script.player())` plays nothing by itself. `await player.step()` plays the next
 * step and resolves once the graph has handled it (in step mode, once it is queued: `exec.step()`
 * carries it out); `await player.runUntil(i)` plays until `i` steps have been played; `await
 * player.run()` plays the rest. After the last step the script ends (the watermark goes to
 * infinity). Invariant: steps are played in order, one at a time, each exactly once.
 */
export class TestStreamPlayer<T> {
  private played = 0;
  private binding: Binding<T> | undefined;
  private playing = false;
  private attached = false;
  private readonly bound: Promise<void>;
  private resolveBound: () => void = () => undefined;

  /** A player of `script` (made by `script.player()`). */
  constructor(readonly script: TestStream<T>) {
    this.bound = new Promise((resolve) => (this.resolveBound = resolve));
  }

  /** How many steps have been played. */
  get position(): number {
    return this.played;
  }

  /** How many steps are left. */
  get remaining(): number {
    return this.script.steps.length - this.played;
  }

  /** The step `step()` plays next (undefined at the end). */
  get next(): TestStreamStep<T> | undefined {
    return this.script.steps[this.played];
  }

  /** Called by the graph when the player is put in it; once only (a player plays in one graph). */
  attach(what: string): void {
    if (this.attached) throw new TypeError(`${what}: this TestStreamPlayer already plays in a graph; make another with script.player()`);
    this.attached = true;
  }

  /** Called by the graph when its run starts: how to play steps there. */
  bind(binding: Binding<T>): void {
    this.binding = binding;
    this.resolveBound();
    if (this.remaining === 0) binding.finish();
  }

  /** Plays the next step and resolves with it once the graph has handled it (undefined when none is left). */
  async step(): Promise<TestStreamStep<T> | undefined> {
    if (!this.attached) throw new TypeError("TestStreamPlayer.step(): the player is in no graph: g.testStream(player), then g.run()");
    if (this.playing) throw new TypeError("TestStreamPlayer.step(): the previous step is still playing: await it first");
    const step = this.next;
    if (step === undefined) return undefined;
    this.playing = true;
    try {
      await this.bound;
      await this.binding!.play(step);
      this.played++;
      if (this.remaining === 0) this.binding!.finish();
    } finally {
      this.playing = false;
    }
    return step;
  }

  /** Plays steps until `i` of them have been played (all of them when `i` is beyond the end). */
  async runUntil(i: number): Promise<void> {
    if (typeof i !== "number" || !Number.isInteger(i) || i < 0) throw new RangeError(`TestStreamPlayer.runUntil(i): i must be a non-negative integer (a number of steps), got ${String(i)}`);
    if (i < this.played) throw new RangeError(`TestStreamPlayer.runUntil(${i}): ${this.played} steps have been played already; steps are not played back`);
    while (this.played < i && this.remaining > 0) await this.step();
  }

  /** Plays every step left. */
  async run(): Promise<void> {
    await this.runUntil(this.script.steps.length);
  }

  toString(): string {
    const n = this.next;
    const what = n === undefined ? "the script is over" : `next: ${stepText(n)}`;
    return `TestStreamPlayer(${this.played} of ${this.script.steps.length} steps played; ${what})`;
  }
}

/** A step in words, e.g. `elements 1@3, 2@5` or `watermark 10`. */
export function stepText(step: TestStreamStep<unknown>): string {
  switch (step.kind) {
    case "elements":
      return `elements ${step.elements.map((e) => `${String(e.value)}@${e.timestamp}`).join(", ")}`;
    case "watermark":
      return `watermark ${step.to}`;
    case "processingTime":
      return `processing time +${step.ms} ms`;
    case "end":
      return "watermark +inf (end)";
  }
}

function checkTimestamp(ts: unknown, what: string): number {
  if (typeof ts !== "number" || !Number.isSafeInteger(ts) || ts < 0) throw new TypeError(`${what} must be a non-negative integer (event time), got ${String(ts)}`);
  return ts;
}
