/**
 * The prompt's line editor, free of any UI: a buffer and a cursor, moved and edited by keys
 * (Emacs-style bindings, as in bash and Node's REPL), with history recall (Up/Down), reverse
 * history search (Ctrl+R) and Tab completion. It turns keys into actions the app carries out:
 * submit a line, interrupt (Ctrl+C), end of input (Ctrl+D on an empty line), clear the screen.
 *
 * The app keeps one editor in a ref and reads `view()` to draw, so no keystroke is lost to a
 * stale closure however fast keys arrive.
 */
import type { History } from "./history.js";
import type { Key } from "./keys.js";
import { commonPrefix, type Completion } from "./complete.js";

/** What the app should do after a key. */
export type EditorAction = { readonly kind: "submit"; readonly text: string } | { readonly kind: "interrupt" } | { readonly kind: "eof" } | { readonly kind: "clear-screen" };

/** What the prompt draws. */
export interface EditorView {
  /** The buffer (may hold newlines: a recalled multi-line input). */
  readonly text: string;
  /** The cursor, an index into `text`. */
  readonly cursor: number;
  /** Reverse search in progress: the query, and the entry it matches. */
  readonly search?: { readonly query: string; readonly match: string | undefined };
  /** Completion candidates to list (Tab found several and could not extend the word). */
  readonly candidates?: readonly string[];
}

/** The line editor. */
export class Editor {
  private text = "";
  private cursor = 0;
  private histIndex: number | undefined;
  private draft = "";
  private search: { query: string; index: number; saved: string } | undefined;
  private candidates: string[] | undefined;
  private version = 0;

  /** An editor recalling from `history` and completing with `completer`. */
  constructor(
    private readonly history: History,
    private readonly completer: (text: string, cursor: number) => Completion,
  ) {}

  /** Increases with every change (for cheap "did it change" checks). */
  get revision(): number {
    return this.version;
  }

  /** What to draw. */
  view(): EditorView {
    const base = { text: this.text, cursor: this.cursor };
    if (this.search !== undefined) return { ...base, search: { query: this.search.query, match: this.history.entries[this.search.index] } };
    if (this.candidates !== undefined) return { ...base, candidates: this.candidates };
    return base;
  }

  /** Empties the buffer (and leaves search and history recall). */
  clear(): void {
    this.set("", 0);
    this.search = undefined;
    this.histIndex = undefined;
    this.candidates = undefined;
  }

  /** Handles keys in order; returns what the app should do. */
  handle(keys: readonly Key[]): EditorAction[] {
    const actions: EditorAction[] = [];
    for (const k of keys) this.key(k, actions);
    if (keys.length > 0) this.version++;
    return actions;
  }

  private key(k: Key, actions: EditorAction[]): void {
    if (k.kind !== "tab") this.candidates = undefined;
    if (this.search !== undefined && this.searchKey(k, actions)) return;
    switch (k.kind) {
      case "text":
        this.insert(k.text);
        return;
      case "paste": {
        const parts = k.text.replace(/\r\n?/g, "\n").split("\n");
        parts.forEach((p, i) => {
          this.insert(p);
          if (i < parts.length - 1) this.submit(actions);
        });
        return;
      }
      case "enter":
        this.submit(actions);
        return;
      case "tab":
        this.complete();
        return;
      case "backspace":
        if (this.cursor > 0) this.set(this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor), this.cursor - 1);
        return;
      case "delete":
        this.deleteForward();
        return;
      case "left":
        this.cursor = Math.max(0, this.cursor - 1);
        return;
      case "right":
        this.cursor = Math.min(this.text.length, this.cursor + 1);
        return;
      case "home":
        this.cursor = this.lineStart();
        return;
      case "end":
        this.cursor = this.lineEnd();
        return;
      case "wordleft":
        this.cursor = wordLeft(this.text, this.cursor);
        return;
      case "wordright":
        this.cursor = wordRight(this.text, this.cursor);
        return;
      case "up":
        this.recall(-1);
        return;
      case "down":
        this.recall(1);
        return;
      case "escape":
        return;
      case "meta":
        if (k.key === "backspace") this.killTo(wordLeft(this.text, this.cursor));
        else if (k.key === "d") this.killTo(wordRight(this.text, this.cursor));
        return;
      case "ctrl":
        this.ctrl(k.key, actions);
        return;
      default:
        return;
    }
  }

  private ctrl(key: string, actions: EditorAction[]): void {
    switch (key) {
      case "a":
        this.cursor = this.lineStart();
        return;
      case "e":
        this.cursor = this.lineEnd();
        return;
      case "b":
        this.cursor = Math.max(0, this.cursor - 1);
        return;
      case "f":
        this.cursor = Math.min(this.text.length, this.cursor + 1);
        return;
      case "p":
        this.recall(-1);
        return;
      case "n":
        this.recall(1);
        return;
      case "u":
        this.killTo(this.lineStart());
        return;
      case "k":
        this.killTo(this.lineEnd());
        return;
      case "w":
        this.killTo(wordLeft(this.text, this.cursor));
        return;
      case "h":
        if (this.cursor > 0) this.set(this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor), this.cursor - 1);
        return;
      case "d":
        if (this.text === "") actions.push({ kind: "eof" });
        else this.deleteForward();
        return;
      case "c":
        actions.push({ kind: "interrupt" });
        return;
      case "l":
        actions.push({ kind: "clear-screen" });
        return;
      case "r":
        this.search = { query: "", index: this.history.entries.length, saved: this.text };
        return;
      default:
        return;
    }
  }

  /** A key during reverse search; false when it ends the search and should be handled as usual. */
  private searchKey(k: Key, actions: EditorAction[]): boolean {
    const s = this.search!;
    const entries = this.history.entries;
    if (k.kind === "text" || k.kind === "paste") {
      s.query += k.text;
      const found = this.history.search(s.query, Math.min(s.index, entries.length - 1));
      if (found >= 0) s.index = found;
      return true;
    }
    if (k.kind === "backspace") {
      s.query = s.query.slice(0, -1);
      const found = s.query === "" ? entries.length : this.history.search(s.query);
      s.index = found >= 0 ? found : s.index;
      return true;
    }
    if (k.kind === "ctrl" && k.key === "r") {
      if (s.query === "") return true;
      const found = this.history.search(s.query, s.index - 1);
      if (found >= 0) s.index = found;
      return true;
    }
    if ((k.kind === "ctrl" && (k.key === "g" || k.key === "c")) || k.kind === "escape") {
      this.set(s.saved, s.saved.length);
      this.search = undefined;
      return true;
    }
    // any other key takes the match into the buffer, then acts as usual (Enter runs it)
    const match = entries[s.index];
    this.search = undefined;
    if (match !== undefined && s.query !== "") this.set(match, match.length);
    if (k.kind === "enter") {
      this.submit(actions);
      return true;
    }
    return k.kind === "left" || k.kind === "right" || k.kind === "home" || k.kind === "end" ? (this.key(k, actions), true) : false;
  }

  private submit(actions: EditorAction[]): void {
    const text = this.text;
    actions.push({ kind: "submit", text });
    this.set("", 0);
    this.histIndex = undefined;
  }

  private complete(): void {
    const c = this.completer(this.text, this.cursor);
    if (c.candidates.length === 0) return;
    const replace = (word: string): void => this.set(this.text.slice(0, c.start) + word + this.text.slice(this.cursor), c.start + word.length);
    if (c.candidates.length === 1) {
      replace(c.candidates[0]!);
      return;
    }
    const prefix = commonPrefix(c.candidates);
    if (prefix.length > c.word.length) replace(prefix);
    else this.candidates = [...c.candidates];
  }

  private recall(dir: -1 | 1): void {
    const entries = this.history.entries;
    if (entries.length === 0) return;
    if (this.histIndex === undefined) {
      if (dir === 1) return;
      this.draft = this.text;
      this.histIndex = entries.length - 1;
    } else {
      this.histIndex += dir;
      if (this.histIndex < 0) this.histIndex = 0;
      if (this.histIndex >= entries.length) {
        this.histIndex = undefined;
        this.set(this.draft, this.draft.length);
        return;
      }
    }
    const e = entries[this.histIndex]!;
    this.set(e, e.length);
  }

  private insert(s: string): void {
    this.set(this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor), this.cursor + s.length);
  }

  private deleteForward(): void {
    if (this.cursor < this.text.length) this.set(this.text.slice(0, this.cursor) + this.text.slice(this.cursor + 1), this.cursor);
  }

  private killTo(pos: number): void {
    const [a, b] = pos < this.cursor ? [pos, this.cursor] : [this.cursor, pos];
    this.set(this.text.slice(0, a) + this.text.slice(b), a);
  }

  private lineStart(): number {
    return this.text.lastIndexOf("\n", this.cursor - 1) + 1;
  }

  private lineEnd(): number {
    const i = this.text.indexOf("\n", this.cursor);
    return i < 0 ? this.text.length : i;
  }

  private set(text: string, cursor: number): void {
    this.text = text;
    this.cursor = Math.max(0, Math.min(cursor, text.length));
  }
}

function wordLeft(text: string, i: number): number {
  let j = i;
  while (j > 0 && !/\w/.test(text[j - 1]!)) j--;
  while (j > 0 && /\w/.test(text[j - 1]!)) j--;
  return j;
}

function wordRight(text: string, i: number): number {
  let j = i;
  while (j < text.length && !/\w/.test(text[j]!)) j++;
  while (j < text.length && /\w/.test(text[j]!)) j++;
  return j;
}
