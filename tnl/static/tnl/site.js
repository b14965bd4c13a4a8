// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // After a failed form submission, take keyboard and screen-reader users to the summary.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }

  // The logged-in menu: a button shows or hides it on narrow screens.
  var toggle = document.querySelector(".menu-toggle");
  var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && menu) {
    document.documentElement.classList.add("has-menu-toggle");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      menu.classList.toggle("open", open);
    });
  }

  // Narrow screens show each table row as a card: label every cell with its column header.
  document.querySelectorAll("main table.table").forEach(function (table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (cell.tagName === "TD" && headers[index] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", headers[index]);
        }
      });
    });
  });
});
