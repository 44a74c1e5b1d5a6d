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

  // The cropped picture as a JPEG, made at once (toDataURL) rather than in a later toBlob callback:
  // the upload follows the click with nothing left to the browser's scheduling. A few tens of KB.
  function jpegOf(canvas) {
    var prefix = "data:image/jpeg;base64,";
    var url = canvas.toDataURL("image/jpeg", 0.9);
    if (url.indexOf(prefix) !== 0) return null;
    var text = window.atob(url.slice(prefix.length));
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return new Blob([bytes], { type: "image/jpeg" });
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

    var error = dialog.querySelector("[data-crop-error]");
    var chosen = null; // a data: URL of the chosen file (the CSP allows data: images, not blob:)
    var cropper = null;
    // Cropper.js crops nothing until its picture is loaded (cropper.ready): a 确定 clicked before
    // then waits for it instead of being lost.
    var waiting = false;

    function source() {
      return chosen || (current ? current.getAttribute("src") : null);
    }

    function send() {
      if (form.requestSubmit) form.requestSubmit(upload);
      else upload.click();
    }

    function say(message) {
      if (!error) return;
      error.textContent = message;
      error.hidden = !message;
    }

    function drop() {
      waiting = false;
      if (cropper) {
        cropper.destroy();
        cropper = null;
      }
    }

    function close() {
      drop();
      if (dialog.open) dialog.close();
    }

    function open() {
      var url = source();
      if (!url) {
        input.click();
        return;
      }
      // Cropper.js ignores an image that already has a cropper: a second open starts afresh.
      drop();
      say("");
      image.src = url;
      if (!dialog.open) dialog.showModal();
      cropper = new window.Cropper(image, {
        ready: function () {
          if (waiting) confirm();
        },
        aspectRatio: WIDTH / HEIGHT,
        viewMode: 1,
        autoCropArea: 1,
        // Our own stored photo has no EXIF; reading it again would only cost a request.
        checkOrientation: url === chosen,
      });
    }

    function failed(why) {
      // Never a 确定 that does nothing: the member is told, and can choose the picture again.
      if (window.console) window.console.error("photo crop: " + why);
      say("照片裁剪失败，请点击“取消”后重新选择照片，或上传 " + WIDTH + "×" + HEIGHT + " 的 JPG 照片。");
    }

    function confirm() {
      if (!cropper) return;
      if (!cropper.ready) {
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
      if (!canvas || !canvas.width || !canvas.height) {
        failed("no canvas " + JSON.stringify(cropper.getData(true)));
        return;
      }
      var jpeg = jpegOf(canvas);
      if (!jpeg) {
        failed("no JPEG from a " + canvas.width + "×" + canvas.height + " canvas");
        return;
      }
      var transfer = new DataTransfer();
      transfer.items.add(new File([jpeg], "photo.jpg", { type: "image/jpeg" }));
      input.files = transfer.files;
      close();
      send();
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
    // Esc closes the dialog itself; the cropper goes as with 取消.
    dialog.addEventListener("cancel", drop);
  }

  document.querySelectorAll("[data-photo-upload]").forEach(setUp);
})();
