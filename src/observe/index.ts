/** Observation: the one model of a graph and its run that notebook and terminal views render from. */
export { Observer } from "./observer.js";
export type { ObserverOptions } from "./observer.js";
export { snapshotOf } from "./snapshot.js";
export { snapshotText, nodeLine } from "./text.js";
export { snapshotHtml, escapeHtml, shortValue } from "./html.js";
export { failureView, leastTime } from "./views.js";
export { Ring } from "./ring.js";
export type * from "./model.js";
export { JUPYTER_DISPLAY, INSPECT, pictureOf, dataflowBundle } from "./display.js";
export type { MimeBundle } from "./display.js";
export { probeBundle } from "./probe-view.js";
export { stateText, stateBundle } from "./state-view.js";
export { userState, waitingText } from "./user-state.js";
