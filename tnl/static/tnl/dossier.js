// Autosave helpers for the dossier's axis pages. htmx sends the answer forms; this file only
// makes sure that nothing typed is lost and that a failed save says so. Every form also works
// without JavaScript (the Save button posts the form and the page comes back).
(function () {
  "use strict";

  var IGNORED = { csrfmiddlewaretoken: true, version: true };

  function answerBlock(element) {
    return element && element.closest ? element.closest("[data-answer]") : null;
  }

  // The form's fields as text, to tell whether something changed while a save was on its way.
  function snapshot(form) {
    var parts = [];
    new FormData(form).forEach(function (value, name) {
      if (!IGNORED[name]) { parts.push(name + "=" + value); }
    });
    return parts.join("&");
  }

  function values(form) {
    var result = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || IGNORED[field.name] || field.type === "submit") { return; }
      if (field.type === "checkbox" || field.type === "radio") {
        result[field.name + "\u0000" + field.value] = field.checked;
      } else {
        result[field.name] = field.value;
      }
    });
    return result;
  }

  function restore(form, saved) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.type === "checkbox" || field.type === "radio") {
        var key = field.name + "\u0000" + field.value;
        if (key in saved) { field.checked = saved[key]; }
      } else if (field.name in saved && field.value !== saved[field.name]) {
        field.value = saved[field.name];
        if (field === document.activeElement && field.setSelectionRange && field.type !== "url") {
          field.setSelectionRange(field.value.length, field.value.length);
        }
      }
    });
  }

  var carried = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var block = answerBlock(event.detail.elt);
    var form = block && block.querySelector("form");
    if (form) { block.dataset.sent = snapshot(form); }
  });

  // The response carries the values that were sent: keep anything typed since, and save it again.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    carried = null;
    if (!target || !target.matches || !target.matches("[data-answer]")) { return; }
    var form = target.querySelector("form");
    if (form && target.dataset.sent !== undefined && snapshot(form) !== target.dataset.sent) {
      carried = { id: target.id, values: values(form) };
    }
  });

  // After settling: htmx has then set up the new form, so it hears the "change" sent below.
  document.addEventListener("htmx:afterSettle", function () {
    if (!carried) { return; }
    var block = document.getElementById(carried.id);
    var form = block && block.querySelector("form");
    var saved = carried.values;
    carried = null;
    if (!form) { return; }
    restore(form, saved);
    // After a conflict nothing is saved on its own: the person chooses.
    if (!block.hasAttribute("data-conflict")) { htmx.trigger(form, "change"); }
  });

  // Typed but not saved yet: an answer block is "dirty" from the first key until its request
  // leaves (the request carries what was typed), and again after a failed save. While any
  // block is dirty or a save is on its way, leaving the page asks first.
  var inFlight = 0;

  function markDirty(block, dirty) {
    if (!block) { return; }
    if (dirty) { block.setAttribute("data-dirty", ""); } else { block.removeAttribute("data-dirty"); }
  }

  function pending() {
    return inFlight > 0 || document.querySelector("[data-answer][data-dirty]") !== null;
  }

  document.addEventListener("input", function (event) {
    var block = answerBlock(event.target);
    if (block && block.querySelector("form")) { markDirty(block, true); }
    updateCounter(event.target);
  });
  // Counted on the request itself: htmx's own "after" events fire on the field, which the swap
  // may have taken out of the page by then.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var block = answerBlock(event.detail.elt);
    if (!block) { return; }
    inFlight += 1;
    markDirty(block, false);
    event.detail.xhr.addEventListener("loadend", function () { inFlight = Math.max(0, inFlight - 1); });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!pending()) { return; }
    event.preventDefault();
    event.returnValue = "";  // older browsers need a value to ask
  });

  function failed(event) {
    var block = answerBlock(event.detail.elt);
    if (!block) { return; }
    markDirty(block, true);
    var status = block.querySelector(".autosave-status");
    if (status) { status.textContent = block.getAttribute("data-error-message"); }
  }
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:responseError", failed);

  // Live character count under long text fields: "1 234 / 10 000 characters".
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function updateCounter(field) {
    if (!field || !field.id) { return; }
    var counter = document.getElementById(field.id + "-count");
    if (!counter || !counter.hasAttribute("data-counter")) { return; }
    var limit = Number(counter.getAttribute("data-limit"));
    counter.textContent = counter.getAttribute("data-template").replace("{count}", numbers.format(field.value.length));
    counter.classList.toggle("char-count-over", field.value.length > limit);
  }
})();
