// The pay screen: show one pre-signed code at a time, move to the next before it expires,
// and fetch a new batch while one or more are still good, so a short loss of signal
// does not stop a payment. The codes arrive as QR drawings only; the page never holds
// them as text. Once a kiosk has taken the code shown, the page says so instead of
// showing a spent code, until the customer asks for the next one.
(function () {
  "use strict";
  const SHOW_S = 50;      // each code is shown at most this long
  const MARGIN_S = 10;    // ...and never in its last ten seconds
  const pay = document.querySelector(".pay");
  const qr = document.getElementById("qr");
  const left = document.getElementById("left");
  const meter = document.getElementById("meter");
  const status = document.getElementById("status");
  const used = document.getElementById("used");
  const shown = [qr, left.parentElement, meter.parentElement,  // what is for the camera
                 ...pay.querySelectorAll(".hint, .note")];
  let codes = [];         // [{svg, exp}] on the wallet's clock
  let offset = 0;         // the wallet's clock minus this phone's
  let shownAt = 0;
  let fetching = false;
  let asking = false;

  const now = () => Date.now() / 1000 + offset;

  async function fetchBatch() {
    if (fetching) return;
    fetching = true;
    try {
      const answer = await fetch("/pay/" + pay.dataset.ref + "/codes", {
        method: "POST", headers: {"X-CSRF": pay.dataset.csrf}, credentials: "same-origin"});
      if (answer.status === 401) { window.location = "/accounts"; return; }
      if (!answer.ok) throw new Error("HTTP " + answer.status);
      const batch = await answer.json();
      offset = batch.now - Date.now() / 1000;
      codes = batch.codes;
      shownAt = 0;
      status.hidden = true;
      show();
    } catch (error) {
      if (codes.length) { status.textContent = pay.dataset.offline; status.hidden = false; }
    } finally {
      fetching = false;
    }
  }

  function show() {
    while (codes.length && codes[0].exp - MARGIN_S <= now()) { codes.shift(); shownAt = 0; }
    if (!codes.length) {
      qr.innerHTML = "";
      status.textContent = pay.dataset.gone;
      status.hidden = false;
      return;
    }
    if (!shownAt) { qr.innerHTML = codes[0].svg; shownAt = now(); }
    const until = Math.min(shownAt + SHOW_S, codes[0].exp - MARGIN_S);
    const remaining = Math.max(0, Math.ceil(until - now()));
    left.textContent = remaining;
    meter.style.width = (100 * remaining / SHOW_S) + "%";
    if (remaining === 0) { codes.shift(); shownAt = 0; show(); }
  }

  async function askUsed() {
    if (asking || !codes.length || !used.hidden) return;
    asking = true;
    const id = codes[0].id;
    try {
      const answer = await fetch("/pay/" + pay.dataset.ref + "/used?id=" +
                                 encodeURIComponent(id), {credentials: "same-origin"});
      if (answer.ok && (await answer.json()).used && codes.length && codes[0].id === id) {
        codes.shift();
        shownAt = 0;
        shown.forEach(function (part) { part.hidden = true; });
        used.hidden = false;
      }
    } catch (error) {
      // No signal: the code stays shown; the kiosk says whether it took it.
    } finally {
      asking = false;
    }
  }

  document.getElementById("next").addEventListener("click", function () {
    used.hidden = true;
    shown.forEach(function (part) { part.hidden = false; });
    show();
  });

  setInterval(function () {
    if (!used.hidden) return;
    show();
    if (codes.length < 2) fetchBatch();
    askUsed();
  }, 1000);
  fetchBatch();
})();
