// Small progressive enhancements; every page also works without them.
document.addEventListener("click", function (e) {
  var close = e.target.closest("[data-close-dialog]");
  if (close) { e.preventDefault(); document.getElementById("dialog").close(); }
});
// A fragment loaded into the dialog opens it and moves focus to its first field.
document.addEventListener("htmx:afterSwap", function (e) {
  if (e.detail.target && e.detail.target.id === "dialog-body") {
    var d = document.getElementById("dialog");
    if (!d.open) d.showModal();
    var first = d.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  }
});
// Per-type sections of a form: show only those that apply to the chosen type.
function sbShowFor(select) {
  var form = select.form;
  form.querySelectorAll("[data-for-types]").forEach(function (el) {
    var show = el.getAttribute("data-for-types").split(" ").indexOf(select.value) >= 0;
    el.hidden = !show;
  });
}
document.addEventListener("change", function (e) { if (e.target.matches("[data-type-switch]")) sbShowFor(e.target); });
document.addEventListener("htmx:load", function (e) {
  e.detail.elt.querySelectorAll && e.detail.elt.querySelectorAll("[data-type-switch]").forEach(sbShowFor);
});
document.addEventListener("DOMContentLoaded", function () { document.querySelectorAll("[data-type-switch]").forEach(sbShowFor); });
// Keyboard users keep their place: after a fragment replaces the focused control, focus its new copy
// (for the rule arrows: the same arrow, or the other one when the rule reached the top or bottom).
var sbFocusId = null;
document.addEventListener("htmx:beforeRequest", function () {
  sbFocusId = document.activeElement && document.activeElement.id ? document.activeElement.id : null;
});
document.addEventListener("htmx:afterSettle", function () {
  if (!sbFocusId) return;
  var el = document.getElementById(sbFocusId);
  if (el && el.disabled) {
    var other = sbFocusId.indexOf("up-") === 0 ? "down-" + sbFocusId.substring(3) : "up-" + sbFocusId.substring(5);
    el = document.getElementById(other) || el;
  }
  if (el && document.activeElement !== el) el.focus();
  sbFocusId = null;
});
// A closed dialog gives focus back to what opened it.
var sbOpener = null;
document.addEventListener("htmx:beforeRequest", function (e) {
  if (e.detail.target && e.detail.target.id === "dialog-body") sbOpener = e.detail.elt;
});
document.addEventListener("DOMContentLoaded", function () {
  var d = document.getElementById("dialog");
  if (d) d.addEventListener("close", function () { if (sbOpener) sbOpener.focus(); });
});
// A request refused with an error page (a field that could not be read, a file too large) is not swapped in:
// say why at the top of its form, so that Save does not seem to do nothing.
document.addEventListener("htmx:responseError", function (e) {
  var form = e.detail.elt && e.detail.elt.closest ? e.detail.elt.closest("form") : null;
  var doc = new DOMParser().parseFromString(e.detail.xhr.responseText || "", "text/html");
  var said = Array.prototype.map.call(doc.querySelectorAll("main li, main p"), function (n) { return n.textContent.trim(); })
    .filter(function (t) { return t && t.indexOf("home page") < 0; });
  var place = form || document.querySelector("main") || document.body;
  var box = place.querySelector(".sb-request-error");
  if (!box) {
    box = document.createElement("p");
    box.className = "error sb-request-error";
    box.setAttribute("role", "alert");
    place.prepend(box);
  }
  box.textContent = said.slice(0, 4).join(" ") || "The request was refused (" + e.detail.xhr.status + ").";
});
// The page's own behaviour lives here, never in the page (its Content-Security-Policy runs no inline handler).
// A form that asks first: data-confirm is its question; data-confirm-by-state (the inbox's delete) asks
// data-confirm-new while its message is still new (its "New" pill shown), data-confirm-heard once it was heard.
// Answered "Cancel", nothing is sent (htmx included: the capture runs before it sees the submit).
document.addEventListener("submit", function (e) {
  var form = e.target;
  var question = form.dataset.confirm;
  if (form.hasAttribute("data-confirm-by-state")) {
    var item = form.closest("article");
    question = item && item.querySelector(".pill.ok") ? form.dataset.confirmNew : form.dataset.confirmHeard;
  }
  if (question && !window.confirm(question)) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}, true);
// A choice that takes effect at once (the voicemail box picker): its form is sent when it changes.
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-submit-on-change]") && e.target.form) e.target.form.submit();
});
// A secret shown once (a new API token) is selected whole on a click, to copy.
document.addEventListener("click", function (e) {
  if (e.target.matches("[data-select-on-click]")) e.target.select();
});
// Sign-up's timezone: the browser's own, when the list has it, rather than the America/Chicago offered first (a UK owner
// who did not notice the list signed up a US company: its country, how numbers are read, is the timezone's). Only on a
// page shown fresh (data-guess-timezone), never over a choice the form is shown again with.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("select[data-guess-timezone]").forEach(function (select) {
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (zone && Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) select.value = zone;
  });
});
