/* The scanner page: camera scanning (the browser's BarcodeDetector, else the vendored jsQR)
 * and manual entry both post to the same URL with a fresh client nonce per scan; a scan whose
 * answer was lost to the network is sent again with the same nonce, so it is not counted twice.
 * Plain ES2017, no build step. */
(function () {
  "use strict";

  var root = document.querySelector("[data-scanner]");
  var form = document.getElementById("manual-form");
  if (!root || !form) return;

  var RETRIES = 2;
  var SAME_CODE_PAUSE_MS = 4000;
  var csrf = (form.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

  function newNonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function replace(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    ["scan-result", "checkin-counts"].forEach(function (id) {
      var fresh = doc.getElementById(id);
      var current = document.getElementById(id);
      if (fresh && current) current.replaceWith(fresh);
    });
    var shown = document.getElementById("scan-result");
    if (shown) {
      shown.classList.add("is-new");
      // The answer is what the person at the door looks at: bring it into view.
      if (shown.scrollIntoView) shown.scrollIntoView({ block: "start" });
      var answer = shown.getAttribute("data-answer");
      if (navigator.vibrate) navigator.vibrate(answer === "admitted" ? 80 : [60, 60, 60]);
    }
  }

  function showFailure() {
    var box = document.getElementById("scan-result");
    if (!box) return;
    box.className = "scan-result scan-result--error is-new";
    box.setAttribute("data-answer", "network");
    box.innerHTML = "";
    var title = document.createElement("p");
    title.className = "scan-result__title";
    title.textContent = root.getAttribute("data-network-error") || "";
    box.appendChild(title);
  }

  var busy = false;
  function send(fields) {
    var data = new FormData(form);
    ["token", "mobile_tail", "surname"].forEach(function (name) { data.delete(name); });
    Object.keys(fields).forEach(function (name) { data.set(name, fields[name]); });
    data.set("client_nonce", newNonce()); // fresh per scan, kept across its retries
    busy = true;
    document.body.classList.add("is-loading");
    function attempt(left) {
      return fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf, "HX-Request": "true" },
      }).then(function (response) {
        if (response.status >= 500) throw new Error("server " + response.status);
        return response.text();
      }).catch(function (error) {
        if (left > 0) {
          return new Promise(function (resolve) { setTimeout(resolve, 500); }).then(function () {
            return attempt(left - 1);
          });
        }
        throw error;
      });
    }
    return attempt(RETRIES).then(replace, showFailure).then(function () {
      busy = false;
      document.body.classList.remove("is-loading");
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    event.stopPropagation(); // the page-wide handler would disable the button for good
    if (busy) return;
    var fields = { method: "manual" };
    ["token", "mobile_tail", "surname"].forEach(function (name) {
      var input = form.elements.namedItem(name);
      fields[name] = input ? input.value : "";
    });
    send(fields).then(function () {
      ["token", "mobile_tail", "surname"].forEach(function (name) {
        var input = form.elements.namedItem(name);
        if (input) input.value = "";
      });
    });
  });

  // Camera scanning: only where the browser can reach a camera.
  var camera = document.getElementById("camera");
  if (!camera || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  camera.hidden = false;
  var video = document.getElementById("scan-video");
  var canvas = document.getElementById("scan-canvas");
  var startButton = document.getElementById("camera-start");
  var stopButton = document.getElementById("camera-stop");
  var status = document.getElementById("camera-status");
  var stream = null;
  var decode = null;
  var lastCode = "";
  var lastAt = 0;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function nativeDecoder() {
    if (!("BarcodeDetector" in window)) return Promise.resolve(null);
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") < 0) return null;
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      return function () {
        return detector.detect(video).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      };
    }).catch(function () { return null; });
  }

  function jsqrDecoder() {
    var ready = window.jsQR ? Promise.resolve() : loadScript(root.getAttribute("data-jsqr-src"));
    return ready.then(function () {
      var context = canvas.getContext("2d", { willReadFrequently: true });
      return function () {
        var width = video.videoWidth;
        var height = video.videoHeight;
        if (!width || !height) return Promise.resolve(null);
        canvas.width = width;
        canvas.height = height;
        context.drawImage(video, 0, 0, width, height);
        var image = context.getImageData(0, 0, width, height);
        var code = window.jsQR(image.data, width, height, { inversionAttempts: "attemptBoth" });
        return Promise.resolve(code ? code.data : null);
      };
    });
  }

  function tick() {
    if (!stream) return;
    var next = function () { setTimeout(tick, 150); };
    if (busy || !decode || video.readyState < 2) { next(); return; }
    decode().then(function (text) {
      var now = Date.now();
      if (text && (text !== lastCode || now - lastAt > SAME_CODE_PAUSE_MS)) {
        lastCode = text;
        lastAt = now;
        return send({ token: text, method: "camera" });
      }
      return null;
    }).catch(function () { return null; }).then(next);
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  startButton.addEventListener("click", function () {
    status.textContent = "";
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        video.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        return video.play();
      })
      .then(nativeDecoder)
      .then(function (native) { return native || jsqrDecoder(); })
      .then(function (decoder) { decode = decoder; tick(); })
      .catch(function () {
        stop();
        status.textContent = root.getAttribute("data-camera-error") || "";
      });
  });
  stopButton.addEventListener("click", stop);
  window.addEventListener("pagehide", stop);
})();
