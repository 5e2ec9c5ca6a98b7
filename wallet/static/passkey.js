// Passkeys in the browser: register one, sign in with one, confirm an amount or a kiosk's
// sale with one. The wallet makes the options and checks every answer (wallet/passkeys.py);
// this file only carries them between the server and navigator.credentials, converting the
// base64url fields WebAuthn keeps as bytes. What a page does is named by its data attributes.
(function () {
  "use strict";

  const bytes = (text) => {
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    const raw = atob(b64 + "=".repeat((4 - b64.length % 4) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0)).buffer;
  };
  const text = (buffer) => btoa(String.fromCharCode(...new Uint8Array(buffer)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

  class Refused extends Error {}

  async function post(box, url, body) {
    let answer;
    try {
      answer = await fetch(url, {method: "POST", credentials: "same-origin",
        headers: {"X-CSRF": box.dataset.csrf, "Content-Type": "application/json"},
        body: JSON.stringify(body || {})});
    } catch (error) {
      throw new Refused(box.dataset.offline);
    }
    const json = await answer.json().catch(() => ({}));
    if (answer.status === 401) { window.location = "/accounts"; throw new Refused(""); }
    if (!answer.ok) throw new Refused(json.message || ("HTTP " + answer.status));
    return json;
  }

  async function create(box, options) {
    options.challenge = bytes(options.challenge);
    options.user.id = bytes(options.user.id);
    (options.excludeCredentials || []).forEach((c) => { c.id = bytes(c.id); });
    const credential = await ask(box, () => navigator.credentials.create({publicKey: options}));
    return {id: credential.id, rawId: text(credential.rawId), type: credential.type,
            response: {clientDataJSON: text(credential.response.clientDataJSON),
                       attestationObject: text(credential.response.attestationObject),
                       transports: credential.response.getTransports ?
                         credential.response.getTransports() : []},
            clientExtensionResults: credential.getClientExtensionResults()};
  }

  async function get(box, options) {
    options.challenge = bytes(options.challenge);
    (options.allowCredentials || []).forEach((c) => { c.id = bytes(c.id); });
    const credential = await ask(box, () => navigator.credentials.get({publicKey: options}));
    const response = credential.response;
    return {id: credential.id, rawId: text(credential.rawId), type: credential.type,
            response: {clientDataJSON: text(response.clientDataJSON),
                       authenticatorData: text(response.authenticatorData),
                       signature: text(response.signature),
                       userHandle: response.userHandle ? text(response.userHandle) : null},
            clientExtensionResults: credential.getClientExtensionResults()};
  }

  async function ask(box, call) {
    if (!window.PublicKeyCredential) throw new Refused(box.dataset.unsupported);
    try {
      return await call();
    } catch (error) {  // cancelled, timed out, or the phone could not verify the customer
      throw new Refused(box.dataset.cancelled);
    }
  }

  // Runs `work` when `trigger` fires, showing a refusal in the box's status line.
  function on(box, trigger, event, work) {
    const status = box.querySelector("[data-status]");
    trigger.addEventListener(event, async (e) => {
      e.preventDefault();
      status.hidden = true;
      box.classList.add("busy");
      try {
        await work();
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        if (error.message) { status.textContent = error.message; status.hidden = false; }
      } finally {
        box.classList.remove("busy");
      }
    });
  }

  document.querySelectorAll("[data-passkey-register]").forEach((button) => {
    const box = button.closest(".passkey-action");
    on(box, button, "click", async () => {
      const credential = await create(box, await post(box, "/passkeys/options"));
      window.location = (await post(box, "/passkeys/register", {credential})).next;
    });
  });

  document.querySelectorAll("[data-passkey-signin]").forEach((button) => {
    const box = button.closest(".passkey-action");
    on(box, button, "click", async () => {
      const credential = await get(box, await post(box, "/signin/options"));
      window.location = (await post(box, "/signin", {credential})).next;
    });
  });

  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    const base = "/confirm/" + form.dataset.confirm;
    on(form, form, "submit", async () => {
      const amount = form.elements.amount.value.replace(/[,\s]/g, "");
      const credential = await get(form, await post(form, base + "/options", {amount}));
      showCode(form, await post(form, base + "/code", {amount, credential}));
    });
  });

  function showCode(form, code) {
    const shown = document.querySelector(".confirmed");
    const offset = code.now - Date.now() / 1000;
    form.hidden = true;
    shown.hidden = false;
    document.body.classList.add("paying");
    shown.querySelector("[data-amount]").textContent = code.amount.toLocaleString("ko-KR");
    document.getElementById("qr").innerHTML = code.svg;
    const tick = () => {
      const left = Math.max(0, Math.floor(code.exp - (Date.now() / 1000 + offset)));
      document.getElementById("left").textContent = left;
      if (left > 0) return;
      document.getElementById("qr").innerHTML = "<p class='warn'>" + form.dataset.gone + "</p>";
      clearInterval(timer);
    };
    const timer = setInterval(tick, 1000);
    tick();
  }

  document.querySelectorAll("form[data-sale]").forEach((form) => {
    const base = "/sale/" + form.dataset.sale;
    on(form, form, "submit", async () => {
      const account = form.elements.account.value;
      const credential = await get(form, await post(form, base + "/options", {account}));
      const posted = await post(form, base + "/pay", {account, credential});
      form.hidden = true;
      follow(posted.ref);
    });
  });

  // Follows the sale until the kiosk's charge is settled; a lost connection only pauses it.
  function follow(ref) {
    const box = document.querySelector("[data-outcome]");
    box.hidden = false;
    const check = async () => {
      try {
        const answer = await fetch("/sale-outcome/" + ref, {credentials: "same-origin"});
        const outcome = await answer.json();
        box.dataset.state = outcome.state;
        box.querySelector("[data-title]").textContent = outcome.title;
        box.querySelector("[data-reason]").textContent = outcome.reason;
        box.querySelector(".outcome-mark").textContent =
          {approved: "✓", declined: "✕", closed: "✕"}[outcome.state] || "…";
        if (["approved", "declined", "closed"].includes(outcome.state)) return;
      } catch (error) { /* offline for a moment: ask again */ }
      setTimeout(check, 1000);
    };
    check();
  }
})();
