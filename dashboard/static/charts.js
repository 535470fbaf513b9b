// The reports page's charts: data prepared by the server (dashboard/charts.py), drawn with the vendored Chart.js.
(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var colours = ["#0b6e4f", "#c84c09", "#1d4e89"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas, index) {
    var chart = data[canvas.dataset.chart];
    var values = chart.horizontal ? "x" : "y", names = chart.horizontal ? "y" : "x";
    var scales = {};
    scales[values] = { beginAtZero: true, stacked: !!chart.stacked, max: chart.percent ? 100 : undefined,
                       ticks: chart.percent ? { callback: function (value) { return value + "%"; } } : {} };
    scales[names] = { stacked: !!chart.stacked };
    new Chart(canvas, {
      type: chart.kind,
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (series) {
          var colour = series.colour || colours[index % colours.length];
          return { label: series.label, data: series.values, backgroundColor: colour, borderColor: colour,
                   spanGaps: true };
        })
      },
      options: { locale: document.documentElement.lang, animation: false, maintainAspectRatio: false,
                 indexAxis: chart.horizontal ? "y" : "x",
                 plugins: { legend: { display: chart.series.length > 1, position: "bottom",
                                      labels: { boxWidth: 12 } },
                            tooltip: chart.percent ? { callbacks: { label: function (item) {
                              return item.dataset.label + ": " + item.formattedValue + "%"; } } } : {} },
                 scales: scales }
    });
  });
}());
