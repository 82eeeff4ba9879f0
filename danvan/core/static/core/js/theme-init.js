/* Runs before first paint: apply the theme this browser chose earlier. Kept tiny and blocking. */
(function () {
  try {
    var t = localStorage.getItem("danvan-theme");
    if (t === "red" || t === "blue" || t === "yellow" || t === "green") {
      document.documentElement.setAttribute("data-theme", t);
    }
  } catch (e) { /* storage disabled: the default theme stays */ }
})();
