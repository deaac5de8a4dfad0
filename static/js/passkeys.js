/* Passkeys (WebAuthn): a button with data-passkey="register" or "sign-in" fetches options
   from data-options-url, asks the browser, and posts the answer to data-submit-url, which
   answers {"next": url}. Anything that fails shows the element named by
   data-passkey-error. */
(function () {
  "use strict";

  function toBuffer(text) {
    var s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) { s += "="; }
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { out[i] = bin.charCodeAt(i); }
    return out.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var s = "";
    for (var i = 0; i < bytes.length; i++) { s += String.fromCharCode(bytes[i]); }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/json" },
      body: body || "{}"
    });
  }

  function showError(button) {
    var box = document.getElementById(button.getAttribute("data-passkey-error"));
    if (box) { box.hidden = false; }
  }

  function encode(credential, registering) {
    var r = credential.response;
    var out = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toText(r.clientDataJSON) }
    };
    if (registering) {
      out.response.attestationObject = toText(r.attestationObject);
      if (r.getTransports) { out.response.transports = r.getTransports(); }
    } else {
      out.response.authenticatorData = toText(r.authenticatorData);
      out.response.signature = toText(r.signature);
      if (r.userHandle) { out.response.userHandle = toText(r.userHandle); }
    }
    return out;
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element ? event.target.closest("[data-passkey]") : null;
    if (!button) { return; }
    event.preventDefault();
    if (!window.PublicKeyCredential || !navigator.credentials) { showError(button); return; }
    var registering = button.getAttribute("data-passkey") === "register";
    post(button.getAttribute("data-options-url"))
      .then(function (response) {
        if (!response.ok) { throw new Error("options"); }
        return response.json();
      })
      .then(function (options) {
        options.challenge = toBuffer(options.challenge);
        if (registering) {
          options.user.id = toBuffer(options.user.id);
          (options.excludeCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
          return navigator.credentials.create({ publicKey: options });
        }
        (options.allowCredentials || []).forEach(function (c) { c.id = toBuffer(c.id); });
        return navigator.credentials.get({ publicKey: options });
      })
      .then(function (credential) {
        return post(button.getAttribute("data-submit-url"), JSON.stringify(encode(credential, registering)));
      })
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok || !data.next) { throw new Error("refused"); }
          window.location.assign(data.next);
        });
      })
      .catch(function () { showError(button); });
  });
})();
