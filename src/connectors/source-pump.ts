/**
 * The driver of a replayable source in a graph: reads chunks and sends each as one epoch of an
 * input (chunk `e` at logical time `e`, then the input advances to `e + 1`); closes the input when
 * the source has no more.
 *
 * Invariants: the position a checkpoint records is the one after the last chunk sent, and the
 * pump never sends while a checkpoint is being taken (it waits for `df.paused` before and after
 * each read), so the recorded position and epoch match the operators' state exactly. Chunks are
 * read `batch` items at a time from a checkpointed position, so a replay cuts the same epochs as
 * the run that never stopped.
 */
import type { Dataflow } from "../runtime/dataflow.js";
import type { InputDriver } from "../runtime/drivers/input-driver.js";
import type { CheckpointParticipant } from "../checkpoint/participant.js";
import type { ReplayableSource, SourcePosition } from "./source.js";

/** What a checkpoint keeps of a source. */
interface SourceCut {
  readonly position: SourcePosition;
  readonly epoch: number;
  readonly done: boolean;
}

/** Reads `source` into `input`, `batch` items per epoch, starting at epoch `start`. */
export class SourcePump<T> implements CheckpointParticipant {
  readonly kind = "source";
  onEpoch: (() => void) | undefined;
  private position: SourcePosition;
  private epoch: number;
  private ended = false;

  /** The pump of `source` into `input` of `df`. */
  constructor(private readonly df: Dataflow, private readonly input: InputDriver, private readonly source: ReplayableSource<T>, private readonly batch: number, start: number) {
    this.position = source.start;
    this.epoch = start;
  }

  /** The node's name. */
  get name(): string {
    return this.input.name;
  }

  snapshot(): SourceCut {
    return { position: this.position, epoch: this.epoch, done: this.ended };
  }

  restore(data: unknown): void {
    if (data !== undefined) {
      const d = data as SourceCut | null;
      if (d === null || typeof d !== "object" || typeof d.epoch !== "number" || typeof d.done !== "boolean") {
        throw new TypeError(`source "${this.name}" (${this.source.description}): a checkpoint's record must be { position, epoch, done }, got ${JSON.stringify(data)}`);
      }
      this.position = d.position;
      this.epoch = d.epoch;
      this.ended = d.done;
    }
    if (!this.ended) void this.pump().catch((e: unknown) => this.df.abort(new Error(`source "${this.name}" (${this.source.description}) failed: ${(e as Error).message}`)));
  }

  private async pump(): Promise<void> {
    const df = this.df;
    while (df.status === "idle") await new Promise<void>((resolve) => setImmediate(resolve));
    const reader = this.source.open(this.position);
    try {
      for (;;) {
        if (!(await this.resumed())) return;
        const chunk = await reader.read(this.batch);
        if (!(await this.resumed())) return;
        if (chunk === undefined) {
          this.ended = true;
          this.input.close();
          return;
        }
        const sent = chunk.items.length === 0 ? undefined : this.input.send(chunk.items, this.epoch);
        this.position = chunk.position;
        this.epoch++;
        this.input.advanceTo(this.epoch);
        this.onEpoch?.();
        await sent;
      }
    } finally {
      await reader.close();
    }
  }

  /** Waits while a checkpoint is being taken; false once the run is over. */
  private async resumed(): Promise<boolean> {
    while (this.df.paused !== undefined && this.df.status === "running") await this.df.paused;
    return this.df.status === "running";
  }
}
