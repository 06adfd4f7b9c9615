/**
 * The watermark hold of an event-time source: a capability at the current watermark `W`.
 *
 * Invariants: the capability only moves forward (`advance`), so every frontier downstream is at or
 * behind `W` while it is held, and is the watermark when nothing else holds it back. Once released
 * (the input closed, or the script ended) `time` is `+Infinity` and nothing more can be sent.
 */
import type { Capability } from "../runtime/capability.js";

/** A capability at the watermark, moved only forward. */
export class WatermarkHold {
  private cap: Capability | undefined;
  private w = 0;

  /** Takes over `cap` (a capability at the starting watermark, usually the graph's minimum 0). */
  start(cap: Capability): void {
    if (typeof cap.time !== "number") throw new TypeError(`event time needs integer times; the watermark capability is at ${String(cap.time)}`);
    this.cap = cap;
    this.w = cap.time;
  }

  /** The current watermark (Beam's `W`, the frontier): `+Infinity` once released. */
  get time(): number {
    return this.cap === undefined ? Infinity : this.w;
  }

  /** True once the hold was released. */
  get released(): boolean {
    return this.cap === undefined;
  }

  /** Moves the watermark to `w` if that is later; returns whether it moved. */
  advance(w: number): boolean {
    if (this.cap === undefined || !(w > this.w)) return false;
    if (w === Infinity) {
      this.release();
      return true;
    }
    this.cap.downgrade(w);
    this.w = w;
    return true;
  }

  /** Drops the capability: the watermark becomes `+Infinity`. */
  release(): void {
    this.cap?.drop();
    this.cap = undefined;
  }

  toString(): string {
    return `WatermarkHold(${this.time})`;
  }
}
