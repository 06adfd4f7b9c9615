/**
 * A reusable wake-up with a permit: tasks `wait()`, anyone may `notify()`.
 *
 * By default a notify that finds nobody waiting is kept (one permit), so the next `wait()` returns
 * at once: a task that checks its condition, then waits, can never miss a wake-up that came in
 * between. Waiters must re-check their condition after waking (a wake-up may be spurious). A
 * signal made with `keepsPermit = false` forgets such a notify: for hand-offs where the waiter is
 * always registered before the notify that is meant for it.
 */
const RESOLVED = Promise.resolve();

/** A wake-up signal with one stored permit. */
export class Signal {
  private promise: Promise<void> | undefined;
  private resolve: (() => void) | undefined;
  private permit = false;

  /** A signal; `keepsPermit` says whether a notify with nobody waiting is kept for the next wait. */
  constructor(private readonly keepsPermit = true) {}

  /** A promise that resolves at the next `notify()` (at once if one came while nobody waited). */
  wait(): Promise<void> {
    if (this.permit) {
      this.permit = false;
      return RESOLVED;
    }
    if (this.promise === undefined) this.promise = new Promise<void>((r) => (this.resolve = r));
    return this.promise;
  }

  /** Wakes every current waiter, or leaves a permit for the next one. */
  notify(): void {
    const r = this.resolve;
    if (r === undefined) {
      this.permit = this.keepsPermit;
      return;
    }
    this.promise = this.resolve = undefined;
    r();
  }
}
