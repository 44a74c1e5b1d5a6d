// The run's page while a job works on it: poll the status, move the bar, reload when it is done.
(function () {
  const box = document.getElementById("run-progress");
  if (!box) return;
  const bar = document.getElementById("run-progress-bar");
  const text = document.getElementById("run-progress-text");
  const state = document.getElementById("run-state");
  const step = document.getElementById("run-progress-step");
  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) {
        const status = await response.json();
        bar.value = status.progress;
        bar.textContent = status.progress + "%";
        text.textContent = status.processed + " / " + status.total + " 行";
        state.textContent = status.state_label;
        step.textContent = status.step;
        if (!status.working) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A network hiccup: try again at the next tick.
    }
    window.setTimeout(poll, 1500);
  }
  window.setTimeout(poll, 1000);
})();
