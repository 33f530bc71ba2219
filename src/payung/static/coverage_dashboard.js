/* The coverage dashboard's two charts (Chart.js), drawn from the page's JSON data islands
   (json_script): the trend of coverage against its target, and the ranking of the regions below. */
(function () {
  "use strict";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function draw() {
    if (!window.Chart) {
      return;
    }
    var locale = document.documentElement.lang || "id"; // the page's language: 12,5 % or 12.5 %
    var percent = function (value) {
      return value == null ? "—" : value.toLocaleString(locale, {maximumFractionDigits: 2}) + " %";
    };
    var trend = readJson("trend-data");
    var trendCanvas = document.getElementById("trend-chart");
    if (trendCanvas && trend) {
      new window.Chart(trendCanvas, {
        type: "line",
        data: {labels: trend.labels, datasets: trend.datasets.map(function (set) {
          return {label: set.label, data: set.data, borderDash: set.kind === "target" ? [6, 4] : [],
                  pointRadius: set.kind === "target" ? 0 : 3, spanGaps: true,
                  borderColor: set.kind === "target" ? "#dc3545" : "#0d6efd", backgroundColor: "transparent"};
        })},
        options: {animation: false, scales: {y: {beginAtZero: true, ticks: {callback: percent}}},
                  plugins: {tooltip: {callbacks: {label: function (c) { return c.dataset.label + ": " + percent(c.parsed.y); }}}}}
      });
      trendCanvas.dataset.ready = "1";
    }
    var ranking = readJson("ranking-data");
    var rankingCanvas = document.getElementById("ranking-chart");
    if (rankingCanvas && ranking) {
      new window.Chart(rankingCanvas, {
        type: "bar",
        data: {labels: ranking.labels, datasets: [{label: rankingCanvas.dataset.seriesLabel, data: ranking.data, backgroundColor: "#198754"}]},
        options: {animation: false, indexAxis: "y", scales: {x: {beginAtZero: true, ticks: {callback: percent}}}}
      });
      rankingCanvas.dataset.ready = "1";
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
