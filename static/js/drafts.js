/* Forms that survive a dropped connection (registration and PFA contacts in the field).

   A form marked `data-draft="<name>"` is sent with fetch. Before sending, the entry is kept
   in localStorage with the form's idempotency key (a hidden field the page fills with a new
   UUID); it is forgotten only when the server has answered. An entry that could not be sent
   (offline, a network error, a server error) is sent again when the connection returns, when
   the page is opened again, and every 30 seconds. The server stores the key with what it
   created, so an entry sent twice is created once.

   A session that ended meanwhile: the server answers with the sign-in page; the entries stay
   in the browser, the worker signs in, is brought back to this page, and it sends them.
   Without JavaScript the form posts as usual. No inline scripts: the CSP forbids them. */
(function () {
  "use strict";

  var PREFIX = "rangkul.drafts.";
  var RETRY_MS = 30000;

  function uuid4() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      try { return window.crypto.randomUUID(); } catch (e) { /* not a secure context */ }
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) {
      return (b + 0x100).toString(16).slice(1);
    }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function load(name) {
    try { return JSON.parse(window.localStorage.getItem(PREFIX + name) || "[]"); } catch (e) { return []; }
  }

  function save(name, drafts) {
    try {
      if (drafts.length) { window.localStorage.setItem(PREFIX + name, JSON.stringify(drafts)); }
      else { window.localStorage.removeItem(PREFIX + name); }
    } catch (e) { /* storage full or disabled: the entry is sent now or not at all */ }
  }

  function forget(name, key) {
    save(name, load(name).filter(function (d) { return d.key !== key; }));
  }

  function keyField(form) { return form.querySelector("input[name=idempotency_key]"); }

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  function snapshot(form) {
    var fields = [], labels = {}, title = "";
    each(form.elements, function (el) {
      if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "submit" || el.type === "button" || el.type === "file") { return; }
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) { return; }
      if (el.tagName === "SELECT") {
        each(el.selectedOptions, function (option) {
          fields.push([el.name, option.value]);
          labels[el.name + "=" + option.value] = option.textContent;
          if (el.name === form.getAttribute("data-draft-title")) { title = option.textContent; }
        });
        return;
      }
      fields.push([el.name, el.value]);
      if (el.name === form.getAttribute("data-draft-title")) { title = el.value; }
    });
    return {
      key: keyField(form).value,
      fields: fields,
      labels: labels,
      title: title,
      action: form.getAttribute("action") || window.location.pathname,
      savedAt: Date.now()
    };
  }

  function restore(form, draft) {
    var values = {};
    draft.fields.forEach(function (f) { (values[f[0]] = values[f[0]] || []).push(f[1]); });
    each(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") { return; }
      var chosen = values[el.name] || [];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = chosen.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        chosen.forEach(function (value) {
          var known = Array.prototype.some.call(el.options, function (o) { return o.value === value; });
          if (!known) {
            var option = document.createElement("option");
            option.value = value;
            option.textContent = draft.labels[el.name + "=" + value] || value;
            el.appendChild(option);
          }
        });
        if (chosen.length) { el.disabled = false; }
        each(el.options, function (o) { o.selected = chosen.indexOf(o.value) !== -1; });
      } else if (el.type !== "submit" && el.type !== "button" && el.type !== "file") {
        el.value = chosen.length ? chosen[0] : "";
      }
    });
  }

  function clearErrors(form) {
    each(form.querySelectorAll("[data-draft-error]"), function (el) { el.remove(); });
  }

  function showErrors(form, errors) {
    clearErrors(form);
    Object.keys(errors || {}).forEach(function (name) {
      var field = form.querySelector("[name='" + name + "'], [name='" + name + "_1']");
      var place = field ? (field.closest(".field") || field.parentNode) : form;
      var small = document.createElement("small");
      small.className = "error";
      small.setAttribute("role", "alert");
      small.setAttribute("data-draft-error", "");
      small.textContent = errors[name].join(" ");
      place.appendChild(small);
    });
  }

  function Drafts(form) {
    this.form = form;
    this.name = form.getAttribute("data-draft");
    this.box = document.querySelector("[data-draft-status]");
    this.busy = false;
    this.sent = [];
  }

  Drafts.prototype.say = function (kind, extra) {
    if (!this.box) { return; }
    var pending = load(this.name);
    var lines = [];
    var text = this.box.getAttribute("data-text-" + kind);
    if (text) { lines.push(text + (extra ? " " + extra : "")); }
    if (pending.length && kind !== "pending") {
      lines.push(this.box.getAttribute("data-text-pending") + " " + pending.length);
    } else if (kind === "pending") {
      lines = [text + " " + pending.length];
    }
    this.box.textContent = lines.join(" · ");
    this.box.setAttribute("data-pending", String(pending.length));
    this.box.hidden = lines.length === 0;
  };

  Drafts.prototype.fresh = function () {
    this.form.reset();
    clearErrors(this.form);
    keyField(this.form).value = uuid4();
  };

  Drafts.prototype.post = function (draft) {
    var token = this.form.querySelector("input[name=csrfmiddlewaretoken]");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token ? token.value : "");
    draft.fields.forEach(function (f) { body.append(f[0], f[1]); });
    return window.fetch(draft.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Rangkul-Draft": "1", Accept: "application/json" }
    });
  };

  // Send the waiting entries one after another; stop at the first that cannot go yet.
  Drafts.prototype.flush = function () {
    var self = this;
    var drafts = load(self.name);
    if (self.busy || !drafts.length) { return; }
    if (!navigator.onLine) { self.say("offline"); return; }
    self.busy = true;
    var draft = drafts[0];
    self.post(draft).then(function (response) {
      var login = self.form.getAttribute("data-login-url");
      if (response.redirected && login && new URL(response.url).pathname === new URL(login, window.location.href).pathname) {
        self.busy = false;
        self.say("login");
        // Back to this page after signing in, where the entries are sent.
        window.location.assign(response.url);
        return null;
      }
      if (response.status === 200 || response.status === 201) {
        return response.json().then(function (body) {
          forget(self.name, draft.key);
          self.busy = false;
          if (self.form.getAttribute("data-draft-follow") !== null && load(self.name).length === 0) {
            window.location.assign(body.url);
            return;
          }
          self.sent.push(draft.title || "✓");
          self.say("sent", self.sent.join(", "));
          self.flush();
        });
      }
      if (response.status === 400) {
        return response.json().then(function (body) {
          forget(self.name, draft.key);
          self.busy = false;
          restore(self.form, draft);
          showErrors(self.form, body.errors);
          self.say("refused");
        });
      }
      self.busy = false;
      self.say("pending");
      return null;
    }).catch(function () {
      self.busy = false;
      self.say(navigator.onLine ? "pending" : "offline");
    });
  };

  Drafts.prototype.start = function () {
    var self = this, form = self.form;
    var rejected = form.getAttribute("data-draft-rejected");
    if (rejected) { forget(self.name, rejected); }
    if (!keyField(form).value) { keyField(form).value = uuid4(); }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.reportValidity()) { return; }
      var draft = snapshot(form);
      var drafts = load(self.name);
      drafts.push(draft);
      save(self.name, drafts);
      self.fresh();
      if (navigator.onLine) { self.flush(); } else { self.say("offline"); }
    });
    window.addEventListener("online", function () { self.flush(); });
    window.addEventListener("offline", function () { self.say("offline"); });
    window.setInterval(function () { self.flush(); }, RETRY_MS);
    if (load(self.name).length) { self.say("pending"); }
    self.flush();
  };

  each(document.querySelectorAll("form[data-draft]"), function (form) {
    if (!window.fetch || !window.localStorage || !keyField(form)) { return; }
    new Drafts(form).start();
  });
})();
