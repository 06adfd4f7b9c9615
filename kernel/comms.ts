/**
 * Comms (Jupyter's custom messages between a front end and the kernel): the comms open now, the
 * targets the kernel answers, and the four requests — `comm_open`, `comm_msg`, `comm_close` and
 * `comm_info_request`.
 *
 * A `comm_open` for a known target opens the comm; for any other target the kernel closes it at
 * once, as Jupyter kernels do. A `comm_msg` goes to its comm's target, and what the target
 * answers goes back as a `comm_msg` on the same comm; a message for a comm that is not open (say,
 * one opened before the kernel restarted) is answered by closing that comm. `comm_info_reply`
 * lists the comms open now, by target when the request names one. A target that throws never
 * takes the kernel down: the failure is answered as `{ ok: false, error }`.
 */
import type { Header } from "./messages.js";

/** A comm open now. */
export interface OpenComm {
  /** Its id (the front end chose it). */
  readonly id: string;
  /** Its target's name. */
  readonly target: string;
  /** The data it was opened with. */
  readonly data: unknown;
}

/** What answers the messages of one comm target. */
export interface CommTarget {
  /** Handles a message on an open comm; resolves to the data to answer with (none: no answer). */
  message(data: unknown, comm: OpenComm): Promise<Record<string, unknown> | undefined>;
}

/** Where comm messages go (the kernel's IOPub). */
export interface CommOutlet {
  /** Publishes on IOPub, answering `parent`. */
  publish(msgType: string, content: Record<string, unknown>, parent: Header | undefined): void;
  /** Reports a failure in the kernel's log. */
  log(text: string): void;
}

/** The comms of one kernel. */
export class Comms {
  private readonly targets = new Map<string, CommTarget>();
  private readonly open = new Map<string, OpenComm>();

  /** Comms publishing through `outlet`. */
  constructor(private readonly outlet: CommOutlet) {}

  /** Answers comms opened to target `name` with `target`. */
  register(name: string, target: CommTarget): void {
    this.targets.set(name, target);
  }

  /** The comms open now, as `comm_info_reply` lists them (only those of `targetName`, when given). */
  info(targetName?: string): Record<string, { target_name: string }> {
    const out: Record<string, { target_name: string }> = {};
    for (const c of this.open.values()) if (targetName === undefined || targetName === "" || c.target === targetName) out[c.id] = { target_name: c.target };
    return out;
  }

  /** Handles `comm_open`, `comm_msg` or `comm_close` (`content` is the request's, `parent` its header). */
  async handle(msgType: string, content: unknown, parent: Header): Promise<void> {
    const c = typeof content === "object" && content !== null ? (content as Record<string, unknown>) : {};
    const id = c.comm_id;
    if (typeof id !== "string" || id === "") {
      this.outlet.log(`${msgType} without a comm_id: ignored`);
      return;
    }
    if (msgType === "comm_open") {
      const target = typeof c.target_name === "string" ? c.target_name : "";
      if (!this.targets.has(target)) {
        this.outlet.publish("comm_close", { comm_id: id, data: {} }, parent);
        return;
      }
      this.open.set(id, { id, target, data: c.data ?? {} });
      return;
    }
    if (msgType === "comm_close") {
      this.open.delete(id);
      return;
    }
    const comm = this.open.get(id);
    const target = comm !== undefined ? this.targets.get(comm.target) : undefined;
    if (comm === undefined || target === undefined) {
      this.outlet.publish("comm_close", { comm_id: id, data: { ok: false, error: `comm ${id} is not open in this kernel` } }, parent);
      return;
    }
    let answer: Record<string, unknown> | undefined;
    try {
      answer = await target.message(c.data, comm);
    } catch (e) {
      this.outlet.log(`comm ${comm.target} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      answer = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (answer !== undefined && this.open.has(id)) this.outlet.publish("comm_msg", { comm_id: id, data: answer }, parent);
  }
}
