// 工单系统: a form marked data-submit-once is sent once; a second click while it is on its way does
// nothing (the server also makes one ticket per 创建问题 form, whatever reaches it).
document.querySelectorAll("form[data-submit-once]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    form.querySelectorAll("button[type=submit]").forEach((button) => button.setAttribute("aria-disabled", "true"));
  });
});
// Back to the page from the browser's cache: the form may be sent again.
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-submit-once]").forEach((form) => delete form.dataset.submitting);
});
