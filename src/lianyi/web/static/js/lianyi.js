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
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.hasAttribute("hx-post")) return;
    setLoading(1);
    form.querySelectorAll("button[type=submit], input[type=submit]").forEach(function (b) {
      window.setTimeout(function () { b.disabled = true; }, 0);
    });
  });
  // Coming back through the history cache must not leave buttons disabled.
  window.addEventListener("pageshow", function () {
    pending = 0;
    document.body.classList.remove("is-loading");
    document.querySelectorAll("button[type=submit]:disabled").forEach(function (b) {
      if (!b.hasAttribute("data-keep-disabled")) b.disabled = false;
    });
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
