// The shared crop tool (uploads/includes/crop_dialog.html), first for 设置照片 / 更改照片 (manual
// 002 §3.2.1.2, §3.4): crop the chosen picture with Cropper.js to the box's data-crop-width ×
// data-crop-height (358×441 unless told), put the JPEG into the file input and upload it. Without
// JS the plain file input and its submit button still work, and the server refuses a picture of
// the wrong size with the rule.
(function () {
  "use strict";

  function number(value, fallback) {
    var parsed = parseInt(value, 10);
    return parsed > 0 ? parsed : fallback;
  }

  function setUp(box) {
    var WIDTH = number(box.dataset.cropWidth, 358);
    var HEIGHT = number(box.dataset.cropHeight, 441);
    var MAX_BYTES = number(box.dataset.cropMaxBytes, 1024 * 1024);
    var form = box.closest("form");
    var input = box.querySelector("input[type=file]");
    var upload = box.querySelector("[data-photo-submit]");
    var cropButton = box.querySelector("[data-photo-crop]");
    var dialog = box.querySelector("[data-crop-dialog]");
    var image = dialog && dialog.querySelector("[data-crop-image]");
    var current = box.querySelector("[data-current-photo]");
    if (!form || !input || !upload || !cropButton || !image || typeof dialog.showModal !== "function") return;
    if (typeof window.Cropper === "undefined" || typeof window.DataTransfer === "undefined") return;

    var chosen = null; // a data: URL of the chosen file (the CSP allows data: images, not blob:)
    var cropper = null;
    // Cropper.js crops nothing until its picture is loaded ("ready"): a 确定 clicked before then
    // waits for it instead of being lost.
    var ready = false;
    var waiting = false;

    function source() {
      return chosen || (current ? current.getAttribute("src") : null);
    }

    function send() {
      if (form.requestSubmit) form.requestSubmit(upload);
      else upload.click();
    }

    function close() {
      ready = waiting = false;
      if (cropper) {
        cropper.destroy();
        cropper = null;
      }
      if (dialog.open) dialog.close();
    }

    function open() {
      var url = source();
      if (!url) {
        input.click();
        return;
      }
      image.src = url;
      dialog.showModal();
      ready = waiting = false;
      cropper = new window.Cropper(image, {
        ready: function () {
          ready = true;
          if (waiting) confirm();
        },
        aspectRatio: WIDTH / HEIGHT,
        viewMode: 1,
        autoCropArea: 1,
        // Our own stored photo has no EXIF; reading it again would only cost a request.
        checkOrientation: url === chosen,
      });
    }

    function confirm() {
      if (!cropper) return;
      if (!ready) {
        waiting = true;
        return;
      }
      waiting = false;
      var canvas = cropper.getCroppedCanvas({
        width: WIDTH,
        height: HEIGHT,
        fillColor: "#fff",
        imageSmoothingQuality: "high",
      });
      canvas.toBlob(
        function (blob) {
          if (!blob) return;
          var transfer = new DataTransfer();
          transfer.items.add(new File([blob], "photo.jpg", { type: "image/jpeg" }));
          input.files = transfer.files;
          close();
          send();
        },
        "image/jpeg",
        0.9
      );
    }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      chosen = null;
      if (!file) return;
      var reader = new FileReader();
      reader.addEventListener("load", function () {
        chosen = reader.result;
        var probe = new Image();
        probe.addEventListener("load", function () {
          var fits = probe.naturalWidth === WIDTH && probe.naturalHeight === HEIGHT;
          // A photo that already meets every rule goes up as it is; any other opens the cropper.
          if (fits && file.type === "image/jpeg" && file.size <= MAX_BYTES) send();
          else open();
        });
        // A picture the browser cannot show is left to the server, which explains the rule.
        probe.src = chosen;
      });
      reader.readAsDataURL(file);
    });

    cropButton.hidden = false;
    cropButton.addEventListener("click", open);
    dialog.querySelector("[data-crop-confirm]").addEventListener("click", confirm);
    dialog.querySelector("[data-crop-cancel]").addEventListener("click", close);
    dialog.addEventListener("cancel", function () {
      if (cropper) {
        cropper.destroy();
        cropper = null;
      }
    });
  }

  document.querySelectorAll("[data-photo-upload]").forEach(setUp);
})();
