// The job pages of files built in the task queue (core/templates/core/exports, decision 0024).
// Without this script the page offers a reload link. With it, the part marked data-export-poll is
// fetched again every few seconds and swapped in place (its status line is a polite live region), until
// the job is finished and the fresh part no longer asks to be polled: no page reload, no timed refresh.
(function () {
  "use strict";
  var region = document.querySelector("[data-export-poll]");
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(region.getAttribute("data-export-poll"), 10) || 2;
  function poll() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(response.status);
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-export-region]");
        if (!fresh) {
          return;
        }
        region.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-export-poll")) {
          window.setTimeout(poll, seconds * 1000);
        } else {
          region.removeAttribute("data-export-poll");
        }
      })
      .catch(function () {
        window.setTimeout(poll, seconds * 5000); // the server is busy or restarting: ask less often
      });
  }
  window.setTimeout(poll, seconds * 1000);
})();
