// Draws the trend charts with uPlot from the page's JSON data block; each chart downloads as PNG.
(function () {
  function draw() {
    var block = document.getElementById('trend-series');
    if (!block || typeof uPlot === 'undefined') {
      return;
    }
    var days = JSON.parse(block.textContent);
    var x = days.map(function (d) { return Date.parse(d.day + 'T00:00:00Z') / 1000; });
    var value = {
      rows: function (d) { return d.rows; },
      rejectRate: function (d) { return d.rows ? d.rejected / d.rows : 0; },
      duplicateRate: function (d) { return d.rows ? d.duplicates / d.rows : 0; },
      meanSeconds: function (d) { return d.meanSeconds === null ? null : d.meanSeconds; },
      freshnessLagHours: function (d) { return d.freshnessLagSeconds == null ? null : d.freshnessLagSeconds / 3600; }
    };
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var key = el.getAttribute('data-chart');
      var width = Math.max(280, Math.min(620, el.parentElement.clientWidth - 20));
      var plot = new uPlot({
        width: width, height: 220,
        series: [{}, { label: el.getAttribute('data-label'), stroke: '#0b57d0', width: 2, points: { show: true } }],
        axes: [{}, {}], scales: { x: { time: true } }
      }, [x, days.map(value[key])], el);
      el.chart = plot;
    });
    document.querySelectorAll('[data-png]').forEach(function (button) {
      button.addEventListener('click', function () {
        var el = document.querySelector('[data-chart="' + button.getAttribute('data-png') + '"]');
        var canvas = el.querySelector('canvas');
        var link = document.createElement('a');
        link.download = 'trend-' + button.getAttribute('data-png') + '.png';
        link.href = canvas.toDataURL('image/png');
        link.click();
      });
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', draw);
  } else {
    draw();
  }
})();
