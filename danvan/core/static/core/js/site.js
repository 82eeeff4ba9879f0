/* Per-visitor touches applied in the browser, so that every cached page stays identical. */
(function () {
  "use strict";
  var THEMES = ["red", "blue", "yellow", "green"];
  var root = document.documentElement;

  function currentTheme() {
    var t = root.getAttribute("data-theme");
    return THEMES.indexOf(t) >= 0 ? t : "red";
  }

  function markPressed() {
    var t = currentTheme();
    document.querySelectorAll("[data-theme-choice]").forEach(function (btn) {
      btn.setAttribute("aria-pressed", btn.getAttribute("data-theme-choice") === t ? "true" : "false");
    });
  }

  function chooseTheme(t) {
    if (THEMES.indexOf(t) < 0) return;
    root.setAttribute("data-theme", t);
    try { localStorage.setItem("danvan-theme", t); } catch (e) { /* private mode */ }
    markPressed();
  }

  // Today's date in Asia/Ho_Chi_Minh, whatever the visitor's own time zone or the page's age.
  // Same words as the server's header_date (danvan/core/dates.py) for the page's language.
  var WEEKDAYS = root.lang === "en"
    ? ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    : ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
  function vietnamToday(now) {
    var parts = {};
    new Intl.DateTimeFormat("en-CA", {
      timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
    var y = +parts.year, m = +parts.month, d = +parts.day;
    var weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    return {
      iso: parts.year + "-" + parts.month + "-" + parts.day,
      text: WEEKDAYS[weekday] + ", " + parts.day + "/" + parts.month + "/" + parts.year
    };
  }

  function updateDate() {
    var today = vietnamToday(new Date());
    document.querySelectorAll("[data-today]").forEach(function (el) {
      el.textContent = today.text;
      el.setAttribute("datetime", today.iso);
    });
  }

  // Visit counter: report this page view, then show the numbers (the page itself is cached and
  // identical for everyone, so the numbers are fetched). A prerendered page reports when shown.
  function fillCounters(numbers) {
    document.querySelectorAll("[data-counter]").forEach(function (el) {
      var n = numbers[el.getAttribute("data-counter")];
      if (typeof n === "number") el.textContent = n.toLocaleString("vi-VN");
    });
  }
  function countVisit() {
    var counters = document.querySelector("[data-counter]");
    var showNumbers = function () {
      if (!counters) return;
      fetch("/api/v1/stats/visits/", { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (numbers) { if (numbers) fillCounters(numbers); })
        .catch(function () { /* the dashes stay */ });
    };
    // A page that is not one of the site's pages (the 404 page) says so: nothing to count.
    if (document.querySelector('meta[name="danvan-count"][content="off"]')) { showNumbers(); return; }
    fetch("/api/v1/hits/", {
      method: "POST", keepalive: true, credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ path: location.pathname, referrer: document.referrer })
    }).then(showNumbers, showNumbers);
  }
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", countVisit, { once: true });
  } else {
    document.addEventListener("DOMContentLoaded", countVisit);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-theme-choice]").forEach(function (btn) {
      btn.addEventListener("click", function () { chooseTheme(btn.getAttribute("data-theme-choice")); });
    });
    markPressed();
    updateDate();
    document.querySelectorAll("[data-print]").forEach(function (btn) {
      btn.hidden = false;
      btn.addEventListener("click", function () { window.print(); });
    });
  });
  // Another tab changed the theme: follow it.
  window.addEventListener("storage", function (e) {
    if (e.key === "danvan-theme" && e.newValue) { root.setAttribute("data-theme", e.newValue); markPressed(); }
  });
})();
