/**
 * `streamweave`: the command. On a terminal it opens the Ink REPL with live panels (`--demo` on a
 * running demo graph); with input from a pipe or a file (or a script path argument) it runs line by
 * line and prints plain text.
 *
 *     streamweave [--demo]                  the REPL (a terminal)
 *     streamweave [--keep-going] [--echo] < session.sw
 *     streamweave [--keep-going] [--echo] session.sw
 */
import { createReadStream, fstatSync, openSync } from "node:fs";
import { createRequire } from "node:module";
import { runPiped } from "./piped.js";
import { startDemo } from "./demo.js";

const USAGE = `usage: streamweave [--demo] [--keep-going] [--echo] [script]

On a terminal: a TypeScript REPL with the streamweave API in scope and live panels
(graph, frontier chart, keyed state, status). --demo starts it on a running demo graph.
Piped input or a script file runs line by line, printing plain text; the first failing
line ends it with exit code 1 (--keep-going runs the rest; --echo prints each line first);
a script that cannot be read, exit code 2.

History: $STREAMWEAVE_HISTORY (default ~/.streamweave_history; empty: none). Type .help inside.`;

/** Parses the arguments and starts the REPL or the script runner. */
async function main(argv: readonly string[]): Promise<void> {
  const flags = new Set(argv.filter((a) => a.startsWith("-")));
  const files = argv.filter((a) => !a.startsWith("-"));
  const known = new Set(["--demo", "--keep-going", "--echo", "--help", "-h", "--version", "-v"]);
  const unknown = [...flags].filter((f) => !known.has(f));
  if (flags.has("--help") || flags.has("-h") || unknown.length > 0 || files.length > 1) {
    (unknown.length > 0 || files.length > 1 ? process.stderr : process.stdout).write(`${unknown.length > 0 ? `unknown option ${unknown.join(", ")}\n` : ""}${USAGE}\n`);
    process.exitCode = unknown.length > 0 || files.length > 1 ? 2 : 0;
    return;
  }
  if (flags.has("--version") || flags.has("-v")) {
    const pkg = createRequire(import.meta.url)("streamweave/package.json") as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  const demo = flags.has("--demo") ? () => startDemo() : undefined;
  if (files.length === 0 && process.stdin.isTTY && process.stdout.isTTY) {
    process.env.NODE_ENV ??= "production"; // React's production build: the development one is slower
    const { startTerminal } = await import("./terminal.js");
    startTerminal({ ...(demo !== undefined ? { demo } : {}) });
    return;
  }
  const file = files[0];
  const fd = file !== undefined ? openScript(file) : undefined;
  if (fd === null) {
    process.exitCode = 2;
    return;
  }
  const code = await runPiped({
    input: fd !== undefined ? createReadStream("", { fd }) : process.stdin,
    out: process.stdout,
    err: process.stderr,
    source: file ?? "<stdin>",
    keepGoing: flags.has("--keep-going"),
    echo: flags.has("--echo"),
    ...(demo !== undefined ? { demo } : {}),
  });
  process.exit(code);
}

/** The script `file` opened for reading, or null after saying on stderr why it cannot be read. */
function openScript(file: string): number | null {
  let why: string;
  try {
    const fd = openSync(file, "r");
    if (!fstatSync(fd).isDirectory()) return fd;
    why = "it is a directory";
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : (e as Error).message;
  }
  process.stderr.write(`streamweave: cannot read ${file}: ${why}\n`);
  return null;
}

main(process.argv.slice(2)).catch((e: unknown) => {
  process.stderr.write(`streamweave: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
