// A minimal Jupyter client for the kernel benchmark: starts a kernel process with a fresh
// connection file, speaks the wire protocol over zeromq (shell: DEALER, iopub: SUB), and
// timestamps every message it receives.
import { spawn } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as zmq from "zeromq";

const DELIM = Buffer.from("<IDS|MSG>");

/** Wall-clock milliseconds with sub-millisecond precision (comparable across processes). */
export const now = () => performance.timeOrigin + performance.now();

async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function accepts(port) {
  return new Promise((resolve) => {
    const c = createConnection({ port, host: "127.0.0.1" });
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

/** A kernel process and a client connected to it. */
export class KernelClient {
  /** Starts `argv` (with {connection_file} replaced) in `cwd`. */
  static async start(argv, cwd) {
    const dir = mkdtempSync(join(tmpdir(), "sw-bench-"));
    const conn = { transport: "tcp", ip: "127.0.0.1", key: randomUUID(), signature_scheme: "hmac-sha256" };
    for (const k of ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]) conn[k] = await freePort();
    const file = join(dir, "connection.json");
    writeFileSync(file, JSON.stringify(conn));
    const c = new KernelClient(conn, dir);
    c.started = now();
    c.proc = spawn(argv[0], argv.slice(1).map((a) => (a === "{connection_file}" ? file : a)), { cwd, stdio: ["ignore", "pipe", "pipe"] });
    c.proc.stdout.on("data", (d) => (c.log += d));
    c.proc.stderr.on("data", (d) => (c.log += d));
    return c;
  }

  constructor(conn, dir) {
    this.conn = conn;
    this.dir = dir;
    this.session = randomUUID();
    this.log = "";
    this.shell = new zmq.Dealer({ routingId: randomBytes(8).toString("hex") });
    this.iopub = new zmq.Subscriber({ receiveHighWaterMark: 0 });
    this.iopub.subscribe();
    this.shell.connect(`tcp://127.0.0.1:${conn.shell_port}`);
    this.iopub.connect(`tcp://127.0.0.1:${conn.iopub_port}`);
    this.waiters = new Map(); // msg_id -> { reply, idle, resolve... }
    this.listeners = new Set();
    this.closed = false;
    void this.readShell();
    void this.readIopub();
  }

  /** Resolves once the shell port accepts TCP connections. */
  async portsOpen(timeoutMs = 30_000) {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      if (await accepts(this.conn.shell_port)) return now();
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`kernel ports never opened\n${this.log}`);
  }

  sign(parts) {
    const h = createHmac("sha256", this.conn.key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
  }

  /** Sends a shell request; resolves with { reply, replyAt, idleAt, iopub[] } once both the reply and idle came. */
  request(msgType, content, timeoutMs = 60_000) {
    const header = { msg_id: randomUUID(), username: "bench", session: this.session, date: new Date().toISOString(), msg_type: msgType, version: "5.3" };
    const parts = [header, {}, {}, content].map((o) => Buffer.from(JSON.stringify(o)));
    const sentAt = now();
    return new Promise((resolve, reject) => {
      const w = { sentAt, iopub: [], reply: undefined, idleAt: undefined };
      const timer = setTimeout(() => {
        this.waiters.delete(header.msg_id);
        reject(new Error(`${msgType}: no reply/idle within ${timeoutMs} ms`));
      }, timeoutMs);
      w.done = () => {
        if (w.reply === undefined || w.idleAt === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(header.msg_id);
        resolve(w);
      };
      this.waiters.set(header.msg_id, w);
      void this.shell.send([DELIM, this.sign(parts), ...parts]);
    });
  }

  execute(code, timeoutMs) {
    return this.request("execute_request", { code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: false }, timeoutMs);
  }

  /** Calls `fn(msg, at)` for every IOPub message; returns a function that stops it. */
  onIopub(fn) {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  decode(frames) {
    const i = frames.findIndex((f) => f.equals(DELIM));
    const [header, parent, metadata, content] = frames.slice(i + 2, i + 6).map((b) => JSON.parse(b.toString()));
    return { header, parent_header: parent, metadata, content, msg_type: header.msg_type };
  }

  async readShell() {
    while (!this.closed) {
      let frames;
      try {
        frames = await this.shell.receive();
      } catch {
        return;
      }
      const at = now();
      const m = this.decode(frames);
      const w = this.waiters.get(m.parent_header.msg_id);
      if (w !== undefined) {
        w.reply = m;
        w.replyAt = at;
        w.done();
      }
    }
  }

  async readIopub() {
    while (!this.closed) {
      let frames;
      try {
        frames = await this.iopub.receive();
      } catch {
        return;
      }
      const at = now();
      const m = this.decode(frames);
      for (const l of this.listeners) l(m, at);
      const w = this.waiters.get(m.parent_header.msg_id);
      if (w === undefined) continue;
      if (m.msg_type === "status" && m.content.execution_state === "idle") {
        w.idleAt = at;
        w.done();
      } else w.iopub.push(m);
    }
  }

  async close() {
    this.closed = true;
    this.proc.kill("SIGTERM");
    await new Promise((r) => {
      const t = setTimeout(() => {
        this.proc.kill("SIGKILL");
        r();
      }, 3000);
      this.proc.once("exit", () => {
        clearTimeout(t);
        r();
      });
    });
    this.shell.close();
    this.iopub.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
