/**
 * The checkpoint coordinator of one run: takes cuts (on demand, every so many ms or source epochs,
 * and a last one when the run completes), writes them to the store, tells the sinks once each is
 * durable, and restores a run from one before it starts.
 *
 * Invariants: one checkpoint at a time (asking for another meanwhile is an error); while one is
 * being taken, input senders and sources wait (`df.paused`), so the run becomes quiet; the cut and
 * the commit happen in one synchronous step, so nothing runs between them; a sink publishes only
 * what a committed checkpoint holds. A run without a store still gives its sinks one final
 * "checkpoint" when it completes (their output is published then), but keeps nothing durable.
 */
import type { Dataflow } from "../runtime/dataflow.js";
import type { RunResult } from "../runtime/run-options.js";
import type { CheckpointSummary } from "../runtime/checkpoint-status.js";
import { isQuiet, whenQuiet } from "../runtime/scheduling/quiet.js";
import type { StoredCheckpoint, CheckpointProblem } from "../state/sqlite-store.js";
import { logicOf, isStateless, participantsData, takeCut } from "./cut.js";
import type { CutRecord } from "./cut-record.js";
import type { CheckedCheckpoints } from "./options.js";
import type { CheckpointParticipant } from "./participant.js";
import { restoreCut } from "./restore-cut.js";
import { StateCopies } from "./state-copies.js";
import { InputLog } from "./input-log.js";
import { CheckpointError } from "./errors.js";
import { timeFromPlain } from "../time/plain-time.js";
import { Antichain } from "../time/antichain.js";

/** One completed checkpoint, as `exec.checkpoints` lists it. */
export interface CheckpointInfo extends CheckpointSummary {
  /** Each source's position at the cut, by node name. */
  readonly sources: Readonly<Record<string, unknown>>;
  /** From its commit until every sink had published what it covers, in ms (the run goes on meanwhile). */
  readonly publishMs: number;
  /** True for the checkpoint taken as the run completed. */
  readonly final: boolean;
}

/** Where a restored run came from. */
export interface RestoredFrom {
  /** The checkpoint's id. */
  readonly id: number;
  /** The frontier at its cut. */
  readonly frontier: string;
  /** Checkpoints found torn or corrupt and passed over (newest first), with the reason. */
  readonly skipped: readonly CheckpointProblem[];
}

/** The checkpoints of one run. */
export class Coordinator {
  /** The completed checkpoints of this run, oldest first. */
  readonly taken: CheckpointInfo[] = [];
  /** The checkpoint this run was restored from, if any. */
  restoredFrom: RestoredFrom | undefined;
  private copies: StateCopies | undefined;
  private log: InputLog | undefined;
  private busy: Promise<CheckpointInfo> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private epochs = 0;
  private recovered: Promise<void> = Promise.resolve();
  private finished: Promise<RunResult> | undefined;
  private stopCounting: (() => void) | undefined;
  /** The epochs of `every: { epochs }` came round while a checkpoint was being taken: take one once it is done. */
  private epochsDue = false;

  /** The coordinator of `df`'s run, writing to `options.store` (none: only the sinks' final publish). */
  constructor(private readonly df: Dataflow, private readonly participants: readonly CheckpointParticipant[], private readonly options: CheckedCheckpoints | undefined) {}

  /**
   * Before any node starts: restores from checkpoint `which` (or, with none, checks the store is
   * empty), starts watching the operators' state and tells every participant where it starts.
   */
  prepare(which: "latest" | number | undefined): void {
    const o = this.options;
    let record: CutRecord | undefined;
    if (o !== undefined) {
      const store = o.store;
      const held = store.checkpoints();
      if (which === undefined && held.length > 0) {
        throw new CheckpointError(`store ${store.path} already holds checkpoints ${held.map((c) => c.id).join(", ")}; pass restore: "latest" (or an id) to go on from one, or use a new store`);
      }
      const { checkpoint, problems } = store.restore(which ?? "latest");
      if (checkpoint !== undefined) {
        record = checkRecord(checkpoint);
        restoreCut(this.df, record, store, checkpoint.id);
        this.restoredFrom = { id: checkpoint.id, frontier: frontierText(record), skipped: problems };
      }
      this.log = new InputLog(this.df, store);
      if (which === undefined) this.log.forget();
      else this.log.replay(record?.logged);
      this.df.checkpointing = { store: store.path, inProgress: false, taken: 0, last: undefined, restoredFrom: this.restoredFrom === undefined ? undefined : { id: this.restoredFrom.id, frontier: this.restoredFrom.frontier } };
      this.copies = new StateCopies(store);
      for (const node of this.df.nodes.values()) {
        const logic = logicOf(node);
        if (logic?.state !== undefined && !isStateless(logic)) this.copies.add(node.name, logic.state, record === undefined);
      }
    }
    this.log ??= new InputLog(this.df, undefined);
    const steps: Array<void | Promise<void>> = [];
    for (const p of this.participants) {
      p.onEpoch = () => this.epoch();
      steps.push(p.restore(record?.participants[p.name]));
    }
    this.recovered = Promise.all(steps).then(() => undefined);
    this.recovered.catch(() => undefined);
    if (this.options?.everyEpochs !== undefined) {
      // An epoch of an input fed by hand is one advanceTo; a source's epochs are counted by its pump.
      const sources = new Set(this.participants.map((p) => p.name));
      this.stopCounting = this.df.calls.listen((c) => {
        if (c.kind === "advance" && !sources.has(c.input)) this.epoch();
      });
    }
  }

  /** Once the run started: watches for its end (the final checkpoint, closing the store) and starts the timer of `every: ms`. */
  start(): void {
    this.done().catch(() => undefined);
    const ms = this.options?.everyMs;
    if (ms === undefined) return;
    this.timer = setInterval(() => {
      if (this.busy === undefined && this.df.status === "running") this.checkpoint().catch((e: unknown) => this.failed(e));
    }, ms);
    this.timer.unref?.();
  }

  /**
   * Takes a checkpoint now: pauses inputs and sources, waits until the run is quiet, cuts, commits
   * and then lets the sinks publish. Rejects with a CheckpointError when one is already being
   * taken, when the run has no store, or when it is not running.
   */
  checkpoint(): Promise<CheckpointInfo> {
    if (this.options === undefined) return Promise.reject(new CheckpointError(`this run has no checkpoint store: run({ checkpoints: { store } }) to take checkpoints`));
    if (this.busy !== undefined) return Promise.reject(new CheckpointError(`a checkpoint is already being taken (it will be ${this.options.store.pendingId}); await it before asking for another`));
    if (this.df.status !== "running") return Promise.reject(new CheckpointError(`the run has ${this.df.status === "idle" ? "not started" : `ended (${this.df.status})`}; checkpoints are taken while it runs`));
    const p = this.take(false);
    this.busy = p;
    const clear = (): void => {
      if (this.busy !== p) return;
      this.busy = undefined;
      if (this.epochsDue) this.byEpochs();
    };
    p.then(clear, clear);
    return p;
  }

  /** `done` of a checkpointed run: the run's end, after the final checkpoint when it completed. */
  done(): Promise<RunResult> {
    return (this.finished ??= this.df.done.then(
      async (r) => {
        this.stopTimer();
        try {
          if (r.status === "completed") {
            await this.busy?.catch(() => undefined);
            await this.take(true);
          }
        } finally {
          this.close();
        }
        return r;
      },
      (e: unknown) => {
        this.close();
        throw e;
      },
    ));
  }

  private async take(final: boolean): Promise<CheckpointInfo> {
    const df = this.df;
    const begun = Date.now();
    let release!: () => void;
    df.paused = new Promise<void>((resolve) => (release = resolve));
    const status = df.checkpointing;
    if (status !== undefined) {
      status.inProgress = true;
      df.monitor?.changed("checkpoint");
    }
    try {
      await this.recovered;
      if (!final) {
        if (df.mode === "step") {
          if (!isQuiet(df)) throw new CheckpointError(`a step-mode run is checkpointed only when quiet: take steps to quiescence (exec.stepToQuiescence()) first`);
        } else {
          while (df.status === "running" && !isQuiet(df)) await whenQuiet(df);
        }
        if (df.status === "failed" || df.status === "stopped") throw new CheckpointError(`the run ${df.status} before the checkpoint could be taken`);
      }
      const completed = final || df.status === "completed";
      const store = this.options?.store;
      // Without a store only the sinks take part (their output is published as the run completes).
      const record = store !== undefined ? takeCut(df, this.participants, completed, this.log?.counts()) : participantsCut(df, this.participants, completed);
      let stored: StoredCheckpoint | undefined;
      if (store !== undefined) {
        this.copies!.write();
        stored = store.commit(record);
        this.log?.prune((store.checkpoints()[0]?.details as CutRecord | undefined)?.logged);
      }
      const committed = Date.now();
      df.paused = undefined;
      release();
      await Promise.all(this.participants.map((p) => p.committed?.(record.participants[p.name])));
      const info: CheckpointInfo = {
        id: stored?.id ?? 0,
        at: stored?.at ?? Date.now(),
        frontier: frontierText(record),
        sources: Object.fromEntries(this.participants.filter((p) => p.kind === "source").map((p) => [p.name, record.participants[p.name]])),
        keys: stored?.keys ?? 0,
        bytes: stored?.bytes ?? 0,
        durationMs: committed - begun,
        publishMs: Date.now() - committed,
        final,
      };
      if (stored !== undefined) {
        this.taken.push(info);
        if (status !== undefined) {
          status.taken++;
          status.last = { id: info.id, at: info.at, frontier: info.frontier, keys: info.keys, bytes: info.bytes, durationMs: info.durationMs };
        }
      }
      return info;
    } finally {
      if (status !== undefined) {
        status.inProgress = false;
        df.monitor?.changed("checkpoint");
      }
      if (df.paused !== undefined) {
        df.paused = undefined;
        release();
      }
    }
  }

  private epoch(): void {
    const n = this.options?.everyEpochs;
    if (n === undefined || ++this.epochs < n) return;
    this.epochs = 0;
    this.byEpochs();
  }

  /** Takes the checkpoint `every: { epochs }` asks for, or once the one being taken is done. */
  private byEpochs(): void {
    this.epochsDue = this.busy !== undefined;
    if (!this.epochsDue && this.df.status === "running") this.checkpoint().catch((e: unknown) => this.failed(e));
  }

  /** A checkpoint taken by the run itself failed: the run fails with that error (as Flink's does by default). */
  private failed(e: unknown): void {
    if (this.df.status !== "running") return;
    this.df.abort(e instanceof Error ? e : new Error(String(e)));
  }

  /** Stops taking checkpoints by itself (the `every` timer and the epoch count). */
  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.stopCounting?.();
    this.stopCounting = undefined;
  }

  private close(): void {
    this.stopTimer();
    this.log?.close();
    this.copies?.stop();
    if (this.options?.owned === true) this.options.store.close();
  }
}

/** The record of a run without a store: the participants' data alone. */
function participantsCut(df: Dataflow, participants: readonly CheckpointParticipant[], completed: boolean): CutRecord {
  return { format: 1, graph: df.name, clock: df.clock.now(), frontier: [], nodes: [], inputs: [], logged: {}, participants: participantsData(participants), completed };
}

/** The stored details of `c` as a cut record; a CheckpointError when they are not one. */
function checkRecord(c: StoredCheckpoint): CutRecord {
  const r = c.details as CutRecord | null;
  if (r === null || typeof r !== "object" || r.format !== 1 || !Array.isArray(r.nodes) || !Array.isArray(r.inputs)) {
    throw new CheckpointError(`checkpoint ${c.id} was not written by a checkpointed run (its record has no nodes and inputs)`);
  }
  return r;
}

/** The frontier at `r`'s cut, printed as every view prints a frontier. */
function frontierText(r: CutRecord): string {
  return Antichain.from(r.frontier.map(timeFromPlain)).toString();
}
