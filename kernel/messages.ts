/**
 * The Jupyter message protocol: messages, their HMAC signatures, and an outbox that sends one
 * message at a time per socket.
 *
 * tslab signs and sends without awaiting the previous send; zeromq.js allows one send in flight
 * per socket, so every message sent while another is in flight fails with EBUSY, and tslab
 * swallows the error (about one message in 256–512 is lost, often the `idle` status). The
 * outbox here awaits every send in order, so nothing is lost and order is kept.
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** The protocol version this kernel speaks. */
export const PROTOCOL_VERSION = "5.3";

/** A message header. */
export interface Header {
  readonly msg_id: string;
  readonly username: string;
  readonly session: string;
  readonly date: string;
  readonly msg_type: string;
  readonly version: string;
}

/** A whole message, with the routing identities it came with. */
export interface Message<C = Record<string, unknown>> {
  /** ZeroMQ routing prefix (who to answer on a ROUTER socket). */
  readonly identities: readonly Buffer[];
  readonly header: Header;
  /** The header of the request this message answers (empty object when none). */
  readonly parent_header: Header | Record<string, never>;
  readonly metadata: Record<string, unknown>;
  readonly content: C;
  readonly buffers: readonly Buffer[];
}

const DELIMITER = Buffer.from("<IDS|MSG>");

/** Signs, verifies, encodes and decodes messages of one connection. */
export class Codec {
  /** The session id of every message this kernel writes. */
  readonly session = randomUUID();
  private readonly key: string;
  private readonly algorithm: string | undefined;

  /** A codec for connection key `key` and `scheme` (`hmac-sha256`; an empty key signs nothing). */
  constructor(key: string, scheme = "hmac-sha256") {
    this.key = key;
    const m = /^hmac-(.+)$/.exec(scheme);
    if (key !== "" && m === null) throw new Error(`unsupported signature scheme "${scheme}"`);
    this.algorithm = key === "" ? undefined : m![1];
  }

  /** The signature of the four JSON frames. */
  sign(frames: readonly (string | Buffer)[]): string {
    if (this.algorithm === undefined) return "";
    const h = createHmac(this.algorithm, this.key);
    for (const f of frames) h.update(f);
    return h.digest("hex");
  }

  /** Parses raw frames; throws when the signature is wrong or the message is malformed. */
  decode(frames: readonly Buffer[]): Message {
    const at = frames.findIndex((f) => f.equals(DELIMITER));
    if (at < 0 || frames.length < at + 6) throw new Error("malformed message: no <IDS|MSG> delimiter or too few frames");
    const signature = frames[at + 1]!.toString();
    const parts = frames.slice(at + 2, at + 6);
    if (this.algorithm !== undefined) {
      const want = Buffer.from(this.sign(parts));
      const got = Buffer.from(signature);
      if (want.length !== got.length || !timingSafeEqual(want, got)) throw new Error("message with a wrong signature ignored");
    }
    const json = (b: Buffer): Record<string, unknown> => JSON.parse(b.toString("utf8")) as Record<string, unknown>;
    return {
      identities: frames.slice(0, at),
      header: json(parts[0]!) as unknown as Header,
      parent_header: json(parts[1]!) as Header | Record<string, never>,
      metadata: json(parts[2]!),
      content: json(parts[3]!),
      buffers: frames.slice(at + 6),
    };
  }

  /** The frames of `msg`, signed. */
  encode(msg: Message<unknown>): Buffer[] {
    const parts = [JSON.stringify(msg.header), JSON.stringify(msg.parent_header), JSON.stringify(msg.metadata), JSON.stringify(msg.content)].map((s) => Buffer.from(s, "utf8"));
    return [...msg.identities, DELIMITER, Buffer.from(this.sign(parts)), ...parts, ...msg.buffers];
  }

  /** A new message of `msgType` answering `parent` (or none), to `identities`. */
  message<C>(msgType: string, content: C, parent?: Header, identities: readonly Buffer[] = [], metadata: Record<string, unknown> = {}): Message<C> {
    return {
      identities,
      header: { msg_id: randomUUID(), username: "kernel", session: this.session, date: new Date().toISOString(), msg_type: msgType, version: PROTOCOL_VERSION },
      parent_header: parent ?? {},
      metadata,
      content,
      buffers: [],
    };
  }
}

/** Something frames can be sent on (a zeromq socket). */
export interface FrameSink {
  send(frames: Buffer[]): Promise<void>;
}

/**
 * Sends on one socket strictly one message at a time, in the order they were queued. An entry may
 * be a promise (a message still being rendered): later entries wait for it, so output keeps its
 * order. A send that fails is reported and the next one goes on.
 */
export class Outbox<E> {
  private readonly queue: E[] = [];
  private pumping = false;
  private drained: Array<() => void> = [];

  /**
   * An outbox that turns each entry into frames with `build` (undefined: nothing to send) and
   * sends them on `sink`; `onError` hears about failed sends.
   */
  constructor(
    private readonly sink: FrameSink,
    private readonly build: (entry: E) => Buffer[] | undefined | Promise<Buffer[] | undefined>,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Queues an entry. */
  push(entry: E): void {
    this.queue.push(entry);
    if (!this.pumping) void this.pump();
  }

  /** The entry queued last and not yet being sent (to merge into), if any. */
  last(): E | undefined {
    return this.queue[this.queue.length - 1];
  }

  /** Resolves once everything queued so far has been sent. */
  flushed(): Promise<void> {
    if (!this.pumping && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  /** Entries waiting. */
  get size(): number {
    return this.queue.length;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const entry = this.queue.shift()!;
        try {
          const frames = await this.build(entry);
          if (frames !== undefined) await this.sink.send(frames);
        } catch (e) {
          this.onError(e);
        }
      }
    } finally {
      this.pumping = false;
      const waiting = this.drained;
      this.drained = [];
      for (const w of waiting) w();
    }
  }
}
