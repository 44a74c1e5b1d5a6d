// 全选 on a run's page: the header checkbox ticks or clears every 不在文件中 row of the page.
(function () {
  const all = document.getElementById("select-all-missing");
  const form = document.getElementById("cancel-missing");
  if (!all || !form) return;
  const boxes = () => Array.from(form.querySelectorAll('input[name="rows"]'));
  all.addEventListener("change", () => boxes().forEach((box) => { box.checked = all.checked; }));
  form.addEventListener("change", (event) => {
    if (event.target.name !== "rows") return;
    const ticked = boxes().filter((box) => box.checked).length;
    all.checked = ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  });
})();
