/* Lianyi: a form that comes back refused brings its first error into view and its field into
   focus, on a full page and after an htmx swap alike. Plain ES2017, no build step, no CDN.
   The markup comes from web/_field.html and web/_form_errors.html: a field in error is
   .field--error (its input has aria-invalid="true" and aria-describedby naming the message),
   errors of the whole form are .errorlist.nonfield. (A page must not post to a URL with a
   #fragment: Chromium's scroll to the fragment takes the focus away again.) */
(function () {
  "use strict";

  // A row swapped in by htmx may carry a bare message (.field__error[role=alert]).
  var ERRORS = ".field--error, .errorlist.nonfield, .field__error[role=alert]";
  var FOCUSABLE = "input:not([type=hidden]):not([disabled]), select:not([disabled]), " +
    "textarea:not([disabled])";

  function firstError(root) {
    if (root.matches && root.matches(ERRORS)) return root;
    return root.querySelector ? root.querySelector(ERRORS) : null;
  }

  function focusFirstError(root) {
    var first = firstError(root || document);
    if (!first) return false;
    // An error inside a closed <details> (the reassign form, for one) must be seen.
    for (var el = first.parentElement; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) el.open = true;
    }
    var input = first.querySelector(FOCUSABLE);
    if (!input) {
      // A message for the whole form: focus the form's first field in error, if any.
      var form = first.closest("form");
      input = form ? form.querySelector("[aria-invalid=true]") : null;
    }
    first.scrollIntoView({ block: "center" });
    if (input) input.focus({ preventScroll: true });
    if (!input) {
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
    }
    return true;
  }
  window.focusFirstError = focusFirstError;

  document.addEventListener("DOMContentLoaded", function () { focusFirstError(document); });
  // After htmx swaps a refused form in, its new content carries the errors.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.elt;
    if (target) focusFirstError(target);
  });
})();
