// "Copy the code" buttons: shown only when the clipboard can be written; the text stays
// selectable by hand in any case.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var source = document.getElementById(button.getAttribute("data-copy-target"));
    var status = button.parentNode.querySelector(".copy-status");
    if (!source || !navigator.clipboard || !window.isSecureContext) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.value).then(function () {
        if (status) { status.textContent = button.getAttribute("data-copied-text"); }
      }, function () {
        source.focus();
        source.select();
      });
    });
  });
});
