// The jury's review page. htmx sends the forms; this file adds the rubric's keyboard shortcuts
// (keys 0, 1, 2 and 3 in a question set its rubric and save it), saves a rubric as soon as it is
// chosen, and keeps the focus in the question its answer replaced. Every form also works without
// JavaScript (its Save button posts it and the page comes back at the question).
(function () {
  "use strict";

  var current = null;  // the question last focused or clicked

  function questionOf(element) {
    return element && element.closest ? element.closest("[data-review-question]") : null;
  }

  function typing(element) {
    if (!element) { return false; }
    if (element.isContentEditable) { return true; }
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") { return true; }
    if (tag !== "INPUT") { return false; }
    var type = (element.getAttribute("type") || "text").toLowerCase();
    return ["radio", "checkbox", "button", "submit", "reset"].indexOf(type) === -1;
  }

  function save(form) {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  document.addEventListener("focusin", function (event) {
    var question = questionOf(event.target);
    if (question) { current = question.id; }
  });
  document.addEventListener("click", function (event) {
    var question = questionOf(event.target);
    if (question) { current = question.id; }
  });

  // A rubric saves as soon as it is chosen (mouse, arrows or the shortcuts).
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field && field.hasAttribute && field.hasAttribute("data-rubric") && field.form) { save(field.form); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    if (["0", "1", "2", "3"].indexOf(event.key) === -1 || typing(event.target)) { return; }
    var question = questionOf(document.activeElement) || (current && document.getElementById(current));
    if (!question) { return; }
    var radio = question.querySelector("input[data-rubric][value='" + event.key + "']");
    if (!radio) { return; }
    event.preventDefault();
    if (radio.checked) { return; }
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // Text typed while a save was on its way is not in the answer: it is put back after the swap
  // (and saved with the next save of the question).
  var sent = {};
  var typed = null;

  function texts(question) {
    var values = {};
    Array.prototype.forEach.call(question.querySelectorAll("textarea[id], input[type=text][id]"), function (field) {
      values[field.id] = field.value;
    });
    return values;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var question = questionOf(event.detail.elt);
    if (question) { sent[question.id] = texts(question); }
  });

  // The question's block is replaced after a save: keep the focus where it was, or on the question.
  var focusedId = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var active = document.activeElement;
    focusedId = active && active.id && questionOf(active) ? active.id : null;
    typed = null;
    var target = event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute("data-review-question") && sent[target.id]) {
      var now = texts(target);
      var before = sent[target.id];
      Object.keys(now).forEach(function (id) {
        if (now[id] !== before[id]) { typed = typed || {}; typed[id] = now[id]; }
      });
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    if (!target || !target.hasAttribute || !target.hasAttribute("data-review-question")) { return; }
    if (typed) {
      Object.keys(typed).forEach(function (id) {
        var field = document.getElementById(id);
        if (field) { field.value = typed[id]; }
      });
      typed = null;
    }
    if (document.activeElement && document.activeElement !== document.body) { return; }
    var element = (focusedId && document.getElementById(focusedId)) || document.getElementById(target.id);
    if (element) { element.focus({ preventScroll: true }); }
  });
})();
