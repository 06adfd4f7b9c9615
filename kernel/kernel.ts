/**
 * The requests a Jupyter kernel answers (tslab's `JupyterHandlerImpl`, with its gaps filled):
 *
 * - `kernel_info_reply` with `status` and a full `language_info` (TypeScript's version as cells
 *   compile with it);
 * - `execute_request`: `execute_input`, stream output, the cell's value as `execute_result` (or a
 *   live display), `error` with `ename`/`evalue`/`traceback` and the same in the error reply;
 *   after an error only the cells already queued are aborted, and only when the request's
 *   `stop_on_error` asks for it (tslab aborted everything for 200 ms);
 * - `complete_request`, `inspect_request`, `is_complete_request` (with `invalid`),
 *   `history_request`, `comm_info_request` answered as `comm_info_reply` (the comms open now),
 *   `comm_open` / `comm_msg` / `comm_close` (`comms.ts`; the step panel's target), and
 *   `interrupt_request` / `shutdown_request` on the control channel.
 *
 * An interrupt (SIGINT or `interrupt_request`) ends the cell — a loop through SIGINT itself, a
 * waiting cell through the executor — and stops every running graph execution with its timers.
 */
import { Comms } from "./comms.js";
import type { Displays } from "./display.js";
import type { Executor, CellError } from "./executor.js";
import { History, type HistoryQuery } from "./history.js";
import type { KernelServer, Request, RequestHandler } from "./sockets.js";
import type { Runs } from "./preload.js";
import { PROTOCOL_VERSION, type Header } from "./messages.js";

/** How long a cell waits for the runs going on to be quiet before its value is shown (ms). */
const SETTLE_MS = 250;

/** Versions the kernel reports. */
export interface KernelVersions {
  readonly kernel: string;
  readonly typescript: string;
  readonly tslab: string;
}

interface ExecuteContent {
  readonly code?: string;
  readonly silent?: boolean;
  readonly store_history?: boolean;
  readonly stop_on_error?: boolean;
  readonly user_expressions?: Record<string, string>;
}

/** The kernel: answers every request of the protocol. */
export class Kernel implements RequestHandler {
  private count = 0;
  private parent: Header | undefined;
  private abortUpTo = 0;
  private readonly history = new History();
  private shuttingDown = false;
  private inspectQuickInfo: ((info: unknown) => string) | undefined;
  /** The comms open in this kernel and the targets it answers. */
  readonly comms: Comms;

  /** A kernel running cells with `executor`, showing values through `displays`. */
  constructor(
    private readonly server: KernelServer,
    private readonly executor: Executor,
    private readonly displays: Displays,
    private readonly runs: Runs,
    private readonly versions: KernelVersions,
    private readonly exit: (code: number) => void,
  ) {
    this.comms = new Comms({ publish: (t, c, p) => server.publish(t, c, p), log: (text) => displays.outlet.log(text) });
  }

  /** The request output belongs to now: the latest execute request. */
  get currentParent(): Header | undefined {
    return this.parent;
  }

  /** Handles one request (the server publishes `busy` before and `idle` after). */
  async handle(req: Request, server: KernelServer): Promise<void> {
    const type = req.msg.header.msg_type;
    const content = req.msg.content;
    switch (type) {
      case "kernel_info_request":
        server.reply(req, "kernel_info_reply", this.kernelInfo());
        return;
      case "execute_request":
        await this.execute(req, content as ExecuteContent);
        return;
      case "complete_request":
        server.reply(req, "complete_reply", this.complete(content as { code: string; cursor_pos?: number }));
        return;
      case "inspect_request":
        server.reply(req, "inspect_reply", this.inspect(content as { code: string; cursor_pos?: number }));
        return;
      case "is_complete_request":
        server.reply(req, "is_complete_reply", this.isComplete(content as { code: string }));
        return;
      case "history_request":
        server.reply(req, "history_reply", { status: "ok", history: this.history.query(content as HistoryQuery) });
        return;
      case "comm_info_request":
        server.reply(req, "comm_info_reply", { status: "ok", comms: this.comms.info((content as { target_name?: string }).target_name) });
        return;
      case "comm_open":
      case "comm_msg":
      case "comm_close":
        await this.comms.handle(type, content, req.msg.header);
        return;
      case "interrupt_request":
        this.interrupt();
        server.reply(req, "interrupt_reply", { status: "ok" });
        return;
      case "shutdown_request":
        await this.shutdown(req, (content as { restart?: boolean }).restart === true);
        return;
      default:
        this.displays.outlet.log(`ignoring unknown request ${type} on ${req.channel}`);
    }
  }

  /** Interrupts: ends the cell that waits and stops every running graph execution. */
  interrupt(): number {
    this.executor.interrupt();
    return this.runs.stopAll();
  }

  /** Reports an error that happened outside any cell's own code (a rejected promise, a throwing timer) in the current output. */
  reportBackground(what: string, e: unknown): void {
    const err = this.executor.runtimeError(e);
    const text = [`${what}:`, ...err.traceback].join("\n");
    this.server.stream("stderr", `${text}\n`, this.parent);
  }

  private kernelInfo(): Record<string, unknown> {
    const v = this.versions;
    return {
      status: "ok",
      protocol_version: PROTOCOL_VERSION,
      implementation: "streamweave",
      implementation_version: v.kernel,
      language_info: {
        name: "typescript",
        version: v.typescript,
        mimetype: "text/typescript",
        file_extension: ".ts",
        pygments_lexer: "typescript",
        nbconvert_exporter: "script",
        // Enables TypeScript highlighting in the classic Notebook and JupyterLab (as tslab does).
        codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
      },
      banner: `StreamWeave ${v.kernel} — TypeScript ${v.typescript} cells (tslab ${v.tslab}) on Node.js ${process.version}. The library's API, show() and clearOutput() are in scope.`,
      help_links: [],
      debugger: false,
    };
  }

  private async execute(req: Request, c: ExecuteContent): Promise<void> {
    const code = typeof c.code === "string" ? c.code : "";
    const silent = c.silent === true;
    const store = !silent && c.store_history !== false;
    if (req.seq <= this.abortUpTo || this.shuttingDown) {
      this.server.reply(req, "execute_reply", { status: "aborted", execution_count: this.count });
      return;
    }
    if (store) this.count++;
    const count = this.count;
    const header = req.msg.header;
    this.parent = header;
    if (!silent) this.server.publish("execute_input", { code, execution_count: count }, header);
    const help = HELP.exec(code);
    if (help !== null) {
      // `Graph?` or `?Graph` (as in IPython): the type and docs of a name, in the pager.
      const name = help[1] ?? help[2] ?? "";
      const found = this.inspect({ code: name, cursor_pos: codePoints(name) });
      const data = found.found === true ? (found.data as Record<string, string>) : { "text/plain": `${name}: nothing known about this name` };
      if (store) this.history.add(count, code, null);
      this.server.reply(req, "execute_reply", { status: "ok", execution_count: count, payload: [{ source: "page", data, start: 0 }], user_expressions: {} });
      return;
    }
    // The views earlier cells made keep the story: frozen as they are before this cell runs.
    if (!silent) this.displays.freezeAll(count);
    const outcome = await this.executor.execute(code, `In[${count}]`);
    // What the cell sent is handled before its value and views are shown (at most SETTLE_MS).
    for (const e of await this.runs.settle(SETTLE_MS)) {
      this.server.stream("stderr", `graph "${e.name}" is still busy ${SETTLE_MS} ms after the cell ran: what is shown may not include everything sent yet (await exec.quiet() waits for it)\n`, header);
    }
    let output: string | null = null;
    if (outcome.ok) {
      if (outcome.hasValue && !silent && outcome.value !== undefined) {
        this.displays.result(outcome.value, count);
        output = this.displays.textOf(outcome.value);
      }
    } else {
      if (outcome.interrupted) this.runs.stopAll();
      this.server.publish("error", { ...outcome.error }, header);
    }
    await this.displays.settle();
    if (store) this.history.add(count, code, output);
    if (outcome.ok) {
      this.server.reply(req, "execute_reply", { status: "ok", execution_count: count, payload: [], user_expressions: this.userExpressions(c.user_expressions) });
      return;
    }
    const e: CellError = outcome.error;
    this.server.reply(req, "execute_reply", { status: "error", execution_count: count, ename: e.ename, evalue: e.evalue, traceback: e.traceback }, { status: "error" });
    if (c.stop_on_error !== false) {
      // Abort the cells queued behind this one, including any still in the socket's buffer.
      await new Promise((r) => setImmediate(r));
      this.abortUpTo = this.server.shellReceived;
    }
  }

  private userExpressions(exprs: Record<string, string> | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (exprs === undefined || typeof exprs !== "object") return out;
    for (const [k, src] of Object.entries(exprs)) {
      try {
        // Plain JavaScript over the cell scope (no type-check): what front ends ask for is simple.
        const value: unknown = new Function("exports", `with (exports) { return (${String(src)}); }`)(this.executor.locals);
        out[k] = { status: "ok", data: { "text/plain": this.displays.textOf(value) }, metadata: {} };
      } catch (e) {
        const err = this.executor.runtimeError(e);
        out[k] = { status: "error", ename: err.ename, evalue: err.evalue, traceback: err.traceback };
      }
    }
    return out;
  }

  private complete(c: { code: string; cursor_pos?: number }): Record<string, unknown> {
    const code = String(c.code ?? "");
    const pos = toUtf16(code, c.cursor_pos ?? codePoints(code));
    try {
      const r = this.executor.complete(code, pos);
      return { status: "ok", matches: r.candidates, cursor_start: toCodePoints(code, r.start), cursor_end: toCodePoints(code, r.end), metadata: {} };
    } catch (e) {
      this.displays.outlet.log(`completion failed: ${String(e)}`);
      return { status: "ok", matches: [], cursor_start: c.cursor_pos ?? 0, cursor_end: c.cursor_pos ?? 0, metadata: {} };
    }
  }

  private inspect(c: { code: string; cursor_pos?: number }): Record<string, unknown> {
    const code = String(c.code ?? "");
    const pos = toUtf16(code, c.cursor_pos ?? codePoints(code));
    let info: unknown;
    try {
      info = this.executor.inspect(code, pos);
      // At the very end of an identifier TypeScript may see nothing; look one character back.
      if (info === undefined && pos > 0) info = this.executor.inspect(code, pos - 1);
    } catch (e) {
      this.displays.outlet.log(`inspection failed: ${String(e)}`);
    }
    if (info === undefined || info === null) return { status: "ok", found: false, data: {}, metadata: {} };
    this.inspectQuickInfo ??= (require("tslab/dist/inspect") as { printQuickInfo: (i: unknown) => string }).printQuickInfo;
    const text = this.inspectQuickInfo(info);
    return { status: "ok", found: true, data: { "text/plain": text }, metadata: {} };
  }

  private isComplete(c: { code: string }): Record<string, unknown> {
    const r = this.executor.isComplete(String(c.code ?? ""));
    return r.status === "incomplete" ? { status: "incomplete", indent: r.indent ?? "" } : { status: r.status };
  }

  private async shutdown(req: Request, restart: boolean): Promise<void> {
    this.shuttingDown = true;
    this.runs.stopAll();
    this.displays.closeAll();
    this.server.reply(req, "shutdown_reply", { status: "ok", restart });
    // Let the idle status go out, then close the sockets and leave.
    setImmediate(() => {
      void this.server.close().then(() => this.exit(0));
    });
  }
}

/** A help request: `name?` or `?name` alone in a cell. */
const HELP = /^\s*(?:\?\s*([A-Za-z_$][\w$.]*)|([A-Za-z_$][\w$.]*)\s*\?)\s*$/;

/** Code-point offset `cp` of `s` as a UTF-16 offset (Jupyter counts code points, JavaScript UTF-16 units). */
export function toUtf16(s: string, cp: number): number {
  let i = 0;
  for (let n = 0; n < cp && i < s.length; n++) i += (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return i;
}

/** UTF-16 offset `u` of `s` in code points. */
export function toCodePoints(s: string, u: number): number {
  let n = 0;
  for (let i = 0; i < u && i < s.length; n++) i += (s.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
  return n;
}

function codePoints(s: string): number {
  return toCodePoints(s, s.length);
}
