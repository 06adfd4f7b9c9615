/**
 * `fileSink(path)`: JSON lines appended to a file, exactly once. Each checkpoint carries the lines
 * staged since the previous one and the file length they start at; publishing writes them at that
 * offset (so writing them twice changes nothing) and syncs the file. Recovery truncates the file
 * to the restored checkpoint's start offset and publishes its lines again, so a replay never shows
 * a line twice and never loses one.
 */
import { open } from "node:fs/promises";
import { closeSync, openSync } from "node:fs";
import type { TransactionalSink } from "./sink.js";

/** What a checkpoint stores for a file sink: where its lines start, and the lines. */
interface Prepared {
  readonly offset: number;
  readonly text: string;
}

/** An exactly-once sink of JSON lines into the file at `path`. */
export function fileSink<T = unknown>(path: string): TransactionalSink<T> & { readonly path: string } {
  if (typeof path !== "string" || path === "") throw new TypeError(`fileSink(path): path must be a non-empty string, got ${JSON.stringify(path)}`);
  const description = `file ${path}`;
  let staged: string[] = [];
  /** The file length once everything prepared so far is published. */
  let end: number | undefined;
  const write = async (p: Prepared, truncate: boolean): Promise<void> => {
    const handle = await open(path, "r+").catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw new Error(`${description} cannot be written: ${e.message}`);
      closeSync(openSync(path, "a"));
      return open(path, "r+");
    });
    try {
      if (truncate) await handle.truncate(p.offset);
      if (p.text.length > 0) await handle.write(p.text, p.offset, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  return {
    path,
    description,
    write(items: readonly T[]): void {
      for (const item of items) {
        const line = JSON.stringify(item);
        if (line === undefined) throw new TypeError(`${description}: an item must be JSON-writable, got ${typeof item}`);
        staged.push(line);
      }
    },
    prepare(): Prepared {
      if (end === undefined) throw new Error(`${description}: prepare() before recover(): the sink must know where its file ends`);
      const text = staged.length === 0 ? "" : staged.join("\n") + "\n";
      staged = [];
      const p = { offset: end, text };
      end += Buffer.byteLength(text, "utf8");
      return p;
    },
    async publish(prepared: unknown): Promise<void> {
      await write(checkPrepared(prepared, description), false);
    },
    async recover(prepared: unknown): Promise<void> {
      staged = [];
      const p = prepared === undefined ? { offset: 0, text: "" } : checkPrepared(prepared, description);
      await write(p, true);
      end = p.offset + Buffer.byteLength(p.text, "utf8");
    },
  };
}

function checkPrepared(p: unknown, description: string): Prepared {
  const o = p as Prepared | null;
  if (o === null || typeof o !== "object" || !Number.isInteger(o.offset) || typeof o.text !== "string") {
    throw new TypeError(`${description}: a checkpoint's sink record must be { offset, text }, got ${JSON.stringify(p)}`);
  }
  return o;
}
