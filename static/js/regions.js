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

  function initialValue(select) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].defaultSelected) { return select.options[i].value; }
    }
    return select.options.length ? select.options[0].value : "";
  }

  document.querySelectorAll("[data-region-picker]").forEach(function (picker) {
    var all = selects(picker);
    all.forEach(function (select) {
      select.addEventListener("change", function () {
        load(picker, Number(select.getAttribute("data-region-level")), select.value);
      });
    });
    // On a slow phone the page can be used before this script runs: a level chosen then
    // loads its children now, as if it had just been chosen.
    var changed = all.filter(function (select) { return select.value !== initialValue(select); })[0];
    if (changed) {
      load(picker, Number(changed.getAttribute("data-region-level")), changed.value);
    }
  });
})();
