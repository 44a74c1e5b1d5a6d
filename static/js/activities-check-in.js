// 签到 on a phone: the camera reads the member's QR code where the browser can (BarcodeDetector),
// fills in the 签到码 and sends the form. A QR code holds this page's address with ?code=…, so
// a phone's own camera app opens the page with the person found, too. Typing the code always works.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-check-in-form]");
  const button = document.querySelector("[data-check-in-scan]");
  const video = document.querySelector("[data-check-in-video]");
  const status = document.querySelector("[data-check-in-status]");
  const input = document.querySelector("[data-check-in-code]");
  if (!form || !button || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  button.hidden = false;
  button.addEventListener("click", async () => {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (error) {
      status.textContent = "无法打开摄像头，请输入签到码。";
      return;
    }
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    status.textContent = "请将二维码对准摄像头……";
    const scan = async () => {
      const codes = await detector.detect(video).catch(() => []);
      if (codes.length) {
        stream.getTracks().forEach((track) => track.stop());
        input.value = codes[0].rawValue;
        form.requestSubmit(form.querySelector("button[value=in]"));
        return;
      }
      requestAnimationFrame(scan);
    };
    scan();
  });
});
