/* The order form: − and + beside each quantity, and a total that follows what is chosen (the
   server's total is the one that counts). Plain ES2017, no build step. */
(function () {
  "use strict";

  function cents(text) {
    var match = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text || "");
    if (!match) return 0;
    return parseInt(match[1], 10) * 100 + parseInt(((match[2] || "") + "00").slice(0, 2), 10);
  }
  function yuan(value) {
    var sign = value < 0 ? "-" : "";
    value = Math.abs(value);
    return sign + Math.floor(value / 100) + "." + ("0" + (value % 100)).slice(-2);
  }

  function setup(form) {
    var box = form.querySelector("#order-total");
    var discount = form.querySelector("[name=discount]");
    var amount = form.querySelector("[name=payment_amount]");

    function total() {
      var list = 0;
      form.querySelectorAll("input[data-price]").forEach(function (input) {
        var quantity = parseInt(input.value, 10);
        if (quantity > 0) list += cents(input.getAttribute("data-price")) * quantity;
      });
      var off = discount ? cents(discount.value) : 0;
      return { list: list, discount: off, total: list - off };
    }
    function terms() {
      var checked = form.querySelector("[name=payment_terms]:checked");
      return checked ? checked.value : "";
    }
    function refresh() {
      var sums = total();
      if (box) {
        box.hidden = sums.list === 0;
        box.querySelector("[data-total=list]").textContent = yuan(sums.list);
        box.querySelector("[data-total=discount]").textContent = yuan(sums.discount);
        box.querySelector("[data-total=total]").textContent = yuan(sums.total);
      }
      // Paid now: the amount is the total, filled in until the rep types one themselves.
      if (amount && (amount.value === "" || amount.hasAttribute("data-filled"))) {
        if (terms() === "paid_now" && sums.total > 0) {
          amount.value = yuan(sums.total);
          amount.setAttribute("data-filled", "");
        } else if (amount.hasAttribute("data-filled")) {
          amount.value = "";
          amount.removeAttribute("data-filled");
        }
      }
    }

    form.addEventListener("click", function (event) {
      var button = event.target.closest("[data-stepper]");
      if (!button) return;
      var input = button.parentNode.querySelector("input");
      var step = parseInt(button.getAttribute("data-stepper"), 10);
      var min = parseInt(input.min || "0", 10);
      var max = parseInt(input.max || "99", 10);
      var value = (parseInt(input.value, 10) || 0) + step;
      input.value = String(Math.min(max, Math.max(min, value)));
      refresh();
    });
    form.addEventListener("input", function (event) {
      if (event.target === amount) amount.removeAttribute("data-filled");
      refresh();
    });
    form.addEventListener("change", refresh);
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("order-form");
    if (form) setup(form);
  });
})();
