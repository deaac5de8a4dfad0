/* The dependent region picker (province -> regency/city -> district -> village).
   Choosing a level loads the regions under it into the next select and clears the deeper
   ones. No inline scripts: the CSP forbids them. */
(function () {
  "use strict";

  function selects(picker) {
    return Array.prototype.slice.call(picker.querySelectorAll("select[data-region-level]"));
  }

  function clear(select) {
    while (select.options.length > 1) { select.remove(1); }
    select.value = "";
    select.disabled = true;
  }

  function fill(select, regions) {
    clear(select);
    regions.forEach(function (region) {
      var option = document.createElement("option");
      option.value = region.code;
      option.textContent = region.name;
      select.appendChild(option);
    });
    select.disabled = regions.length === 0;
  }

  function load(picker, level, parent) {
    var all = selects(picker);
    all.slice(level).forEach(clear);
    if (!parent || level >= all.length) { return Promise.resolve(); }
    var url = picker.getAttribute("data-children-url") + "?parent=" + encodeURIComponent(parent);
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { regions: [] }; })
      .then(function (body) { fill(all[level], body.regions || []); })
      .catch(function () { /* offline: the deeper level stays empty until the next choice */ });
  }

  document.querySelectorAll("[data-region-picker]").forEach(function (picker) {
    selects(picker).forEach(function (select) {
      select.addEventListener("change", function () {
        load(picker, Number(select.getAttribute("data-region-level")), select.value);
      });
    });
  });
})();
