// Small behaviours that need no framework. No inline scripts: the CSP forbids them.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form && el.form.requestSubmit(); });
  });
});
