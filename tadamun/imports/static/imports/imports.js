// The progress of an import job: <div data-import-progress data-status-url="…"
// data-label="{done} of {total} rows"> holding a <progress>. The script asks the job's
// status every second and reloads the page when the work has ended, to show its result.
// Without the script the page refreshes itself (<noscript> meta refresh) and has a link.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-progress]");
  if (!box || !window.fetch) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[data-import-progress-text]");
  var label = box.getAttribute("data-label") || "{done} / {total}";
  var url = box.getAttribute("data-status-url");
  var format = new Intl.NumberFormat(document.documentElement.lang || undefined);

  function show(done, total) {
    // Several server processes may answer: never go back.
    done = Math.max(done, Number(bar.value) || 0);
    bar.max = Math.max(total, 1);
    bar.value = done;
    if (text) {
      text.textContent = label
        .replace("{done}", format.format(done))
        .replace("{total}", format.format(total));
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        show(status.done, status.total);
        if (status.working) {
          window.setTimeout(poll, 1000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }

  window.setTimeout(poll, 1000);
})();
