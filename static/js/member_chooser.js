// MemberNumbersWidget (member_center/member_chooser.py): 选择律师 / 选择律师事务所 open Wagtail's
// chooser modal for several members at once; the chosen numbers are added to the textarea, one
// per line, and the names listed under it. Delegated from the document, so the circles an
// InlinePanel adds later work too.
(function () {
  "use strict";

  function split(text) {
    var seen = {};
    return text.split(/[\n\r,，、;；\t ]+/).map(function (s) { return s.trim(); }).filter(function (s) {
      if (!s || seen[s]) { return false; }
      seen[s] = true;
      return true;
    });
  }

  function known(box) {
    if (!box._known) { box._known = JSON.parse(box.dataset.known || "{}"); }
    return box._known;
  }

  function render(box) {
    var names = known(box);
    var picked = box.querySelector("[data-member-picked]");
    var numbers = split(box.querySelector("textarea").value);
    picked.textContent = "";
    if (!numbers.length) { return; }
    picked.appendChild(document.createTextNode("已选："));
    numbers.forEach(function (number, index) {
      var span = document.createElement("span");
      span.className = "member-numbers__name";
      span.textContent = names[number] ? names[number] + "（" + number + "）" : number + "（保存时核对）";
      picked.appendChild(span);
      if (index < numbers.length - 1) { picked.appendChild(document.createTextNode("、")); }
    });
  }

  function add(box, items) {
    var textarea = box.querySelector("textarea");
    var numbers = split(textarea.value);
    items.forEach(function (item) {
      if (!item.number) { return; }
      known(box)[item.number] = item.name;
      if (numbers.indexOf(item.number) === -1) { numbers.push(item.number); }
    });
    textarea.value = numbers.join("\n");
    textarea.dispatchEvent(new Event("change", { bubbles: true }));
    render(box);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-member-chooser]");
    if (!button) { return; }
    event.preventDefault();
    var box = button.closest("[data-member-numbers]");
    window.ModalWorkflow({
      url: button.dataset.memberChooser,
      urlParams: { multiple: 1 },
      onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
      responses: {
        chosen: function (result) { add(box, Array.isArray(result) ? result : [result]); },
      },
    });
  });

  document.addEventListener("input", function (event) {
    var box = event.target.closest && event.target.closest("[data-member-numbers]");
    if (box && event.target.tagName === "TEXTAREA") { render(box); }
  });
})();
