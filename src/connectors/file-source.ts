/**
 * `fileSource(path)`: newline-delimited JSON read from a file; the position is the byte offset of
 * the next line, so a replay from a checkpoint reads on from exactly where the cut was. With
 * `eventTime` (a field name or a function) every item also carries its event time. A last line
 * without a newline counts as a line. A line that is not JSON, or whose event time is not a
 * finite number, is an error naming the file, the line's byte offset and what was expected.
 */
import { open, type FileHandle } from "node:fs/promises";
import type { ReplayableSource, SourceChunk, SourceReader } from "./source.js";

/** Options of `fileSource`. */
export interface FileSourceOptions<T> {
  /** The item's event time (ms): a field name, or a function of the item. */
  readonly eventTime?: string | ((item: T) => number);
  /** Bytes read from the file at a time (default 64 KiB). */
  readonly chunkBytes?: number;
}

/** A replayable source of the JSON lines of the file at `path`. */
export function fileSource<T = unknown>(path: string, options: FileSourceOptions<T> = {}): ReplayableSource<T> {
  if (typeof path !== "string" || path === "") throw new TypeError(`fileSource(path): path must be a non-empty string, got ${JSON.stringify(path)}`);
  const { eventTime } = options;
  if (eventTime !== undefined && typeof eventTime !== "string" && typeof eventTime !== "function") {
    throw new TypeError(`fileSource(${path}): eventTime must be a field name or a function of the item, got ${typeof eventTime}`);
  }
  const timeOf = eventTime === undefined ? undefined : typeof eventTime === "string" ? (item: T) => (item as Record<string, unknown> | null)?.[eventTime] : eventTime;
  const chunkBytes = options.chunkBytes ?? 65536;
  const description = `file ${path}`;
  return {
    description,
    start: 0,
    open(position: number): SourceReader<T> {
      if (!Number.isInteger(position) || position < 0) throw new RangeError(`${description}: a position must be a byte offset (a whole number), got ${String(position)}`);
      let file: Promise<FileHandle> | undefined;
      let at = position;
      let carry = Buffer.alloc(0);
      let eof = false;
      let closed = false;
      const lines: Array<{ text: string; end: number; start: number }> = [];
      const fill = async (): Promise<void> => {
        file ??= open(path, "r").catch((e: NodeJS.ErrnoException) => {
          throw new Error(`${description} cannot be read: ${e.code === "ENOENT" ? "no such file" : e.message}`);
        });
        const handle = await file;
        const buf = Buffer.alloc(chunkBytes);
        const { bytesRead } = await handle.read(buf, 0, chunkBytes, at + carry.length);
        if (bytesRead === 0) {
          eof = true;
          if (carry.length > 0) lines.push({ text: carry.toString("utf8"), start: at, end: at + carry.length });
          at += carry.length;
          carry = Buffer.alloc(0);
          return;
        }
        let data = Buffer.concat([carry, buf.subarray(0, bytesRead)]);
        let from = 0;
        for (let nl = data.indexOf(10, from); nl >= 0; nl = data.indexOf(10, from)) {
          lines.push({ text: data.subarray(from, nl).toString("utf8"), start: at + from, end: at + nl + 1 });
          from = nl + 1;
        }
        at += from;
        carry = Buffer.from(data.subarray(from));
        data = Buffer.alloc(0);
      };
      return {
        async read(max: number): Promise<SourceChunk<T> | undefined> {
          if (closed) throw new Error(`${description}: read after close`);
          const items: T[] = [];
          const times: number[] = [];
          let position = lines[0]?.start ?? at;
          while (items.length < max) {
            if (lines.length === 0) {
              if (eof) break;
              await fill();
              continue;
            }
            const line = lines.shift()!;
            position = line.end;
            if (line.text.trim() === "") continue;
            let item: T;
            try {
              item = JSON.parse(line.text) as T;
            } catch (e) {
              throw new SyntaxError(`${description}: the line at byte ${line.start} is not JSON (${(e as Error).message}): ${line.text.slice(0, 80)}`);
            }
            if (timeOf !== undefined) {
              const t = timeOf(item);
              if (typeof t !== "number" || !Number.isFinite(t)) {
                throw new TypeError(`${description}: the line at byte ${line.start} has no event time${typeof eventTime === "string" ? ` in field "${eventTime}"` : ""}: expected a finite number of ms, got ${JSON.stringify(t) ?? String(t)}`);
              }
              times.push(t);
            }
            items.push(item);
          }
          if (items.length === 0) return undefined;
          return timeOf === undefined ? { items, position } : { items, eventTimes: times, position };
        },
        async close(): Promise<void> {
          closed = true;
          if (file !== undefined) await (await file.catch(() => undefined))?.close();
        },
      };
    },
  };
}
