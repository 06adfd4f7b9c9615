/** Where the REPL's output goes: a transcript of entries (terminal) or stdout and stderr (pipes). */

/** What an entry is: it decides its color on a terminal, and stdout or stderr in a pipe. */
export type EntryKind = "input" | "value" | "error" | "info" | "note" | "log" | "warn";

/** A sink for the REPL's output. */
export interface Output {
  /** Prints `text` (may hold several lines) as an entry of `kind`. */
  write(kind: EntryKind, text: string): void;
}
