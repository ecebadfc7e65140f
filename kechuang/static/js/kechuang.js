/* Kechuang page behaviour that htmx attributes cannot express: choosing an autocomplete suggestion. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var option = event.target.closest(".suggestions [data-value]");
    var box;
    if (option) {
      event.preventDefault();
      box = option.closest(".picker");
      var input = box.querySelector("input");
      input.value = option.getAttribute("data-value");
      input.setAttribute("title", option.getAttribute("data-label") || "");
      box.querySelector(".suggestions").innerHTML = "";
      // "picked" (not "change"): forms refresh on a chosen code, not on every half-typed name on blur.
      input.dispatchEvent(new Event("picked", { bubbles: true }));
      return;
    }
    document.querySelectorAll(".picker .suggestions").forEach(function (list) {
      if (!list.parentNode.contains(event.target)) { list.innerHTML = ""; }
    });
  });
  // A picker's own "change" (fired on blur with a half-typed name) must not refresh the surrounding form:
  // stop it on the way down; forms listen for "picked" instead.
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".picker")) { event.stopPropagation(); }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll(".picker .suggestions").forEach(function (list) { list.innerHTML = ""; });
    }
  });
  // Inline handlers are refused by the Content-Security-Policy: these attributes replace them.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) { event.target.form.submit(); }
  });
  document.addEventListener("click", function (event) {
    if (event.target.matches("input[data-select-all]")) { event.target.select(); }
  });
  // A header checkbox data-check-all="name" checks or clears every checkbox of that name in its form.
  document.addEventListener("change", function (event) {
    var name = event.target.getAttribute && event.target.getAttribute("data-check-all");
    if (!name) { return; }
    event.target.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });
})();
