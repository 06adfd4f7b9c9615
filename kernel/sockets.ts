/**
 * The kernel's sockets and how requests flow through them (tslab's `ZmqServer`, made reliable).
 *
 * - Every socket is bound before any request is read, so a client that connects early only
 *   waits (tslab's shell loop could die on a request that came in while it was still binding).
 * - Every send goes through an {@link Outbox}: one message in flight per socket, in order.
 * - Shell requests are handled one at a time in arrival order, each between `busy` and `idle`
 *   statuses; control requests (interrupt, shutdown) are handled at once, even while a cell runs.
 * - IOPub output is ordered and stream text is merged: consecutive writes to one stream for one
 *   request become one message, however many `console.log` calls made them.
 */
import { writeSync } from "node:fs";
import * as zmq from "zeromq";
import { Codec, Outbox, type Header, type Message } from "./messages.js";

/** The connection file Jupyter writes for a kernel. */
export interface ConnectionInfo {
  readonly transport: string;
  readonly ip: string;
  readonly shell_port: number;
  readonly iopub_port: number;
  readonly stdin_port: number;
  readonly control_port: number;
  readonly hb_port: number;
  readonly key: string;
  readonly signature_scheme?: string;
}

/** Which socket a request came on. */
export type Channel = "shell" | "control";

/** A request being handled. */
export interface Request {
  readonly channel: Channel;
  readonly msg: Message;
  /** Arrival number on its channel (shell requests count up from 1). */
  readonly seq: number;
}

/** What handles requests. */
export interface RequestHandler {
  /** Handles one request; replies through the server. Runs between `busy` and `idle`. */
  handle(req: Request, server: KernelServer): Promise<void>;
}

/** An IOPub entry: a message, a message still being made, or merged stream text. */
type IopubEntry =
  | { readonly kind: "message"; readonly msg: Message<unknown> | Promise<Message<unknown> | undefined> }
  | { readonly kind: "stream"; readonly name: string; readonly parent: Header | undefined; text: string };

/** Writes a line to the kernel's own stderr (the Jupyter server's log), bypassing cell output capture. */
export function log(text: string): void {
  try {
    writeSync(2, `[streamweave-kernel] ${text}\n`);
  } catch {
    // nowhere to write
  }
}

/** The five sockets of a kernel and the loops reading them. */
export class KernelServer {
  /** Signs and parses messages. */
  readonly codec: Codec;
  private readonly shell = new zmq.Router();
  private readonly control = new zmq.Router();
  private readonly stdin = new zmq.Router();
  // A high-water mark well above any burst this kernel sends: PUB drops silently when it is full.
  private readonly iopub = new zmq.Publisher({ sendHighWaterMark: 100_000 });
  private readonly hb = new zmq.Reply();
  private readonly shellOut: Outbox<Message<unknown>>;
  private readonly controlOut: Outbox<Message<unknown>>;
  private readonly iopubOut: Outbox<IopubEntry>;
  private readonly shellQueue: Request[] = [];
  private shellSeq = 0;
  private shellBusy = false;
  private closed = false;
  private handler: RequestHandler | undefined;

  private constructor(private readonly conn: ConnectionInfo) {
    this.codec = new Codec(conn.key, conn.signature_scheme ?? "hmac-sha256");
    const onError = (what: string) => (e: unknown) => log(`${what} send failed: ${String(e)}`);
    this.shellOut = new Outbox(this.shell, (m) => this.codec.encode(m), onError("shell"));
    this.controlOut = new Outbox(this.control, (m) => this.codec.encode(m), onError("control"));
    this.iopubOut = new Outbox(this.iopub, (e) => this.encodeIopub(e), onError("iopub"));
  }

  /** Binds every socket of `conn`; requests wait until {@link serve} is called. */
  static async bind(conn: ConnectionInfo): Promise<KernelServer> {
    const s = new KernelServer(conn);
    const addr = (port: number): string => (conn.transport === "ipc" ? `ipc://${conn.ip}-${port}` : `${conn.transport}://${conn.ip}:${port}`);
    await Promise.all([
      s.shell.bind(addr(conn.shell_port)),
      s.control.bind(addr(conn.control_port)),
      s.stdin.bind(addr(conn.stdin_port)),
      s.iopub.bind(addr(conn.iopub_port)),
      s.hb.bind(addr(conn.hb_port)),
    ]);
    void s.heartbeat();
    return s;
  }

  /** Starts reading requests and handing them to `handler`. */
  serve(handler: RequestHandler): void {
    this.handler = handler;
    void this.read(this.shell, "shell");
    void this.read(this.control, "control");
    void this.drainStdin();
  }

  // ---- sending -----------------------------------------------------------------------------------

  /** Answers `req` on its own socket with `msgType` and `content`. */
  reply(req: Request, msgType: string, content: Record<string, unknown>, metadata: Record<string, unknown> = {}): void {
    const msg = this.codec.message(msgType, content, req.msg.header, req.msg.identities, metadata);
    (req.channel === "shell" ? this.shellOut : this.controlOut).push(msg);
  }

  /** Publishes on IOPub, answering `parent` (undefined: no parent). */
  publish(msgType: string, content: Record<string, unknown>, parent: Header | undefined, metadata: Record<string, unknown> = {}): void {
    this.iopubOut.push({ kind: "message", msg: this.codec.message(msgType, content, parent, [], metadata) });
  }

  /**
   * Publishes a message that is still being made: it keeps its place among the other output and
   * later output waits for it. Resolving to undefined sends nothing.
   */
  publishLater(msg: Promise<{ msgType: string; content: Record<string, unknown>; parent: Header | undefined; metadata?: Record<string, unknown> } | undefined>): void {
    this.iopubOut.push({
      kind: "message",
      msg: msg.then((m) => (m === undefined ? undefined : this.codec.message(m.msgType, m.content, m.parent, [], m.metadata ?? {}))),
    });
  }

  /** Appends `text` to stream `name` (stdout, stderr) of `parent`, merged with text still waiting. */
  stream(name: string, text: string, parent: Header | undefined): void {
    if (text === "") return;
    const last = this.iopubOut.last();
    if (last !== undefined && last.kind === "stream" && last.name === name && last.parent === parent) {
      last.text += text;
      return;
    }
    this.iopubOut.push({ kind: "stream", name, parent, text });
  }

  /** Publishes the kernel's execution state (`busy`, `idle`, `starting`). */
  status(state: string, parent: Header | undefined): void {
    this.publish("status", { execution_state: state }, parent);
  }

  /** Resolves once all IOPub output queued so far has been sent. */
  iopubFlushed(): Promise<void> {
    return this.iopubOut.flushed();
  }

  // ---- receiving ---------------------------------------------------------------------------------

  /**
   * Shell requests received but not yet handled, oldest first; `take` removes those it returns
   * true for (used to abort queued cells after an error).
   */
  pendingShell(take: (r: Request) => boolean): Request[] {
    const taken: Request[] = [];
    for (let i = 0; i < this.shellQueue.length; ) {
      if (take(this.shellQueue[i]!)) taken.push(...this.shellQueue.splice(i, 1));
      else i++;
    }
    return taken;
  }

  /** How many shell requests have arrived so far. */
  get shellReceived(): number {
    return this.shellSeq;
  }

  private async read(sock: zmq.Router, channel: Channel): Promise<void> {
    let seq = 0;
    for (;;) {
      let frames: Buffer[];
      try {
        frames = await sock.receive();
      } catch (e) {
        if (this.closed) return;
        log(`${channel} receive failed: ${String(e)}`);
        continue;
      }
      let msg: Message;
      try {
        msg = this.codec.decode(frames);
      } catch (e) {
        log(`${channel}: ${String(e)}`);
        continue;
      }
      if (channel === "shell") {
        this.shellQueue.push({ channel, msg, seq: ++this.shellSeq });
        if (!this.shellBusy) void this.runShell();
      } else {
        void this.dispatch({ channel, msg, seq: ++seq });
      }
    }
  }

  private async runShell(): Promise<void> {
    this.shellBusy = true;
    try {
      while (this.shellQueue.length > 0 && !this.closed) await this.dispatch(this.shellQueue.shift()!);
    } finally {
      this.shellBusy = false;
    }
  }

  private async dispatch(req: Request): Promise<void> {
    this.status("busy", req.msg.header);
    try {
      await this.handler!.handle(req, this);
    } catch (e) {
      log(`handling ${req.msg.header.msg_type} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    } finally {
      this.status("idle", req.msg.header);
    }
  }

  private async heartbeat(): Promise<void> {
    for (;;) {
      try {
        const frames = await this.hb.receive();
        await this.hb.send(frames);
      } catch {
        if (this.closed) return;
      }
    }
  }

  /** Input requests are not supported; read and drop whatever comes on stdin so it never piles up. */
  private async drainStdin(): Promise<void> {
    for (;;) {
      try {
        await this.stdin.receive();
      } catch {
        if (this.closed) return;
      }
    }
  }

  private encodeIopub(e: IopubEntry): Buffer[] | undefined | Promise<Buffer[] | undefined> {
    if (e.kind === "stream") return this.codec.encode(this.codec.message("stream", { name: e.name, text: e.text }, e.parent));
    const m = e.msg;
    if (m instanceof Promise) return m.then((x) => (x === undefined ? undefined : this.codec.encode(x)));
    return this.codec.encode(m);
  }

  // ---- closing -----------------------------------------------------------------------------------

  /** Sends what is queued (waiting at most `ms`), then closes every socket. */
  async close(ms = 1000): Promise<void> {
    if (this.closed) return;
    const flushed = Promise.all([this.iopubOut.flushed(), this.shellOut.flushed(), this.controlOut.flushed()]);
    await Promise.race([flushed, new Promise((r) => setTimeout(r, ms).unref())]);
    this.closed = true;
    for (const s of [this.shell, this.control, this.stdin, this.iopub, this.hb]) {
      try {
        s.linger = 200;
        s.close();
      } catch {
        // already closed
      }
    }
  }

  /** The connection this server listens on. */
  get connection(): ConnectionInfo {
    return this.conn;
  }
}
