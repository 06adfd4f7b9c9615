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
 */
import { Worker } from "node:worker_threads";

/** The worker: sleeps until the flag is set, then reads the terminal every few ms until it is cleared. */
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
  Atomics.wait(flag, 0, 0);
  while (Atomics.load(flag, 0) === 1) {
    let n = 0;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, null);
    } catch {
      n = 0;
    }
    if (n > 0) {
      const text = buf.toString("latin1", 0, n);
      if (text.includes("\\x03")) process.kill(process.pid, "SIGINT");
      const rest = text.split("\\x03").join("");
      if (rest !== "") parentPort.postMessage({ keys: Buffer.from(rest, "latin1").toString("utf8") });
    } else Atomics.wait(flag, 0, 1, 10);
  }
}
`;

/** Runs synchronous parts of inputs so that Ctrl+C stops them without signalling anyone else. */
export class InterruptWatch {
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker: Worker;
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
  }

  /** Runs `fn` with the worker watching the terminal for Ctrl+C. */
  run<T>(fn: () => T): T {
    Atomics.store(this.flag, 0, 1);
    Atomics.notify(this.flag, 0);
    try {
      return fn();
    } finally {
      Atomics.store(this.flag, 0, 0);
      Atomics.notify(this.flag, 0);
    }
  }

  /** Ends the worker. */
  close(): void {
    void this.worker.terminate();
  }
}
