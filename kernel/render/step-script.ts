/**
 * The script of the step panels' buttons. It runs in the browser when the front end runs scripts
 * of an output (the classic Notebook does for trusted outputs — those made in the current
 * session); the first run installs, once per page, a click handler for every step button on the
 * page and an observer that reveals the buttons of panels that appear later (a live view's
 * updates replace its HTML). A press opens, once per view, a comm to {@link STEP_TARGET} with
 * `{ view }` and sends `{ action, view }`; the kernel steps the run, the live view updates itself
 * through `update_display_data`, and the answer's message shows beside the buttons.
 *
 * The kernel is found through the classic Notebook's `Jupyter.notebook.kernel.comm_manager`, else
 * through a JupyterLab-style application object (`window.jupyterapp` / `window.jupyterlab`, there
 * when the server exposes it) and its current notebook's `sessionContext.session.kernel`.
 * Where neither is reachable the buttons stay hidden and the panel's hint gives the code to type.
 * The script is fixed ES5 text: views differ only in their `data-step-view` attribute.
 */

/** The comm target the kernel answers for step requests. */
export const STEP_TARGET = "streamweave.step";

/** True for a string usable as a view id in the panel's attributes (display ids are hex). */
export function isViewId(id: string): boolean {
  return /^[A-Za-z0-9_-]{1,64}$/.test(id);
}

/** The script every step panel with buttons carries (the same text for every view). */
export function stepScript(): string {
  return SCRIPT;
}

const SCRIPT = `(function () {
  var sw = window.__streamweaveStep;
  if (!sw) {
    sw = window.__streamweaveStep = { comms: {}, pending: {} };
    var panels = function (view) { return document.querySelectorAll('.sw-steps[data-step-view="' + view + '"]'); };
    var each = function (view, sel, fn) { var r = panels(view); for (var i = 0; i < r.length; i++) { var x = r[i].querySelectorAll(sel); for (var j = 0; j < x.length; j++) fn(x[j]); } };
    var status = function (view, text, error) { each(view, ".sw-step-status", function (s) { s.textContent = text; s.style.color = error ? "#dc2626" : ""; s.style.opacity = error ? "1" : ""; }); };
    var busy = function (view, on) { each(view, "button[data-action]", function (b) { b.disabled = on; b.style.opacity = on ? "0.5" : ""; }); };
    sw.kernel = function () {
      var J = window.Jupyter, k = J && J.notebook && J.notebook.kernel;
      if (k && k.comm_manager) return { classic: true, k: k };
      var app = window.jupyterapp || window.jupyterlab, w = app && app.shell && app.shell.currentWidget;
      var lk = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
      if (lk && typeof lk.createComm === "function") return { classic: false, k: lk };
      return null;
    };
    var reply = function (view, data) {
      delete sw.pending[view];
      busy(view, false);
      if (!data) return;
      var one = data.ok && data.action === "step" && data.summaries && data.summaries.length === 1;
      status(view, one ? "took step " + data.steps : data.ok ? data.message : data.error, !data.ok);
    };
    var closed = function (view) {
      delete sw.comms[view];
      busy(view, false);
      if (sw.pending[view]) status(view, "the kernel closed the connection (restarted?): press again", true);
      delete sw.pending[view];
    };
    var comm = function (view) {
      if (sw.comms[view]) return sw.comms[view];
      var kk = sw.kernel(), c;
      if (!kk) return null;
      if (kk.classic) {
        var cc = kk.k.comm_manager.new_comm("${STEP_TARGET}", { view: view });
        cc.on_msg(function (m) { reply(view, m.content.data); });
        cc.on_close(function () { closed(view); });
        c = { send: function (d) { cc.send(d); } };
      } else {
        var lc = kk.k.createComm("${STEP_TARGET}");
        lc.onMsg = function (m) { reply(view, m.content.data); };
        lc.onClose = function () { closed(view); };
        lc.open({ view: view });
        c = { send: function (d) { lc.send(d); } };
      }
      sw.comms[view] = c;
      return c;
    };
    sw.press = function (view, action) {
      var c = null;
      try { c = comm(view); } catch (e) { status(view, "cannot reach the kernel: " + e, true); return; }
      if (!c) { status(view, "cannot reach the kernel here: step from a cell", true); return; }
      busy(view, true);
      sw.pending[view] = true;
      status(view, action === "step" ? "stepping\\u2026" : "stepping to quiescence\\u2026", false);
      try { c.send({ action: action, view: view }); } catch (e) { delete sw.pending[view]; busy(view, false); status(view, String(e), true); }
    };
    sw.reveal = function () {
      if (!sw.kernel()) return;
      var x = document.querySelectorAll(".sw-steps[data-step-view] .sw-step-controls[hidden]");
      for (var i = 0; i < x.length; i++) { x[i].hidden = false; x[i].style.display = "flex"; }
    };
    document.addEventListener("click", function (ev) {
      var b = ev.target && ev.target.closest ? ev.target.closest(".sw-step-button[data-action]") : null;
      var root = b && b.closest(".sw-steps[data-step-view]");
      if (!root) return;
      ev.preventDefault();
      sw.press(root.getAttribute("data-step-view"), b.getAttribute("data-action"));
    });
    if (window.MutationObserver) new MutationObserver(function () { sw.reveal(); }).observe(document.body, { childList: true, subtree: true });
  }
  sw.reveal();
  setTimeout(sw.reveal, 0);
})();`;
