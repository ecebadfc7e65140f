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
  // Bar charts (templates/includes/bar_chart.html): rows [{name, value, url}] from a json_script beside the
  // element; one bar per row, largest first as given, the value written at the bar's end, a click opens the
  // records the bar counts. Drawn once ECharts (loaded with defer) is there; the table beside it stays the
  // accessible source of the same figures.
  function drawBarCharts() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-bar-chart]").forEach(function (el) {
      if (el.getAttribute("data-drawn")) { return; }
      var source = document.getElementById(el.getAttribute("data-bar-chart"));
      var rows = source ? JSON.parse(source.textContent) : [];
      if (!rows.length) { el.style.display = "none"; return; }
      el.setAttribute("data-drawn", "1");
      el.style.height = Math.max(120, rows.length * 28 + 40) + "px";
      var unit = el.getAttribute("data-unit") || "";
      var chart = window.echarts.init(el);
      chart.setOption({
        grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + p.value + unit; } },
        xAxis: { type: "value", show: false },
        yAxis: { type: "category", inverse: true, data: rows.map(function (r) { return r.name; }),
          axisLabel: { width: 150, overflow: "truncate" }, axisTick: { show: false } },
        series: [{ type: "bar", barMaxWidth: 18, itemStyle: { color: "#1f5f9e" },
          label: { show: true, position: "right", formatter: function (p) { return p.value + unit; } },
          data: rows.map(function (r) { return r.value; }) }]
      });
      chart.on("click", function (p) { var url = rows[p.dataIndex].url; if (url) { window.location.href = url; } });
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  window.addEventListener("load", drawBarCharts);
  document.addEventListener("htmx:afterSwap", drawBarCharts);
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
