// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Ticking "精确匹配" re-runs the search at once.
  document.querySelectorAll("input.autosubmit").forEach(function (box) {
    box.addEventListener("change", function () {
      if (box.form) { box.form.requestSubmit ? box.form.requestSubmit() : box.form.submit(); }
    });
  });
  // "/" focuses the search box, as on most search sites.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) { return; }
    var q = document.querySelector("input[name=q]");
    if (q) { e.preventDefault(); q.focus(); q.select(); }
  });
})();
