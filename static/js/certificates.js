// Progressive enhancement for the certificate pages; everything works without it.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // 选择证明: show the chosen type's sample beside the list (PC).
  var panel = document.querySelector("[data-sample-panel]");
  function showSample(radio) {
    if (!panel || !radio) return;
    var source = document.getElementById(radio.getAttribute("data-sample"));
    var certificate = source && source.querySelector(".certificate");
    if (!certificate) return;
    panel.replaceChildren(panel.querySelector("h3"), certificate.cloneNode(true));
  }
  document.querySelectorAll("input[data-sample]").forEach(function (radio) {
    radio.addEventListener("change", function () { showSample(radio); });
    radio.closest(".cert-type").addEventListener("mouseenter", function () { showSample(radio); });
    if (radio.checked) showSample(radio);
  });

  // 选择律师: search by name, 全选, 已选择 count, 保存 closes the picker.
  document.querySelectorAll("[data-lawyer-picker]").forEach(function (picker) {
    var boxes = Array.prototype.slice.call(picker.querySelectorAll("tbody input[type=checkbox]"));
    var all = picker.querySelector("[data-select-all]");
    function visibleRows() {
      return Array.prototype.slice.call(picker.querySelectorAll("[data-lawyer-row]")).filter(function (row) { return !row.hidden; });
    }
    function update() {
      var count = boxes.filter(function (box) { return box.checked; }).length;
      picker.querySelectorAll("[data-picked-count-inline]").forEach(function (el) { el.textContent = count; });
      picker.querySelectorAll("[data-picked-count]").forEach(function (el) { el.textContent = count ? "已选择 " + count + " 人" : ""; });
      // The chosen names stay in view once the picker is closed, not only their number.
      picker.parentNode.querySelectorAll("[data-picked-names]").forEach(function (el) {
        el.textContent = "";
        boxes.filter(function (box) { return box.checked; }).forEach(function (box) {
          var name = document.createElement("span");
          name.textContent = box.closest("[data-lawyer-row]").getAttribute("data-name");
          el.appendChild(name);
        });
      });
      if (all) {
        var rows = visibleRows();
        all.checked = rows.length > 0 && rows.every(function (row) { return row.querySelector("input").checked; });
      }
    }
    boxes.forEach(function (box) { box.addEventListener("change", update); });
    var search = picker.querySelector("[data-lawyer-search]");
    if (search) {
      search.addEventListener("input", function () {
        var term = search.value.trim();
        picker.querySelectorAll("[data-lawyer-row]").forEach(function (row) {
          row.hidden = term !== "" && row.getAttribute("data-name").indexOf(term) === -1;
        });
        update();
      });
    }
    if (all) {
      all.addEventListener("change", function () {
        visibleRows().forEach(function (row) { row.querySelector("input").checked = all.checked; });
        update();
      });
    }
    var save = picker.querySelector("[data-picker-save]");
    if (save) save.addEventListener("click", function () { picker.open = false; picker.querySelector("summary").focus(); });
    update();
  });

  // 纸质证明: show 申请数量/领取方式 only when 需要; 收件信息 only when 邮寄.
  var paper = document.querySelector("[data-paper-fields]");
  if (paper) {
    var form = paper.closest("form");
    var mail = paper.querySelector("[data-mail-fields]");
    var sync = function () {
      var needed = form.querySelector("input[name$='paper_needed']:checked");
      var delivery = form.querySelector("input[name$='paper_delivery']:checked");
      paper.hidden = !(needed && needed.value === "1");
      mail.hidden = !(delivery && delivery.value === "mail");
    };
    form.addEventListener("change", sync);
    sync();
  }

  // 备注说明 0/100 counter.
  document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!field) return;
    var out = counter.querySelector("[data-count]");
    var sync = function () { out.textContent = field.value.length; };
    field.addEventListener("input", sync);
    sync();
  });
})();
