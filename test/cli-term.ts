// A real terminal for the REPL's end-to-end tests: the built CLI runs in a pseudo-terminal
// (@lydell/node-pty) and its output is fed to a headless xterm (@xterm/headless), whose screen
// the tests read. CI sets CI=true, which makes Ink render only its last frame: the terminal is
// started with CI removed from the environment (or set as asked).
import pty from "@lydell/node-pty";
import xterm from "@xterm/headless";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const root = join(import.meta.dirname, "..");
export const cli = join(root, "dist", "cli.mjs");

/** How a terminal starts. */
export interface TermOptions {
  readonly cols?: number;
  readonly rows?: number;
  readonly args?: readonly string[];
  /** Working directory (default: a fresh temporary one). */
  readonly cwd?: string;
  /** The history file (default: none). */
  readonly history?: string;
  /** Extra environment; `CI: undefined` is the default (removed). */
  readonly env?: Record<string, string | undefined>;
  /** The program and its arguments to run instead of `node dist/cli.mjs ...args` (e.g. a shell around the REPL). */
  readonly command?: readonly [string, ...string[]];
}

/** The REPL in a pseudo-terminal, with its screen. */
export class Term {
  readonly term: xterm.Terminal;
  readonly proc: pty.IPty;
  readonly cwd: string;
  /** True when the folder it runs in was made for it (and is removed by `kill`). */
  private readonly ownsCwd: boolean;
  private readonly waiters = new Set<() => void>();
  private exitCode: number | undefined;
  private readonly exited: Promise<number>;

  constructor(o: TermOptions = {}) {
    const cols = o.cols ?? 100;
    const rows = o.rows ?? 30;
    this.ownsCwd = o.cwd === undefined;
    this.cwd = o.cwd ?? mkdtempSync(join(tmpdir(), "sw-cli-"));
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries({ ...process.env, TERM: "xterm-256color", STREAMWEAVE_HISTORY: o.history ?? "", CI: undefined, ...o.env })) if (v !== undefined) env[k] = v;
    this.term = new xterm.Terminal({ cols, rows, allowProposedApi: true, scrollback: 5000 });
    const [file, ...args] = o.command ?? [process.execPath, cli, ...(o.args ?? [])];
    this.proc = pty.spawn(file, args, { cols, rows, cwd: this.cwd, env });
    this.proc.onData((d) => this.term.write(d, () => this.poke()));
    this.exited = new Promise((resolve) =>
      this.proc.onExit(({ exitCode }) => {
        this.exitCode = exitCode;
        resolve(exitCode);
        this.poke();
      }),
    );
  }

  private poke(): void {
    for (const w of this.waiters) w();
  }

  /** Types text (`\r` is Enter). */
  type(text: string): void {
    this.proc.write(text);
  }

  /** The visible screen's lines (trailing spaces trimmed). */
  screen(): string[] {
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let i = b.baseY; i < b.baseY + this.term.rows; i++) out.push(b.getLine(i)?.translateToString(true) ?? "");
    return out;
  }

  /** Every line, scrollback included. */
  all(): string[] {
    const b = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < b.length; i++) out.push(b.getLine(i)?.translateToString(true) ?? "");
    return out;
  }

  /** The prompt line's text after the marker (the last line starting with `› ` or `… `). */
  prompt(): string {
    const lines = this.screen();
    for (let i = lines.length - 1; i >= 0; i--) if (/^[›…] /.test(lines[i]!)) return lines[i]!.slice(2);
    return "";
  }

  /** Waits until `pred` holds (checked after every chunk of output), or fails with the screen. */
  async until(pred: (t: Term) => boolean, what = "a condition", ms = 10_000): Promise<void> {
    if (pred(this)) return;
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (!pred(this)) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; screen:\n${this.screen().join("\n")}`));
      }, ms);
      this.waiters.add(check);
    });
  }

  /** Waits until the visible screen shows `text` (a string or a pattern). */
  async see(text: string | RegExp, ms?: number): Promise<void> {
    const has = (l: string): boolean => (typeof text === "string" ? l.includes(text) : text.test(l));
    await this.until((t) => t.screen().some(has), JSON.stringify(String(text)), ms);
  }

  /** Waits until any line, scrollback included, shows `text`. */
  async seeAnywhere(text: string | RegExp, ms?: number): Promise<void> {
    const has = (l: string): boolean => (typeof text === "string" ? l.includes(text) : text.test(l));
    await this.until((t) => t.all().some(has), JSON.stringify(String(text)), ms);
  }

  /** Types a line and waits until the REPL has echoed it and is ready for the next one. */
  async line(text: string, ms?: number): Promise<void> {
    const before = this.all().filter((l) => /^[›…] /.test(l)).length;
    this.type(`${text}\r`);
    await this.until((t) => t.all().filter((l) => /^[›…] /.test(l)).length > before && !t.screen().some((l) => l.includes("evaluating…")), `the echo of ${JSON.stringify(text)}`, ms);
  }

  /** Resolves with the exit code once the process ends. */
  exit(): Promise<number> {
    return this.exited;
  }

  /** Kills the process if it still runs, and removes the folder made for it. */
  kill(): void {
    if (this.exitCode === undefined) this.proc.kill();
    if (this.ownsCwd) rmSync(this.cwd, { recursive: true, force: true });
  }
}
