// Ctrl+C in the REPL signals nobody but the REPL's own evaluation: 200 interrupted busy loops and
// awaits in a row, in a pseudo-terminal, under a shell whose `trap` on SIGINT must never fire (the
// shell shares the terminal's foreground process group with the REPL, as when a user runs it from a
// script); then Ctrl+C twice leaves, the REPL exits with 0 and the shell goes on.
import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, Term } from "./cli-term.js";

const CTRL_C = "\x03";
const ROUNDS = 200;

const open: Term[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.kill();
});

/** How many lines, scrollback included, contain `text`. */
const count = (t: Term, text: string): number => t.all().filter((l) => l.includes(text)).length;

/** Waits until the file `path` holds `text` (the typed input has started to run). */
async function fileHolds(path: string, text: string): Promise<void> {
  const until = Date.now() + 10_000;
  for (;;) {
    let now = "";
    try {
      now = readFileSync(path, "utf8");
    } catch {
      // not written yet
    }
    if (now === text) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${path} to hold ${JSON.stringify(text)} (it holds ${JSON.stringify(now)})`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("Ctrl+C in the REPL", () => {
  it(`interrupts ${ROUNDS} busy loops and awaits in a row, never signals the shell around it, and exits cleanly`, async () => {
    const shell = `trap 'echo PARENT-GOT-SIGINT' INT; ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)}; echo "repl-exit=$?"; sleep 0.2`;
    const t = new Term({ command: ["/bin/bash", "-c", shell], rows: 40 });
    open.push(t);
    await t.see("› ");
    await t.line(`const fs = await import("node:fs")`);
    const marker = join(t.cwd, "started");
    for (let n = 1; n <= ROUNDS; n++) {
      const busy = n % 2 === 1;
      const mark = `fs.writeFileSync(${JSON.stringify(marker)}, "${n}")`;
      // a busy loop: the marker is written as it starts; an await: once its synchronous part is over
      const input = busy ? `${mark}; let i = 0; while (true) { i++ }` : `setTimeout(() => ${mark}, 0); await new Promise(() => {})`;
      const reply = busy ? "Interrupted: the evaluation was stopped" : "interrupted (an awaited promise may still settle later)";
      const before = count(t, reply);
      t.type(`${input}\r`);
      await fileHolds(marker, String(n));
      t.type(CTRL_C);
      await t.until((x) => count(x, reply) > before && x.prompt().trim() === "", `round ${n}: ${JSON.stringify(reply)} and an empty prompt`);
      // keep the scrollback short: the screen is cleared by nothing, so old rounds pile up
      if (n % 50 === 0) t.term.clear();
    }
    await t.line("6 * 7");
    await t.seeAnywhere(/^42$/);
    t.type(CTRL_C);
    await t.seeAnywhere("Ctrl+C again");
    t.type(CTRL_C);
    await t.seeAnywhere("repl-exit=0");
    expect(await t.exit()).toBe(0);
    expect(t.all().some((l) => l.includes("PARENT-GOT-SIGINT"))).toBe(false);
  }, 180_000);
});
