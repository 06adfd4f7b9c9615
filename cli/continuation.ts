/**
 * Lines that continue the input before them. Chained code is often written with the dot first:
 *
 *     const counts = clicks
 *       .keyBy((c) => c.user)
 *       .count()
 *
 * The first line is complete on its own, so a REPL would run it and then read `.keyBy(...)` as a
 * dot-command. Where the next line is known in advance (a paste, a script, `.load`), such lines
 * join the line before them instead; a typed line has already run, so there they are an error
 * that says so.
 */
import { COMMANDS } from "./commands/index.js";

/** True when `line` is `.name` of a known command followed by a space or its end (`.load ./x.sw`), whatever its arguments. */
export function namesCommand(line: string): boolean {
  const m = /^\s*\.([A-Za-z]\w*)(?:\s|$)/.exec(line);
  return m !== null && COMMANDS.some((c) => c.name === m[1]);
}

/**
 * True when `line` starts with a method call or property chain on the previous line's value
 * (`  .map(f)`, `.close()`, `?.x`). A dot-command (`.run`, `.frontier x.in`, `.load ./x.sw`) does not.
 */
export function continuesInput(line: string): boolean {
  if (namesCommand(line)) return false;
  return /^\s*(\?\.|\.[A-Za-z_$][\w$]*\s*[(<`.[])/.test(line);
}

/** True when `text` is (starts with) a dot-command line, which nothing continues. */
export function isCommandLine(text: string): boolean {
  return /^\s*\.[A-Za-z]/.test(text) && !continuesInput(text);
}

/** `lines` with those that continue an input joined to it (with a newline), and the line number each starts at. */
export function joinContinuations(lines: readonly string[]): Array<{ text: string; line: number }> {
  const out: Array<{ text: string; line: number }> = [];
  lines.forEach((l, i) => {
    const prev = out[out.length - 1];
    if (prev !== undefined && continuesInput(l) && !isCommandLine(prev.text)) prev.text += `\n${l}`;
    else out.push({ text: l, line: i + 1 });
  });
  return out;
}
