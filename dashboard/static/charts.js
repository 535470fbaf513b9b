// The reports page's charts: data prepared by the server (dashboard/charts.py), drawn with the vendored Chart.js.
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var colours = ["#0b6e4f", "#c84c09", "#1d4e89"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas, index) {
    var chart = data[canvas.dataset.chart];
    new Chart(canvas, {
      type: chart.kind,
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (series) {
          return { label: series.label, data: series.values, backgroundColor: colours[index % colours.length],
                   borderColor: colours[index % colours.length], spanGaps: true };
        })
      },
      options: { locale: document.documentElement.lang, animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true } } }
    });
  });
}());
