/* Payung: the small behaviours of the pages, wired by data- attributes (no inline code: the
   Content-Security-Policy forbids it). Runs on the first load and on every htmx swap. */
(function () {
  "use strict";

  // data-width="37.5": the width of a progress bar in percent (a style attribute would be refused).
  function applyWidths(root) {
    root.querySelectorAll("[data-width]").forEach(function (element) {
      var percent = parseFloat(element.dataset.width);
      if (!isNaN(percent)) {
        element.style.width = Math.max(0, Math.min(100, percent)) + "%";
      }
    });
  }

  // The region picker: a result button fills the hidden code and the visible label of its own picker.
  document.addEventListener("click", function (event) {
    var choice = event.target.closest("[data-pick-code]");
    if (!choice) {
      return;
    }
    var picker = choice.closest(".picker");
    if (!picker) {
      return;
    }
    picker.querySelector("input[type=hidden]").value = choice.dataset.pickCode;
    picker.querySelector("input[type=search]").value = choice.dataset.pickLabel;
    choice.closest(".picker-results").replaceChildren();
  });

  // data-autosubmit on a select: changing it submits its form.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]") && event.target.form) {
      event.target.form.requestSubmit();
    }
  });

  document.addEventListener("DOMContentLoaded", function () { applyWidths(document); });
  document.addEventListener("htmx:load", function (event) { applyWidths(event.target); });
})();
