// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // After a failed form submission, take keyboard and screen-reader users to the summary.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
});
