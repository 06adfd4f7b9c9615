/** A bounded buffer that keeps the most recent items. */
export class Ring<T> {
  private readonly buf: T[] = [];
  private next = 0;

  /** A ring of at most `capacity` items. */
  constructor(readonly capacity: number) {}

  /** Adds an item, forgetting the oldest when full. */
  push(item: T): void {
    if (this.buf.length < this.capacity) this.buf.push(item);
    else this.buf[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The items, oldest first. */
  items(): T[] {
    return this.buf.length < this.capacity ? this.buf.slice() : [...this.buf.slice(this.next), ...this.buf.slice(0, this.next)];
  }

  /** The newest item, if any. */
  last(): T | undefined {
    return this.buf.length === 0 ? undefined : this.buf[(this.next + this.capacity - 1) % this.capacity];
  }

  /** Forgets every item. */
  clear(): void {
    this.buf.length = 0;
    this.next = 0;
  }

  /** Number of items held. */
  get size(): number {
    return this.buf.length;
  }
}
