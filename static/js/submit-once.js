// One submission per click, on every page: a form marked data-submit-once, or sent by a button
// marked data-once (the others of its form, such as 上一步, stay free), ignores a second submit
// while the first is on its way, and its submit buttons say so (aria-disabled). The server makes
// one record per form anyway (a token or a lock); this spares the member the second request.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    if (!form.hasAttribute("data-submit-once") && !(button && button.hasAttribute("data-once"))) {
      return;
    }
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (each) {
      each.setAttribute("aria-disabled", "true");
    });
  });
  // Back to the page from the browser's cache: the form may be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("[aria-disabled]").forEach(function (each) { each.removeAttribute("aria-disabled"); });
    });
  });
})();
