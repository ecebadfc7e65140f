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
      input.dispatchEvent(new Event("change", { bubbles: true }));
      return;
    }
    document.querySelectorAll(".picker .suggestions").forEach(function (list) {
      if (!list.parentNode.contains(event.target)) { list.innerHTML = ""; }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      document.querySelectorAll(".picker .suggestions").forEach(function (list) { list.innerHTML = ""; });
    }
  });
})();
