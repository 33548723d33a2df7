// A job's progress bar: polls the job's state until it is finished, then shows the report.
(function () {
  "use strict";
  var box = document.querySelector("[data-job-progress]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-progress-text]");
  var delay = 500;

  function show(state) {
    bar.value = state.percent;
    bar.textContent = state.percent + " %";
    if (text.textContent !== state.label) { text.textContent = state.label; }
  }

  function poll() {
    fetch(box.getAttribute("data-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (state) {
        show(state);
        if (state.finished) {
          window.location.reload();  // the report is written by the server, in the reader's language
          return;
        }
        delay = 700;
        window.setTimeout(poll, delay);
      })
      .catch(function () {
        delay = Math.min(delay * 2, 10000);  // the server is busy or restarting: try again, more slowly
        window.setTimeout(poll, delay);
      });
  }

  window.setTimeout(poll, delay);
})();
