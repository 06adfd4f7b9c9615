/** A reusable wake-up: tasks `wait()`, anyone may `notify()` all current waiters. */
export class Signal {
  private promise: Promise<void> | undefined;
  private resolve: (() => void) | undefined;

  /** A promise that resolves at the next `notify()`. */
  wait(): Promise<void> {
    if (this.promise === undefined) this.promise = new Promise<void>((r) => (this.resolve = r));
    return this.promise;
  }

  /** Wakes every current waiter. */
  notify(): void {
    const r = this.resolve;
    if (r === undefined) return;
    this.promise = this.resolve = undefined;
    r();
  }

  /** True when some task is waiting. */
  get waiting(): boolean {
    return this.resolve !== undefined;
  }
}
