/**
 * Which graph or run each display shows, by display id: how a request that names a view (a step
 * panel's button) finds the run behind it, also after the view stopped updating. Values are held
 * weakly and only the most recent {@link MAX_SHOWN} displays are remembered.
 */

/** Displays remembered. */
export const MAX_SHOWN = 1000;

/** What a lookup finds: the value, `gone` (it was collected), or `unknown` (never shown here, or forgotten). */
export type Shown = { readonly kind: "value"; readonly value: object } | { readonly kind: "gone" } | { readonly kind: "unknown" };

/** Display id → the value it shows. */
export class ShownValues {
  private readonly byId = new Map<string, WeakRef<object>>();

  /** Remembers that display `id` shows `value` (replacing what it showed before). */
  note(id: string, value: object): void {
    this.byId.delete(id);
    this.byId.set(id, new WeakRef(value));
    if (this.byId.size > MAX_SHOWN) this.byId.delete(this.byId.keys().next().value!);
  }

  /** What display `id` shows. */
  get(id: string): Shown {
    const ref = this.byId.get(id);
    if (ref === undefined) return { kind: "unknown" };
    const value = ref.deref();
    return value === undefined ? { kind: "gone" } : { kind: "value", value };
  }
}
