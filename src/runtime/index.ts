/** The runtime: nodes, capabilities, item loops and the live dataflow here; drivers/ (how nodes run), scheduling/ (what paces a run), topology/ (ports, edge queues, wiring). */
export { Dataflow } from "./dataflow.js";
export type { RunOptions, RunResult, RunStatus } from "./run-options.js";
export type { StepRecord, StepBatchView, StepCallView, StepCapabilityView, StepFrontierView, StepNoticeView } from "./step-record.js";
export { Capability } from "./capability.js";
export { NodeFailureError, GraphError, InputClosedError, TimeError, describeFailure } from "./failure.js";
export type { Failure } from "./failure.js";
export { MODES } from "./node-spec.js";
export type { Mode, NodeSpec, NodeBody, NodeStats } from "./node-spec.js";
export { Chaos, seededRandom } from "./scheduling/chaos.js";
export type { ChaosOptions } from "./scheduling/chaos.js";
export type { StepRun } from "./drivers/stepper.js";
export type { Batch } from "./batch.js";
export type { NodeContext, InputEvent, DataEvent, FrontierEvent, OutputHandle, SendOptions } from "./context.js";
export type { OperatorLogic, LogicContext, RestoreContext } from "./logic.js";
export { RealClock, ManualClock } from "./scheduling/clock.js";
export type { Clock, ClockTimer } from "./scheduling/clock.js";
export type { CheckpointStatus, CheckpointSummary } from "./checkpoint-status.js";
export { editDistance } from "./topology/names.js";
