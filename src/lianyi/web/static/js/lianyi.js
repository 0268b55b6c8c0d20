/* Lianyi page helpers. Plain ES2017, no build step; loaded with `defer` after htmx. */
(function () {
  "use strict";

  // Lets CSS hide no-JS fallbacks (.js-hide), e.g. the language switch's submit button.
  document.documentElement.classList.add("js");
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
      el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
    }
  });

  // Progress indicator: <div class="progress htmx-indicator"> in base.html; htmx adds
  // .htmx-request to the element named by hx-indicator or to <body> while a request runs.
  var pending = 0;
  function setLoading(delta) {
    pending = Math.max(0, pending + delta);
    document.body.classList.toggle("is-loading", pending > 0);
  }
  document.addEventListener("htmx:beforeRequest", function () { setLoading(1); });
  document.addEventListener("htmx:afterRequest", function () { setLoading(-1); });
  document.addEventListener("htmx:sendError", function () { setLoading(-1); });

  // Disable submit buttons while a normal (non-htmx) form posts, to avoid double records.
  // Most answers are a new page, which starts with its buttons enabled. A file download
  // (a PDF, a workbook) is not: the browser saves it and this page stays, so the buttons are
  // given back when the answer has come. The form sends a random download_token; a file
  // response hands it back in the lianyi_download cookie (lianyi/web/downloads.py).
  var DOWNLOAD_COOKIE = "lianyi_download";
  var RELEASE_AFTER_MS = 60000; // a lost answer must not leave the page unusable either
  function readCookie(name) {
    var found = null;
    document.cookie.split(";").forEach(function (part) {
      var kv = part.trim().split("=");
      if (kv[0] === name) found = decodeURIComponent(kv.slice(1).join("="));
    });
    return found;
  }
  function clearCookie(name) {
    document.cookie = name + "=; Max-Age=0; path=/; SameSite=Lax";
  }
  function newToken() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b % 36).toString(36); }).join("");
  }
  function submitButtons(form) {
    var inside = Array.prototype.slice.call(
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"));
    var outside = form.id ? Array.prototype.slice.call(document.querySelectorAll(
      'button[form="' + form.id + '"], input[type=submit][form="' + form.id + '"]')) : [];
    return inside.concat(outside);
  }
  // Only what this script disabled is enabled again (a button the page disabled stays so).
  function disable(b) {
    if (b.disabled) return;
    b.disabled = true;
    b.setAttribute("data-submit-disabled", "");
  }
  function enable(b) {
    if (!b.hasAttribute("data-submit-disabled")) return;
    b.removeAttribute("data-submit-disabled");
    b.disabled = false;
  }
  function release(form, buttons) {
    if (form.dataset.submitting !== "1") return;
    delete form.dataset.submitting;
    setLoading(-1);
    buttons.forEach(enable);
  }
  function watchForFile(form, token, buttons) {
    var started = Date.now();
    var timer = window.setInterval(function () {
      var came = readCookie(DOWNLOAD_COOKIE) === token;
      if (came) clearCookie(DOWNLOAD_COOKIE);
      if (came || Date.now() - started > RELEASE_AFTER_MS) {
        window.clearInterval(timer);
        release(form, buttons);
      }
    }, 200);
    window.addEventListener("pagehide", function () { window.clearInterval(timer); }, { once: true });
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("hx-post")) return;
    if (event.defaultPrevented) return;
    var submitter = event.submitter;
    var target = (submitter && submitter.getAttribute("formtarget")) || form.getAttribute("target");
    if (target && target !== "_self") return; // opens elsewhere: this page stays as it is
    var method = ((submitter && submitter.getAttribute("formmethod")) || form.method || "get");
    var token = null;
    if (method.toLowerCase() === "post" || form.hasAttribute("data-download")) {
      token = newToken();
      var field = form.querySelector("input[name=download_token]");
      if (!field) {
        field = document.createElement("input");
        field.type = "hidden";
        field.name = "download_token";
        form.appendChild(field);
      }
      field.value = token;
    }
    var buttons = submitButtons(form);
    form.dataset.submitting = "1";
    setLoading(1);
    // After this tick, so that the button pressed still sends its name and value.
    window.setTimeout(function () {
      buttons.forEach(disable);
    }, 0);
    if (token) watchForFile(form, token, buttons);
  });
  // Coming back through the history cache must not leave buttons disabled.
  window.addEventListener("pageshow", function () {
    pending = 0;
    document.body.classList.remove("is-loading");
    document.querySelectorAll("form[data-submitting]").forEach(function (f) {
      delete f.dataset.submitting;
    });
    document.querySelectorAll("[data-submit-disabled]").forEach(enable);
  });

  /**
   * Fill hidden inputs named lat, lng and accuracy inside formEl from the device position.
   * Location is optional: if the user refuses, the API is missing or it times out, the
   * inputs stay empty and the form still submits. Returns a Promise<boolean>.
   */
  function geolocate(formEl, options) {
    return new Promise(function (resolve) {
      if (!formEl || !("geolocation" in navigator)) { resolve(false); return; }
      var status = formEl.querySelector("[data-geo-status]");
      function field(name) { return formEl.querySelector('input[name="' + name + '"]'); }
      function set(name, value) { var el = field(name); if (el) el.value = value; }
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          set("lat", pos.coords.latitude.toFixed(6));
          set("lng", pos.coords.longitude.toFixed(6));
          set("accuracy", Math.round(pos.coords.accuracy));
          if (status) status.hidden = false;
          resolve(true);
        },
        function () { resolve(false); },
        Object.assign({ enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 }, options || {})
      );
    });
  }
  window.geolocate = geolocate;

  // Forms marked data-geolocate ask for the position once when shown.
  function wireGeolocation(root) {
    (root || document).querySelectorAll("form[data-geolocate]").forEach(function (form) {
      if (form.dataset.geoWired) return;
      form.dataset.geoWired = "1";
      geolocate(form);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wireGeolocation(document); });
  document.addEventListener("htmx:load", function (event) { wireGeolocation(event.target); });
  // Errors after a refused submit: js/form-errors.js.
})();
