/* The case form's unit picker: as the visitor types in the search box, keep only the units whose
   name holds every typed word, accents ignored ("vinh an" finds "Vĩnh An"). Without this script the
   box and its button send ?tim=… and the server narrows the list. */
(function () {
  "use strict";
  function fold(text) {
    return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function setUp(box) {
    var select = document.getElementById(box.getAttribute("data-unit-filter"));
    if (!select) { return; }
    var all = Array.prototype.slice.call(select.options).map(function (option) {
      return { option: option, key: " " + fold(option.text + " " + option.value).split(/[^a-z0-9]+/).join(" ") };
    });
    box.addEventListener("input", function () {
      var words = fold(box.value).split(/[^a-z0-9]+/).filter(Boolean);
      var chosen = select.value;
      while (select.options.length) { select.remove(0); }
      all.forEach(function (item) {
        var keep = item.option.value === "" || item.option.value === chosen ||
          words.every(function (word) { return item.key.indexOf(" " + word) !== -1; });
        if (keep) { select.add(item.option); }
      });
      select.value = chosen;
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); select.focus(); }
    });
  }
  document.querySelectorAll("[data-unit-filter]").forEach(setUp);
})();
