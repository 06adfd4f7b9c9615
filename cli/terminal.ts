/**
 * Starting the terminal REPL: raw keyboard input (with bracketed paste) into the controller, the
 * Ink app for the live area, the transcript above it, the demo graph when asked for, and a clean
 * exit that leaves the terminal as it was. Console output of the user's code goes to the
 * transcript; errors nobody caught are printed there too, and never end the session.
 */
import React from "react";
import { render } from "ink";
import chalk from "chalk";
import { Console } from "node:console";
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createRequire } from "node:module";
import { PassThrough, Writable } from "node:stream";
import { App } from "./app.js";
import type { Demo } from "./demo.js";
import { formatError } from "./format.js";
import { History, historyFile } from "./history.js";
import { Live } from "./live.js";
import { Repl, Transcript } from "./repl.js";
import { Session } from "./session.js";
import { InterruptWatch } from "./interrupt-watch.js";

/** How the terminal REPL starts. */
export interface TerminalOptions {
  /** Starts the demo graph, with its names in scope. */
  readonly demo?: () => Demo;
  /** Terminal input (default: process.stdin; must be a TTY). */
  readonly stdin?: NodeJS.ReadStream;
  /** Terminal output (default: process.stdout). */
  readonly stdout?: NodeJS.WriteStream;
  /** Called instead of `process.exit(0)` when the session ends. */
  readonly onExit?: () => void;
}

/** The running REPL's parts (for the benchmark). */
export interface Terminal {
  /** The session. */
  readonly session: Session;
  /** The frames. */
  readonly live: Live;
  /** The controller. */
  readonly repl: Repl;
  /** Ink's render times (ms), one per frame written. */
  readonly renders: number[];
  /** Ends the session. */
  exit(): void;
}

/** Opens the REPL on the terminal. */
export function startTerminal(o: TerminalOptions = {}): Terminal {
  const stdin = o.stdin ?? process.stdin;
  const stdout = o.stdout ?? process.stdout;
  const colors = chalk.level > 0;
  const transcript = new Transcript(colors);
  const clearScreen = (): void => transcript.raw("\x1b[2J\x1b[3J\x1b[H");
  // While an input's synchronous part runs, the event loop hears no keys: a worker watches the
  // terminal for Ctrl+C and signals this process only (interrupt-watch.ts); the keys typed
  // meanwhile come back afterwards. Only where the worker cannot read the terminal does the
  // terminal leave raw mode, so that Ctrl+C becomes a SIGINT (as in Node's REPL).
  let evaluating = false;
  let evaluatedAt = 0;
  const watch = stdin.isTTY ? new InterruptWatch((keys) => onData(keys)) : undefined;
  const guard = <T>(run: (breakOnSigint: boolean) => T): T => {
    if (!stdin.isTTY || exiting) return run(true);
    evaluating = true;
    try {
      if (watch?.ready === true) return watch.run(() => run(false));
      stdin.setRawMode(false);
      try {
        return run(true);
      } finally {
        stdin.setRawMode(true);
      }
    } finally {
      evaluating = false;
      evaluatedAt = performance.now();
    }
  };
  const session = new Session({ out: transcript, colors, width: () => stdout.columns || 80, announce: true, onClear: () => clearScreen(), guard });
  const sink = (kind: "log" | "warn") =>
    new Writable({
      write(chunk: Buffer | string, _enc, done) {
        transcript.write(kind, String(chunk).replace(/\n$/, ""));
        done();
      },
    });
  // The user's console writes to the transcript; methods a plain Console lacks (timeStamp, profile) stay the original's.
  const original = globalThis.console;
  const replacement = new Console({ stdout: sink("log"), stderr: sink("warn"), colorMode: colors });
  globalThis.console = Object.assign(Object.create(original) as Console, replacement);
  const onUncaught = (e: unknown): void => session.print("error", `uncaught: ${formatError(e, { colors, width: stdout.columns || 80 })}`);
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);

  const history = new History(historyFile());
  let exiting = false;
  let demo: Demo | undefined;
  const exit = (): void => {
    if (exiting) return;
    exiting = true;
    process.off("SIGINT", onSigint);
    repl.close();
    live.close();
    demo?.stop();
    watch?.close();
    session.close();
    transcript.flush();
    instance.clear();
    instance.unmount();
    stdout.write("\x1b[?2004l");
    stdin.off("data", onData);
    stdout.off("resize", onResize);
    if (resizeTimer !== undefined) clearTimeout(resizeTimer);
    if (stdin.isTTY) stdin.setRawMode(false);
    stdin.pause();
    if (process.env.STREAMWEAVE_METRICS) writeMetrics(process.env.STREAMWEAVE_METRICS);
    if (o.onExit !== undefined) o.onExit();
    else setImmediate(() => process.exit(0));
  };
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  const loopDelay = process.env.STREAMWEAVE_METRICS ? monitorEventLoopDelay({ resolution: 5 }) : undefined;
  loopDelay?.enable();
  /** For the benchmark (bench/cli.mjs): what the UI cost, written as JSON at exit. */
  const writeMetrics = (file: string): void => {
    const cpu = process.cpuUsage(cpu0);
    writeFileSync(file, JSON.stringify({ wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, frames: live.metrics.frames, frameMs: live.metrics.ms, inputMs: repl.metrics.ms, keys: repl.metrics.inputs, renders, loopDelayP99: (loopDelay?.percentile(99) ?? 0) / 1e6, loopDelayMax: (loopDelay?.max ?? 0) / 1e6 }));
  };
  const repl = new Repl(session, history, transcript, exit, clearScreen);

  const version = (createRequire(import.meta.url)("streamweave/package.json") as { version: string }).version;
  session.print("note", `StreamWeave ${version} REPL · TypeScript, with the streamweave API in scope\n.help lists the commands · Tab completes · Ctrl+D exits`);
  if (o.demo !== undefined) {
    demo = o.demo();
    Object.assign(globalThis, { g: demo.g, clicks: demo.clicks, timed: demo.timed, panes: demo.panes, late: demo.late, exec: demo.exec, demo });
    session.use(demo.g);
    session.print(
      "note",
      "demo: out-of-order clicks, counted per user in 5 s event-time windows\n" +
        "in scope: g, clicks, timed, panes, late, exec · try: .state window  .stop",
    );
  }
  // Made once the demo graph is current, so the first frame already shows it.
  const live = new Live(session);

  const renders: number[] = [];
  const instance = render(React.createElement(App, { repl, live, colors }), {
    stdout,
    stdin: new PassThrough() as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
    onRender: (m) => {
      live.drawn(m.renderTime);
      renders.push(m.renderTime);
      if (renders.length > 10_000) renders.splice(0, 5_000);
    },
  });
  // After a resize the terminal has re-wrapped the old live area: start from a clean screen.
  let resizeTimer: ReturnType<typeof setTimeout> | undefined;
  const onResize = (): void => {
    if (resizeTimer !== undefined) clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => {
      resizeTimer = undefined;
      if (!exiting) transcript.redraw(stdout.rows || 24);
    }, 60);
  };
  stdout.on("resize", onResize);
  // Signals from outside (kill, a closed terminal) end the session cleanly too.
  for (const sig of ["SIGTERM", "SIGHUP"] as const) process.once(sig, exit);
  // A SIGINT from outside ends the session. Under the watch a Ctrl+C's SIGINT always lands while
  // the input runs (interrupt-watch.ts). Without it (the terminal sent the SIGINT) one can come just
  // after the input's synchronous part ended, too late to stop it: it goes to the REPL as the key,
  // so it still stops what the input awaits.
  const onSigint = (): void => {
    if (evaluating) return;
    if (performance.now() - evaluatedAt < 200) {
      if (watch?.ready !== true) repl.input("\x03");
      return;
    }
    process.off("SIGINT", onSigint);
    exit();
  };
  process.on("SIGINT", onSigint);
  const onData = (data: Buffer | string): void => {
    live.typing();
    repl.input(String(data));
  };
  if (stdin.isTTY) stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.on("data", onData);
  stdin.resume();
  stdout.write("\x1b[?2004h");
  return { session, live, repl, renders, exit };
}
