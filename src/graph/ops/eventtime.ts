/**
 * Builders for event time: the event-time stage and the test stream, wired into a scope.
 *
 * Both add a node whose summary is `null` (its input does not constrain its output times) and mint
 * its watermark capability at the graph's minimum once it is wired, so every frontier downstream
 * is the watermark from the start.
 */
import { failure, GraphError } from "../../runtime/failure.js";
import type { InputDriver } from "../../runtime/drivers/input-driver.js";
import type { LogicContext } from "../../runtime/logic.js";
import { ManualClock } from "../../runtime/scheduling/clock.js";
import type { NodeRuntime } from "../../runtime/node.js";
import { whenQuiet } from "../../runtime/scheduling/quiet.js";
import type { Dataflow } from "../../runtime/dataflow.js";
import { checkEventTimeOptions, EventTimeStage, type EventTimeOptions } from "../../eventtime/event-time.js";
import { idleGroupOf } from "../../eventtime/idle-group.js";
import { TestStream, TestStreamPlayer, type TestStreamStep } from "../../eventtime/test-stream.js";
import { TestStreamStage } from "../../eventtime/test-stream-stage.js";
import type { OperatorLogic } from "../../runtime/logic.js";
import { nodeName, type OpOptions, type ScopeRef } from "../build.js";

/** Adds an event-time stage fed by `source`; returns its `out` port id. */
export function addEventTime<T>(scope: ScopeRef, source: string, options: EventTimeOptions<T> & OpOptions): string {
  const o = checkEventTimeOptions(options);
  const stage = new EventTimeStage(o as EventTimeOptions<never>, idleGroupOf(scope.df));
  const node = addSource(scope, "eventTime", stage, { maxOutOfOrderness: o.maxOutOfOrderness, idleTimeout: o.idleTimeout }, options.name);
  scope.df.connect(source, `${node.name}.in`);
  stage.start(node, node.mint(startTime(scope.df, "eventTime()")));
  return `${node.name}.out`;
}

/**
 * Adds a test stream playing `source` (a script, played when the graph runs; or a player of one,
 * played when told); returns its `out` port id.
 */
export function addTestStream<T>(scope: ScopeRef, source: TestStream<T> | TestStreamPlayer<T>, options?: OpOptions): string {
  if (!(source instanceof TestStream) && !(source instanceof TestStreamPlayer)) {
    throw new TypeError(`testStream(script) needs a TestStream (TestStream.create<T>()...) or its player (script.player()), got ${String(source)}`);
  }
  const player = source instanceof TestStreamPlayer ? source : undefined;
  const script = player?.script ?? (source as TestStream<T>);
  player?.attach("testStream(player)");
  const df = scope.df;
  const name = nodeName(scope, "testStream", options?.name);
  let control: InputDriver | undefined;
  const stage = new TestStreamStage(idleGroupOf(df), (ctx) => {
    if (script.movesProcessingTime && !(ctx.clock instanceof ManualClock)) {
      throw new GraphError(`test stream "${name}": its script advances processing time, so the run needs a manual clock: g.run({ clock: new ManualClock() })`);
    }
    if (player !== undefined) {
      player.bind({
        play: (step) => playStep(df, control!, step, ctx, df.mode !== "step"),
        finish: () => {
          if (df.status === "running" && !control!.closed) control!.close();
        },
      });
      return;
    }
    void play(df, control!, script.steps, ctx).catch((e: unknown) => stage.node.report(failure(name, undefined, undefined, e)));
  });
  const node = addSource(scope, "testStream", stage, { steps: script.steps.length }, options?.name, name);
  control = df.addInput(`${name}-script`, { script: name });
  df.connect(`${control.name}.out`, `${node.name}.in`);
  stage.start(node, node.mint(startTime(df, "testStream()")));
  return `${node.name}.out`;
}

/** Feeds the steps in order; moves the manual clock only once everything before is handled. */
async function play<T>(df: Dataflow, control: InputDriver, steps: ReadonlyArray<TestStreamStep<T>>, ctx: LogicContext): Promise<void> {
  try {
    for (const step of steps) {
      if (df.status !== "running") return;
      await playStep(df, control, step, ctx, false);
    }
    if (df.status === "running") control.close();
  } catch (e) {
    if (df.status === "running") throw e;
  }
}

/**
 * Plays one step: elements, watermarks and the end go to the stage through its control input; a
 * processing-time step moves the manual clock once everything before has been handled (in step
 * mode, as a queued call). `settle`: also waits until the graph has handled the step.
 */
async function playStep<T>(df: Dataflow, control: InputDriver, step: TestStreamStep<T>, ctx: LogicContext, settle: boolean): Promise<void> {
  if (df.status !== "running") throw new GraphError(`test stream: the run has ${df.status === "idle" ? "not started" : "ended"}; no step can be played`);
  if (step.kind !== "processingTime") {
    await control.send([step]);
  } else if (df.mode === "step") {
    await df.advanceClock(step.ms, async () => void (await whenQuiet(df)));
  } else {
    await whenQuiet(df);
    (ctx.clock as ManualClock).advance(step.ms);
  }
  if (settle) await whenQuiet(df);
}


function addSource(scope: ScopeRef, kind: string, logic: OperatorLogic, meta: Record<string, unknown>, name: string | undefined, full = nodeName(scope, kind, name)): NodeRuntime {
  return scope.df.addNode({ name: full, kind, inputs: ["in"], outputs: ["out"], summary: null, body: { type: "logic", logic }, meta });
}

function startTime(df: Dataflow, what: string): number {
  const m = df.minimum;
  if (typeof m !== "number") throw new GraphError(`${what} needs integer times (event time), but this graph's times start at ${String(m)}`);
  return m;
}
