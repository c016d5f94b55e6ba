// Draws the report's charts from the JSON block #report-data with Apache ECharts (inlined above).
// SVG renderer: the charts stay sharp when printed and can be checked in the page's DOM.
(function () {
  'use strict';
  var errors = document.getElementById('errors');
  function fail(message) {
    errors.hidden = false;
    errors.textContent += message + '\n';
  }
  window.addEventListener('error', function (e) { fail('error: ' + e.message); });

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var drawn = 0;
  var LABELS = {
    accuracy: 'accuracy', f1: 'F1', roc_auc: 'ROC AUC', log_loss: 'log loss', rmse: 'RMSE', mae: 'MAE',
    estimated_accuracy: 'estimated accuracy (no labels)', label_coverage: 'label coverage',
    mean_prediction: 'mean prediction', latency_ms_p50: 'latency p50 (ms)', latency_ms_p95: 'latency p95 (ms)',
    latency_ms_p99: 'latency p99 (ms)', throughput_per_s: 'throughput (predictions/s)', error_rate: 'error rate',
    cpu_pct_mean: 'CPU % (mean)', memory_mb_mean: 'memory MB (mean)', gpu_pct_mean: 'GPU % (mean)'
  };

  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el) return null;
    var c = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
    option.animation = false;
    option.useUTC = true;
    c.setOption(option, true);
    el.setAttribute('data-rendered', 'true');
    drawn++;
    return c;
  }

  // time axes in UTC, as the windows are
  var TIME = { type: 'time', axisLabel: { hideOverlap: true, formatter: { year: '{yyyy}', month: '{yyyy}-{MM}',
    day: '{MM}-{dd}', hour: '{MM}-{dd} {HH}:{mm}', minute: '{HH}:{mm}' } } };
  // ECharts renders tooltip formatters' strings as HTML: every text from the logs (names, versions,
  // notes) is escaped here before it reaches one
  function esc(v) {
    return String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }
  function fmt(v) { return v === null || v === undefined ? '–' : (Math.abs(v) >= 1000 ? v.toFixed(0) : String(+v.toPrecision(4))); }

  function kpiChart(k) {
    var series = k.series.map(function (s, i) {
      var pins = k.anomalies.filter(function (a) { return a.version === s.version; }).map(function (a) {
        return { coord: [a.t, a.value], value: '!', name: a.note };
      });
      var line = {
        name: s.version, type: 'line', data: s.points, showSymbol: s.points.length < 40, symbolSize: 4,
        markPoint: { symbol: 'pin', symbolSize: 26, itemStyle: { color: '#c62828' }, label: { color: '#fff' }, data: pins,
          tooltip: { formatter: function (p) { return esc(p.name); } } }
      };
      if (i === 0 && k.reference !== null) {
        line.markLine = { symbol: 'none', silent: true, lineStyle: { type: 'dashed', color: '#5b6776' },
          label: { formatter: 'reference ' + fmt(k.reference), position: 'insideEndTop', fontSize: 10 },
          data: [{ yAxis: k.reference }] };
      }
      return line;
    });
    // each version's 95 % interval as a shaded band: its lower end (invisible) with the width stacked on it
    var intervals = {};
    k.series.forEach(function (s, i) {
      if (!s.band || !s.band.length) return;
      var at = {};
      s.band.forEach(function (b) { at[b[0]] = b; });
      intervals[s.version] = at;
      var stack = 'ci-' + i;
      var common = { type: 'line', stack: stack, symbol: 'none', silent: true, lineStyle: { opacity: 0 }, z: 1 };
      series.push(Object.assign({ id: 'ci-low-' + i, data: s.band.map(function (b) { return [b[0], b[1]]; }) }, common));
      series.push(Object.assign({ id: 'ci-width-' + i, data: s.band.map(function (b) { return [b[0], b[2] - b[1]]; }),
        areaStyle: { color: '#5b6776', opacity: 0.14 } }, common));
    });
    chart(k.id, {
      title: { text: LABELS[k.kpi] || k.kpi, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', formatter: function (ps) {
        var rows = ps.filter(function (p) { return !/^ci-/.test(p.seriesId || ''); }).map(function (p) {
          var b = intervals[p.seriesName] && intervals[p.seriesName][p.value[0]];
          return esc(p.seriesName) + ': ' + esc(fmt(p.value[1])) + (b ? ' (95 % interval ' + esc(fmt(b[1])) + ' – '
            + esc(fmt(b[2])) + ')' : '');
        });
        return rows.length ? esc(new Date(ps[0].value[0]).toISOString().slice(0, 16).replace('T', ' ')) + '<br>'
          + rows.join('<br>') : '';
      } },
      legend: { top: 0, right: 0, type: 'scroll', width: '58%', itemWidth: 14, itemGap: 6, textStyle: { fontSize: 11 },
        data: k.series.map(function (s) { return s.version; }) },
      grid: { left: 50, right: 16, top: 36, bottom: 28 },
      xAxis: TIME,
      yAxis: { type: 'value', scale: true },
      series: series
    });
  }

  var CELL = ['x', 'y', 'score', 'drifted', 'version', 'method', 'statistic', 'threshold', 'p_value', 'psi',
    'jensen_shannon', 'ks_statistic', 'wasserstein_norm', 'chi_square_p_value', 'missing_rate',
    'reference_missing_rate', 'new_category_rate', 'count', 'note'];

  function driftChart(m) {
    var d = m.drift;
    if (!d || !document.getElementById(d.id)) return;
    var drifted = d.cells.filter(function (c) { return c[3] === 1; }).map(function (c) { return [c[0], c[1]]; });
    var c = chart(d.id, {
      tooltip: {
        formatter: function (p) {
          if (p.seriesIndex !== 0) return '';
          var c = p.data, rows = [];
          rows.push('<b>' + esc(d.columns[c[1]]) + '</b> · ' + esc(d.windows[c[0]]) + ' · ' + esc(c[4]));
          rows.push((c[3] ? 'drifted' : 'not drifted') + ' by ' + esc(c[5]) + ': ' + fmt(c[6]) + ' (threshold ' + fmt(c[7]) + ')');
          for (var i = 8; i < CELL.length; i++) if (c[i] !== null && c[i] !== undefined && c[i] !== '') rows.push(CELL[i] + ': ' + (typeof c[i] === 'number' ? fmt(c[i]) : esc(c[i])));
          return rows.join('<br>');
        }
      },
      grid: { left: 140, right: 90, top: 10, bottom: 60 },
      xAxis: { type: 'category', data: d.windows, axisLabel: { rotate: 45, fontSize: 10, hideOverlap: true } },
      yAxis: { type: 'category', data: d.columns, inverse: true, axisLabel: { fontSize: 11 } },
      visualMap: { min: 0, max: 2, dimension: 2, calculable: true, orient: 'vertical', right: 0, top: 'center',
        text: ['≥ 2× threshold', '0'], inRange: { color: ['#f1f7ee', '#f6e27a', '#e8743b', '#b71c1c'] }, seriesIndex: 0 },
      series: [
        { type: 'heatmap', data: d.cells, progressive: 0, emphasis: { itemStyle: { borderColor: '#000', borderWidth: 1 } } },
        { type: 'scatter', data: drifted, symbolSize: 5, itemStyle: { color: '#1d2733' }, silent: true, z: 3 }
      ]
    });
    if (c) c.on('click', function (p) { if (p.seriesIndex === 0) distributions(m, d.windows[p.data[0]]); });
  }

  function distributions(m, window) {
    var host = document.getElementById(m.id + '-dist');
    if (!host) return;
    document.getElementById(m.id + '-dist-window').textContent = window + ' (its most drifted columns)';
    host.querySelectorAll('.chart').forEach(function (el) { var c = echarts.getInstanceByDom(el); if (c) c.dispose(); });
    host.innerHTML = '';
    (m.distributions[window] || []).forEach(function (dist, i) {
      var el = document.createElement('div');
      el.className = 'chart';
      el.id = m.id + '-dist-' + i;
      el.setAttribute('data-column', dist.column);
      host.appendChild(el);
      var series = [];
      var option = {
        title: { text: dist.column + ' (' + dist.version + ')', textStyle: { fontSize: 13 } },
        tooltip: { trigger: 'axis', valueFormatter: fmt },
        legend: { top: 0, right: 0 },
        grid: { left: 50, right: 16, top: 36, bottom: 40 }
      };
      if (dist.kind === 'numeric') {
        var levels = dist.current.map(function (_, j) { return Math.round(100 * j / (dist.current.length - 1)) + '%'; });
        option.xAxis = { type: 'category', data: levels, name: 'quantile', nameLocation: 'middle', nameGap: 24 };
        option.yAxis = { type: 'value', scale: true };
        if (dist.reference) series.push({ name: 'reference', type: 'line', data: dist.reference, lineStyle: { type: 'dashed' } });
        series.push({ name: 'window', type: 'line', data: dist.current });
      } else {
        option.xAxis = { type: 'category', data: dist.categories, axisLabel: { rotate: 30, fontSize: 10 } };
        option.yAxis = { type: 'value', name: 'share' };
        if (dist.reference) series.push({ name: 'reference', type: 'bar', data: dist.reference, itemStyle: { color: '#9aa6b2' } });
        series.push({ name: 'window', type: 'bar', data: dist.current });
      }
      option.series = series;
      chart(el.id, option);
    });
    if (!host.children.length) host.textContent = 'No profile stored for this window.';
  }

  function rateChart(spec, title) {
    var el = document.getElementById(spec.id);
    if (!el) return;
    if (!spec.series.length) { el.textContent = title + ': 0 in every window.'; el.className = 'empty'; return; }
    chart(spec.id, {
      title: { text: title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'axis', valueFormatter: fmt },
      legend: { top: 22, type: 'scroll' },
      grid: { left: 50, right: 16, top: 52, bottom: 28 },
      xAxis: TIME,
      yAxis: { type: 'value' },
      series: spec.series.map(function (s) { return { name: s.column, type: 'line', data: s.points, showSymbol: false }; })
    });
  }

  // a chart over time whose points are [t, value, flag, ..., note]: the note (escaped) in each point's
  // tooltip; an empty spec says why in words
  function pointsChart(spec, empty, title, yAxis, series, noteAt) {
    var el = document.getElementById(spec.id);
    if (!el) return;
    if (!spec.series.length) { el.textContent = empty; el.className = 'empty'; return; }
    chart(spec.id, {
      title: { text: title, textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'item', formatter: function (p) {
        var note = p.value[noteAt];
        return esc(p.seriesName) + ': ' + esc(fmt(p.value[1])) + (note ? '<br>' + esc(note) : '');
      } },
      legend: { top: 22, type: 'scroll' },
      grid: { left: 50, right: 16, top: 52, bottom: 28 },
      xAxis: TIME,
      yAxis: yAxis,
      series: series
    });
  }

  // a flagged point ([t, value, flag, ...]) drawn red and larger
  function flagged(p, flag) {
    return { value: p, itemStyle: p[flag] ? { color: '#c0392b' } : undefined, symbolSize: p[flag] ? 9 : 4 };
  }

  // model_versions: each version's share of the model's traffic per window, stacked; a version worse
  // than the window's baseline beyond noise is drawn red, its note in the tooltip
  function versionChart(spec) {
    pointsChart(spec, 'No model_versions rows in these windows.',
      'traffic share by version (red: worse than the baseline beyond noise)', { type: 'value', max: 1 },
      spec.series.map(function (s) {
        return { name: s.column, type: 'bar', stack: 'share', data: s.points.map(function (p) {
          return { value: p, itemStyle: p[2] ? { color: '#c0392b' } : undefined };
        }) };
      }), 3);
  }

  // fairness: each group's disparate impact against its reference group per window, the four-fifths
  // line dashed; a breach (the limit crossed beyond noise) is drawn red, its note in the tooltip
  function fairnessChart(spec) {
    pointsChart(spec, 'No fairness rows (no models.<m>.fairness attributes, or no judged groups).',
      'disparate impact by group (red: breach)', { type: 'value', min: 0 },
      spec.series.map(function (s, i) {
        var line = { name: s.column, type: 'line', data: s.points.map(function (p) { return flagged(p, 2); }) };
        if (i === 0) line.markLine = { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#888' },
          data: [{ yAxis: 0.8, name: 'four-fifths' }] };
        return line;
      }), 3);
  }

  // __multivariate__: the features' PCA reconstruction error per window and its threshold (dashed); a
  // window past it beyond noise is red, its note in the tooltip
  function multivariateChart(spec) {
    var series = [];
    spec.series.forEach(function (s) {
      series.push({ name: s.column, type: 'line', data: s.points.map(function (p) { return flagged(p, 3); }) });
      series.push({ name: s.column + ' threshold', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' },
        data: s.points.map(function (p) { return [p[0], p[2]]; }) });
    });
    pointsChart(spec, 'No multivariate drift rows (fewer than two features, or no reference).',
      'multivariate drift: PCA reconstruction error (red: drifted)', { type: 'value' }, series, 4);
  }

  // calibration: each window's share of positive labels against its mean score per score bin, the
  // diagonal (perfect calibration) dashed; the tooltip gives the bin's labeled count
  function reliabilityChart(spec) {
    var el = document.getElementById(spec.id);
    if (!el) return;
    if (!spec.series.length) { el.textContent = 'No reliability diagram (not a binary model, or no labels).'; el.className = 'empty'; return; }
    chart(spec.id, {
      title: { text: 'reliability: positive share by mean score', textStyle: { fontSize: 13 } },
      tooltip: { trigger: 'item', formatter: function (p) {
        return esc(p.seriesName) + ': score ' + esc(fmt(p.value[0])) + ', positive ' + esc(fmt(p.value[1]))
          + ' (' + esc(String(p.value[2])) + ' labeled)';
      } },
      legend: { top: 22, type: 'scroll' },
      grid: { left: 50, right: 16, top: 52, bottom: 28 },
      xAxis: { type: 'value', min: 0, max: 1, name: 'score' },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: spec.series.map(function (s, i) {
        var line = { name: s.column, type: 'line', data: s.points,
          lineStyle: s.column === 'reference' ? { type: 'dashed' } : undefined };
        if (i === 0) line.markLine = { silent: true, symbol: 'none', lineStyle: { type: 'dotted', color: '#888' },
          data: [[{ coord: [0, 0] }, { coord: [1, 1] }]] };
        return line;
      })
    });
  }

  data.models.forEach(function (m) {
    try {
      m.kpis.forEach(kpiChart);
      driftChart(m);
      var windows = Object.keys(m.distributions || {});
      if (windows.length) {
        // the latest window with a drifted column, else the latest window
        var latest = windows[windows.length - 1];
        var cells = (m.drift && m.drift.cells) || [];
        var driftedWindows = cells.filter(function (c) { return c[3] === 1; }).map(function (c) { return m.drift.windows[c[0]]; }).sort();
        distributions(m, driftedWindows.length ? driftedWindows[driftedWindows.length - 1] : latest);
      }
      rateChart(m.missing, 'missing rate by column');
      rateChart(m.newCategories, 'new-category rate by column');
      versionChart(m.versions);
      fairnessChart(m.fairness);
      multivariateChart(m.multivariate);
      reliabilityChart(m.reliability);
    } catch (e) {
      fail(m.name + ': ' + e.message);
    }
  });
  if (data.deadLetters.length) {
    chart('dead-letters-chart', {
      tooltip: {},
      grid: { left: 260, right: 30, top: 10, bottom: 20 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: data.deadLetters.map(function (d) { return d.reason; }), inverse: true,
        axisLabel: { width: 250, overflow: 'truncate' } },
      series: [{ type: 'bar', data: data.deadLetters.map(function (d) { return d.count; }) }]
    });
  }
  document.body.setAttribute('data-charts', String(drawn));
  document.body.setAttribute('data-render-ms', String(Math.round(performance.now())));
})();
