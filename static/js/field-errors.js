// A field's error goes away once the person changes that field, so a fixed field no longer
// reads as wrong while the rest of the form still does. The server checks everything again.
document.addEventListener("DOMContentLoaded", () => {
  const clear = (event) => {
    const field = event.target.closest(".mc-field.has-error");
    if (!field) return;
    field.classList.remove("has-error");
    field.querySelectorAll(".mc-error").forEach((error) => error.remove());
    field.querySelectorAll("[aria-invalid]").forEach((control) => control.removeAttribute("aria-invalid"));
  };
  document.addEventListener("input", clear);
  document.addEventListener("change", clear);
});
