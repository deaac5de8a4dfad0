/* Rangkul's page behaviour: quick exit, confirmation dialogs, tables that read as cards.
   One file, no inline scripts (the CSP forbids them), nothing needed for a page to work. */
(function () {
  "use strict";

  /* ---- Quick exit -------------------------------------------------------------------- */
  // Forget what this page holds, then replace it (no new history entry) with the outside site.
  function clearTraces() {
    document.querySelectorAll("form").forEach(function (form) {
      form.reset();
      form.querySelectorAll("textarea, input[type=text], input[type=search]").forEach(function (el) {
        el.value = "";
        el.defaultValue = "";
      });
    });
    try { window.sessionStorage.clear(); } catch (e) { /* storage may be disabled */ }
    try {
      Object.keys(window.localStorage).forEach(function (key) {
        if (key.indexOf("rangkul") === 0) { window.localStorage.removeItem(key); }
      });
    } catch (e) { /* storage may be disabled */ }
  }

  function exitTo(url) {
    clearTraces();
    document.body.hidden = true;
    window.location.replace(url);
  }

  var exitUrl = document.body.getAttribute("data-quick-exit-url");
  if (exitUrl) {
    document.querySelectorAll("[data-quick-exit]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        exitTo(exitUrl);
      });
    });
    document.querySelectorAll("form[data-exit-logout]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var body = new FormData(form);
        clearTraces();
        document.body.hidden = true;
        var leave = function () { window.location.replace(exitUrl); };
        window.fetch(form.action, {
          method: "POST", body: body, credentials: "same-origin", redirect: "manual",
        }).then(leave, leave);
      });
    });
    // Esc three times within two seconds.
    var presses = [];
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var now = Date.now();
      presses = presses.filter(function (t) { return now - t < 2000; });
      presses.push(now);
      if (presses.length >= 3) { exitTo(exitUrl); }
    });
  }

  /* ---- Confirmation before destructive actions ---------------------------------------- */
  // <form data-confirm="What will happen" data-confirm-action="Withdraw"> asks first.
  var dialog = document.getElementById("confirm-dialog");
  if (dialog && typeof dialog.showModal === "function") {
    var pending = null;
    var okButton = dialog.querySelector("[value=confirm]");
    var cancelButton = dialog.querySelector("[value=cancel]");
    var defaultOk = okButton.textContent;
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) { return; }
      if (form.dataset.confirmed === "yes") { delete form.dataset.confirmed; return; }
      event.preventDefault();
      event.stopPropagation();
      pending = { form: form, submitter: event.submitter || null };
      document.getElementById("confirm-text").textContent = form.getAttribute("data-confirm");
      okButton.textContent = form.getAttribute("data-confirm-action") || defaultOk;
      dialog.showModal();
      cancelButton.focus();
    }, true);
    okButton.addEventListener("click", function () {
      dialog.close();
      if (!pending) { return; }
      var form = pending.form;
      form.dataset.confirmed = "yes";
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit(pending.submitter);
      } else {
        form.submit();
      }
      pending = null;
    });
    cancelButton.addEventListener("click", function () {
      dialog.close();
      var form = pending && pending.form;
      pending = null;
      var again = form && (form.querySelector("[type=submit]") || form);
      if (again && again.focus) { again.focus(); }
    });
  }

  /* ---- Tables that become cards on a phone --------------------------------------------- */
  // Each cell learns its column's name, so that below 600 px a row reads as a small card.
  function stackTables(root) {
    root.querySelectorAll("main table:not(.stacked):not(.keep-table)").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (heads.length < 3) { return; }  // two columns read well as they are
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.prototype.forEach.call(row.children, function (cell, i) {
          if (!cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heads[i] || ""); }
        });
      });
      table.classList.add("stacked");
    });
  }
  // A table that still scrolls sideways must be reachable by keyboard (WCAG 2.1.1).
  function focusableScrollers(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1 && !wrap.hasAttribute("tabindex")) {
        var caption = wrap.querySelector("caption, th");
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      }
    });
  }
  stackTables(document);
  focusableScrollers(document);
  document.body.addEventListener("htmx:afterSettle", function () {
    stackTables(document);
    focusableScrollers(document);
  });
})();
