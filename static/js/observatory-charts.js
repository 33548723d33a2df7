// Draws each <canvas data-chart> of the observatory with Chart.js (served from static/vendor), and
// offers each chart as a PNG. The numbers are also in the table beside each chart.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  if (typeof Chart === "undefined") { return; }
  var locale = document.documentElement.lang || "fr";
  var percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  var charts = {};

  function draw(canvas) {
    var spec = JSON.parse(canvas.getAttribute("data-chart"));
    var datasets = spec.datasets.map(function (set) {
      return { label: set.label, data: set.data, borderColor: set.colour, backgroundColor: set.colour,
               pointRadius: spec.type === "line" ? 2 : 0, spanGaps: true, tension: 0.2 };
    });
    var valueAxis = spec.horizontal ? "x" : "y";
    var scales = {};
    scales[valueAxis] = { beginAtZero: true, ticks: { precision: 0 } };
    if (spec.percent) {
      scales[valueAxis].ticks = { callback: function (value) { return percent.format(value / 100); } };
    }
    charts[canvas.id] = new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        animation: false, responsive: true, maintainAspectRatio: false, locale: locale, scales: scales,
        plugins: {
          legend: { display: datasets.length > 1 },
          tooltip: spec.percent ? { callbacks: { label: function (item) {
            return item.dataset.label + " : " + percent.format(item.parsed.y / 100);
          } } } : {},
        },
      },
    });
  }

  function exportPng(button) {
    var chart = charts[button.getAttribute("data-export-png")];
    if (!chart) { return; }
    var link = document.createElement("a");
    link.href = chart.toBase64Image("image/png", 1);
    link.download = button.getAttribute("data-filename");
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
  document.querySelectorAll("[data-export-png]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { exportPng(button); });
  });
}());
