/** The operator library: each operator's logic, and the sinks (probe, capture, channel). */
export { mapLogic } from "./map.js";
export { filterLogic } from "./filter.js";
export { flatMapLogic } from "./flat-map.js";
export { inspectLogic } from "./inspect.js";
export { concatLogic } from "./concat.js";
export { Probe } from "./probe.js";
export { Capture } from "./capture.js";
export { OutputChannel } from "./channel.js";
export { TimeStash } from "./stash.js";
export { kernelLogic } from "./kernel.js";
