/**
 * Triggers: when a window emits a pane, as plain data composed like Beam's triggers.
 *
 * - `onTime({ early?, late? })`: Beam's `AfterWatermark.pastEndOfWindow()`: fires once when the
 *   watermark passes the end of the window; `early` fires repeatedly before that, `late` fires
 *   repeatedly after it (without `late`, the trigger finishes on time and the window closes:
 *   elements that arrive later for it are treated as dropped).
 * - `afterCount(n)`: Beam's `AfterPane.elementCountAtLeast(n)`: once n elements are in the pane.
 * - `afterDelay(ms)`: Beam's `AfterProcessingTime.pastFirstElementInPane().plusDelayOf(ms)`:
 *   `ms` of processing time (the run's clock) after the first element of the pane; with
 *   `{ alignedTo: period, offset }` (Beam's `alignedTo`), then at the next `offset + k * period`.
 * - `repeatedly(t)`: fires whenever `t` would, forever (`t` starts over after each firing).
 * - `every(n)`: `repeatedly(afterCount(n))`.
 * - `afterFirst(...ts)` / `afterAll(...ts)`: when any / all of the triggers have fired.
 * - `afterEach(...ts)`: Beam's `AfterEach.inOrder`: fires as the first trigger would until it
 *   finishes, then as the next, and finishes with the last.
 * - `orFinally(t, until)`: Beam's `t.orFinally(until)`: fires as `t` does; when `until` fires the
 *   window fires once more and the trigger finishes.
 * - `never()`: Beam's `Never.ever()`: never fires; only the final pane when the window expires.
 *
 * Flink's triggers map onto these: `CountTrigger.of(n)` is `every(n)`; `EventTimeTrigger` is
 * `onTime()`; `ContinuousEventTimeTrigger.of(d)` is close to `onTime({ early: repeatedly(afterDelay(d)) })`
 * on event time (here early firings run on processing time); `PurgingTrigger.of(t)` is `t` with
 * `accumulation: "discarding"`.
 * - The default trigger is `onTime({ late: afterCount(1) })`: on time, then once per late element
 *   (Beam's default trigger and Flink's `EventTimeTrigger`).
 */

/** A trigger (plain data). */
export type Trigger =
  | { readonly kind: "onTime"; readonly early?: Trigger; readonly late?: Trigger }
  | { readonly kind: "count"; readonly n: number }
  | { readonly kind: "delay"; readonly ms: number; readonly alignedTo?: number; readonly offset?: number }
  | { readonly kind: "repeatedly"; readonly trigger: Trigger }
  | { readonly kind: "first"; readonly triggers: readonly Trigger[] }
  | { readonly kind: "all"; readonly triggers: readonly Trigger[] }
  | { readonly kind: "each"; readonly triggers: readonly Trigger[] }
  | { readonly kind: "orFinally"; readonly trigger: Trigger; readonly until: Trigger }
  | { readonly kind: "never" };

/** Fires when the watermark passes the end of the window, with optional early and late firings. */
export function onTime(firings: { readonly early?: Trigger; readonly late?: Trigger } = {}): Trigger {
  if (firings === null || typeof firings !== "object") throw new TypeError(`onTime({ early, late }): expected an options object, got ${String(firings)}`);
  const t: { kind: "onTime"; early?: Trigger; late?: Trigger } = { kind: "onTime" };
  if (firings.early !== undefined) t.early = checkTrigger(firings.early, "onTime({ early })");
  if (firings.late !== undefined) t.late = checkTrigger(firings.late, "onTime({ late })");
  return t;
}

/** Fires once at least `n` elements are in the pane. */
export function afterCount(n: number): Trigger {
  return { kind: "count", n: checkCount(n, "afterCount") };
}

/** `n` if it is a positive integer; otherwise a RangeError naming `fn`, the function the user called. */
function checkCount(n: number, fn: string): number {
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 1) throw new RangeError(`${fn}(n): n must be a positive integer, got ${String(n)}`);
  return n;
}

/**
 * Fires `ms` of processing time after the first element of the pane; with `alignedTo`, at the
 * first `offset + k * alignedTo` (ms of processing time) at or after that.
 */
export function afterDelay(ms: number, align?: { readonly alignedTo: number; readonly offset?: number }): Trigger {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new RangeError(`afterDelay(ms): ms must be a non-negative number of ms of processing time, got ${String(ms)}`);
  if (align === undefined) return { kind: "delay", ms };
  const { alignedTo, offset = 0 } = align ?? {};
  if (typeof alignedTo !== "number" || !Number.isFinite(alignedTo) || alignedTo <= 0) throw new RangeError(`afterDelay(ms, { alignedTo }): alignedTo must be a positive number of ms (the period), got ${String(alignedTo)}`);
  if (typeof offset !== "number" || !Number.isFinite(offset)) throw new RangeError(`afterDelay(ms, { offset }): offset must be a number of ms, got ${String(offset)}`);
  return { kind: "delay", ms, alignedTo, offset };
}

/** Fires every time `trigger` would, forever. */
export function repeatedly(trigger: Trigger): Trigger {
  return { kind: "repeatedly", trigger: checkTrigger(trigger, "repeatedly(trigger)") };
}

/** Fires every `n` elements: `repeatedly(afterCount(n))`. */
export function every(n: number): Trigger {
  return repeatedly(afterCount(checkCount(n, "every")));
}

/** Fires once any of `triggers` has fired. */
export function afterFirst(...triggers: Trigger[]): Trigger {
  return { kind: "first", triggers: list(triggers, "afterFirst") };
}

/** Fires once every one of `triggers` has fired. */
export function afterAll(...triggers: Trigger[]): Trigger {
  return { kind: "all", triggers: list(triggers, "afterAll") };
}

/** Fires as the first of `triggers` would until it finishes, then as the next, and so on (Beam's `AfterEach.inOrder`). */
export function afterEach(...triggers: Trigger[]): Trigger {
  return { kind: "each", triggers: list(triggers, "afterEach") };
}

/** Fires as `trigger` does until `until` fires: then the window fires once more and the trigger finishes. */
export function orFinally(trigger: Trigger, until: Trigger): Trigger {
  return { kind: "orFinally", trigger: checkTrigger(trigger, "orFinally(trigger, until): trigger"), until: checkTrigger(until, "orFinally(trigger, until): until") };
}

const NEVER: Trigger = Object.freeze({ kind: "never" });

/** Never fires (Beam's `Never.ever()`): a window then emits only its final pane, when it expires. */
export function never(): Trigger {
  return NEVER;
}

/** The default trigger: on time, then once per late element. */
export const DEFAULT_TRIGGER: Trigger = onTime({ late: afterCount(1) });

/** Checks a trigger passed in by a user; throws a TypeError naming `what`. */
export function checkTrigger(t: unknown, what: string): Trigger {
  const x = t as Trigger | null;
  switch (x?.kind) {
    case "onTime":
      return onTime({ early: x.early, late: x.late });
    case "count":
      return afterCount(x.n);
    case "delay":
      return x.alignedTo === undefined ? afterDelay(x.ms) : afterDelay(x.ms, { alignedTo: x.alignedTo, offset: x.offset ?? 0 });
    case "repeatedly":
      return repeatedly(x.trigger);
    case "first":
      return afterFirst(...x.triggers);
    case "all":
      return afterAll(...x.triggers);
    case "each":
      return afterEach(...x.triggers);
    case "orFinally":
      return orFinally(x.trigger, x.until);
    case "never":
      return NEVER;
    default:
      throw new TypeError(`${what} needs a trigger (onTime(), afterCount(n), afterDelay(ms), every(n), repeatedly(t), afterFirst(...), afterAll(...), afterEach(...), orFinally(t, until), never()), got ${t === null ? "null" : typeof t === "object" ? JSON.stringify(t) : String(t)}`);
  }
}

/** How a trigger reads, e.g. `onTime(late: afterCount(1))`. */
export function describeTrigger(t: Trigger): string {
  switch (t.kind) {
    case "onTime": {
      const parts = [t.early && `early: ${describeTrigger(t.early)}`, t.late && `late: ${describeTrigger(t.late)}`].filter(Boolean);
      return `onTime(${parts.join(", ")})`;
    }
    case "count":
      return `afterCount(${t.n})`;
    case "delay":
      return t.alignedTo === undefined ? `afterDelay(${t.ms})` : `afterDelay(${t.ms}, { alignedTo: ${t.alignedTo}, offset: ${t.offset ?? 0} })`;
    case "repeatedly":
      return `repeatedly(${describeTrigger(t.trigger)})`;
    case "first":
      return `afterFirst(${t.triggers.map(describeTrigger).join(", ")})`;
    case "all":
      return `afterAll(${t.triggers.map(describeTrigger).join(", ")})`;
    case "each":
      return `afterEach(${t.triggers.map(describeTrigger).join(", ")})`;
    case "orFinally":
      return `orFinally(${describeTrigger(t.trigger)}, ${describeTrigger(t.until)})`;
    case "never":
      return "never()";
  }
}

/** True when `t` depends on processing time anywhere inside. */
export function usesProcessingTime(t: Trigger): boolean {
  switch (t.kind) {
    case "delay":
      return true;
    case "count":
    case "never":
      return false;
    case "orFinally":
      return usesProcessingTime(t.trigger) || usesProcessingTime(t.until);
    case "onTime":
      return (t.early !== undefined && usesProcessingTime(t.early)) || (t.late !== undefined && usesProcessingTime(t.late));
    case "repeatedly":
      return usesProcessingTime(t.trigger);
    case "first":
    case "all":
    case "each":
      return t.triggers.some(usesProcessingTime);
  }
}

function list(triggers: readonly Trigger[], what: string): Trigger[] {
  if (triggers.length === 0) throw new TypeError(`${what}(...triggers) needs at least one trigger`);
  return triggers.map((t, i) => checkTrigger(t, `${what}(...triggers): trigger ${i + 1}`));
}
