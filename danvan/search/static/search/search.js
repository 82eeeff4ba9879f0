/* Search suggestions: a listbox under the search field, usable with arrow keys, Enter and Escape. */
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) return;
    var timer = null, active = -1, items = [];

    function close() {
      list.hidden = true; list.innerHTML = ""; active = -1; items = [];
      input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant");
    }
    function highlight(i) {
      items.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) input.setAttribute("aria-activedescendant", items[i].id);
    }
    function show(results) {
      close();
      if (!results.length) return;
      results.forEach(function (r, i) {
        var li = document.createElement("li");
        li.id = "suggestion-" + i; li.setAttribute("role", "option"); li.setAttribute("aria-selected", "false");
        var a = document.createElement("a"); a.href = r.url; a.textContent = r.title; a.tabIndex = -1;
        li.appendChild(a); list.appendChild(li); items.push(li);
      });
      list.hidden = false; input.setAttribute("aria-expanded", "true");
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) { if (input.value.trim() === q) show(data.results || []); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight((active - 1 + items.length) % items.length); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); window.location.href = items[active].querySelector("a").href; }
    });
    input.addEventListener("blur", function () { setTimeout(close, 200); });
  });
})();
