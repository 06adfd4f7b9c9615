/**
 * Input history across sessions: every submitted input (a multi-line one as one entry), kept in
 * a file, one JSON string per line, newest last, at most `max` entries. The file is
 * `$STREAMWEAVE_HISTORY`, or `~/.streamweave_history`; an empty `STREAMWEAVE_HISTORY` keeps no file.
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The history file to use: `$STREAMWEAVE_HISTORY`, else `~/.streamweave_history`; undefined for none. */
export function historyFile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const v = env.STREAMWEAVE_HISTORY;
  if (v !== undefined) return v === "" ? undefined : v;
  return join(homedir(), ".streamweave_history");
}

/** The history: entries oldest first, read from and appended to a file. */
export class History {
  /** The entries, oldest first. */
  readonly entries: string[] = [];

  /** The history kept in `file` (none: in memory only), at most `max` entries. */
  constructor(
    readonly file: string | undefined,
    readonly max = 1000,
  ) {
    if (file === undefined) return;
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      return; // no history yet
    }
    for (const line of text.split("\n")) {
      if (line === "") continue;
      try {
        const e: unknown = JSON.parse(line);
        if (typeof e === "string") this.entries.push(e);
      } catch {
        this.entries.push(line); // a plain line (hand-written file)
      }
    }
    if (this.entries.length > max) {
      this.entries.splice(0, this.entries.length - max);
      this.rewrite();
    }
  }

  /** Adds an entry (not a blank one, nor a repeat of the last one) and appends it to the file. */
  add(entry: string): void {
    if (entry.trim() === "" || this.entries[this.entries.length - 1] === entry) return;
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.shift();
    if (this.file === undefined) return;
    try {
      appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
    } catch {
      // history is a convenience: a read-only home must not break the session
    }
  }

  /**
   * Searches backwards for an entry containing `query`, starting at index `from` (inclusive;
   * default: the newest). Returns the index, or -1.
   */
  search(query: string, from = this.entries.length - 1): number {
    for (let i = Math.min(from, this.entries.length - 1); i >= 0; i--) if (this.entries[i]!.includes(query)) return i;
    return -1;
  }

  private rewrite(): void {
    if (this.file === undefined) return;
    try {
      writeFileSync(this.file, this.entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
    } catch {
      // see add()
    }
  }
}
