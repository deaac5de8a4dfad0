// Draws the screening charts from data the page carries in <script type="application/json">.
// Every chart has a table with the same figures next to it, so nothing depends on this file.
(function () {
  "use strict";
  function draw(canvas) {
    if (typeof window.Chart === "undefined") { return; }
    var source = document.getElementById(canvas.dataset.source);
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    var kind = canvas.dataset.chart;
    var dataset = kind === "line"
      ? { label: data.label || "", data: data.scores, borderColor: "#1d6fa5", backgroundColor: "#1d6fa5", tension: 0 }
      : { label: canvas.dataset.label || "", data: data.counts, backgroundColor: "#1d6fa5" };
    new window.Chart(canvas, {
      type: kind === "line" ? "line" : "bar",
      data: { labels: data.labels, datasets: [dataset] },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } }
      }
    });
  }
  function init() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
