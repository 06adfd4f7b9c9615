/**
 * Ctrl+C while an input's synchronous part runs (`while (true) {}`), with the terminal kept in raw
 * mode. Leaving raw mode would make the terminal send SIGINT to its whole foreground process
 * group: the shell or script that started the REPL would get it too. Instead a worker thread reads
 * the terminal while the main thread is busy; on Ctrl+C it signals this process only, which stops
 * the input (`breakOnSigint`), and the other keys typed meanwhile are handed back afterwards, so
 * none is lost.
 *
 * Invariant: the worker reads only while `run` is running (a flag shared with it), from its own
 * non-blocking descriptor of the terminal, so outside `run` every key goes to the REPL as usual.
 * The SIGINT reaches the process only while Node's SIGINT watchdog is on: the worker signals only
 * after claiming the run (flag RUNNING → INTERRUPTED), and the run's last act, still under the
 * watchdog, releases it (RUNNING → IDLE) or, if the worker claimed it first, waits there for the
 * signal. A SIGINT just after the watchdog ends would take Node's default action: end the process.
 */
import vm from "node:vm";
import { Worker } from "node:worker_threads";

/** The values of the run flag (slot 0 of the shared array). */
const IDLE = 0;
const RUNNING = 1;
const INTERRUPTED = 2;

/**
 * The worker: sleeps while the run flag (slot 0) is IDLE, then reads the terminal every few ms until
 * it is IDLE again; on Ctrl+C it claims the run and signals. Slot 1 is 1 while it reads.
 */
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const fs = require("node:fs");
const flag = workerData.flag;
let fd;
try {
  fd = fs.openSync("/dev/tty", fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOCTTY);
} catch {
  parentPort.postMessage({ ready: false });
  return;
}
parentPort.postMessage({ ready: true });
const buf = Buffer.alloc(1024);
for (;;) {
  Atomics.wait(flag, 0, ${IDLE});
  Atomics.store(flag, 1, 1);
  for (let state = Atomics.load(flag, 0); state !== ${IDLE}; state = Atomics.load(flag, 0)) {
    let n = 0;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, null);
    } catch {
      n = 0;
    }
    if (n > 0) {
      const text = buf.toString("latin1", 0, n);
      if (text.includes("\\x03") && Atomics.compareExchange(flag, 0, ${RUNNING}, ${INTERRUPTED}) === ${RUNNING}) process.kill(process.pid, "SIGINT");
      const rest = text.split("\\x03").join("");
      if (rest !== "") parentPort.postMessage({ keys: Buffer.from(rest, "latin1").toString("utf8") });
    } else Atomics.wait(flag, 0, state, 10);
  }
  Atomics.store(flag, 1, 0);
  Atomics.notify(flag, 1);
}
`;

/** The global the watched script calls (the run in progress). */
const RUN_HOOK = "__swWatchedRun";

/** The script that runs a watched function under Node's SIGINT watchdog. */
const WATCHED = new vm.Script(`globalThis.${RUN_HOOK}()`, { filename: "interrupt-watch" });

/** Runs synchronous parts of inputs so that Ctrl+C stops them without signalling anyone else. */
export class InterruptWatch {
  private readonly flag = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;
  /** The function `run` is running. */
  private current: (() => unknown) | undefined;
  /** False until the worker has opened the terminal (and when it cannot): `run` then cannot see Ctrl+C. */
  ready = false;

  /** A watch handing the keys typed during a run back to `onKeys` once it ends. */
  constructor(onKeys: (text: string) => void) {
    this.worker = new Worker(`(() => {${WORKER}})()`, { eval: true, workerData: { flag: this.flag } });
    this.worker.unref();
    this.worker.on("message", (m: { ready?: boolean; keys?: string }) => {
      if (m.ready !== undefined) this.ready = m.ready;
      if (m.keys !== undefined) onKeys(m.keys);
    });
    this.worker.on("error", () => (this.ready = false));
    Object.defineProperty(globalThis, RUN_HOOK, { value: () => this.watched(), configurable: true, writable: true, enumerable: false });
  }

  /**
   * Runs `fn` with the worker watching the terminal for Ctrl+C, which stops it with the error of
   * an interrupted script (`ERR_SCRIPT_EXECUTION_INTERRUPTED`). Scripts `fn` runs must not break on
   * SIGINT themselves: theirs would be the watchdog the signal stops, and the claim would not be released.
   */
  run<T>(fn: () => T): T {
    this.current = fn;
    Atomics.store(this.flag, 0, RUNNING);
    Atomics.notify(this.flag, 0);
    try {
      return WATCHED.runInThisContext({ breakOnSigint: true }) as T;
    } finally {
      this.current = undefined;
      Atomics.store(this.flag, 0, IDLE);
      Atomics.notify(this.flag, 0);
      // return once the worker has stopped reading (briefly: never hang on a stuck worker), so that
      // the keys typed from now on go to the REPL, after the ones the worker hands back
      const until = performance.now() + 200;
      while (Atomics.load(this.flag, 1) === 1 && performance.now() < until) Atomics.wait(this.flag, 1, 1, 20);
    }
  }

  /** The run in progress, called by WATCHED under the watchdog; its last act releases the run or takes the SIGINT. */
  private watched(): unknown {
    try {
      return this.current!();
    } finally {
      if (Atomics.compareExchange(this.flag, 0, RUNNING, IDLE) === INTERRUPTED) {
        // the worker has claimed this run and its SIGINT is on the way: take it here, under the watchdog
        const until = performance.now() + 2000;
        while (performance.now() < until) Atomics.wait(this.flag, 0, INTERRUPTED, 1);
      }
    }
  }

  /** Ends the worker. */
  close(): void {
    void this.worker.terminate();
  }
}
