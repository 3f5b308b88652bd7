// The model history pages: read /v1/models (the same API and authentication as every /v1 route) and draw them.
// Plain browser JavaScript with uPlot, served from the package; no framework and no build step.
(function () {
  'use strict';
  var body = document.body;
  var root = document.getElementById('root');
  var TOKEN_KEY = 'einstein-retrain-api-token';
  // `einstein-retrain ui` prints its URL with #token=...: keep it for this tab and take it out of the address bar.
  var fromFragment = /^#token=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (fromFragment) {
    sessionStorage.setItem(TOKEN_KEY, fromFragment[1]);
    history.replaceState(null, '', location.pathname + location.search);
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'text') node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }
  function fmt(value) { return value === undefined || value === null ? '—' : Number(value).toFixed(4); }
  function duration(ms) {
    if (ms === undefined) return '—';
    var s = Math.round(ms / 1000);
    return s < 120 ? s + ' s' : s < 7200 ? Math.round(s / 60) + ' min' : (s / 3600).toFixed(1) + ' h';
  }
  function when(iso) { return new Date(iso).toLocaleString(); }
  /** Detection lags are often seconds: a tenth of a second below 10 s. */
  function lag(ms) { return ms === undefined ? '—' : ms < 10000 ? (ms / 1000).toFixed(1) + ' s' : duration(ms); }
  /** The next scheduled run: null means the model has no schedule, undefined that Temporal did not say. */
  function nextRun(schedule) {
    if (schedule === undefined) return { text: 'unknown', title: 'Temporal did not answer: the schedules could not be read' };
    if (schedule === null) return { text: 'none', title: 'No retrain schedule targets this model' };
    if (schedule.paused) return { text: 'paused', title: schedule.scheduleId + ' is paused' };
    if (!schedule.nextRunAt) return { text: 'none planned', title: schedule.scheduleId + ' plans no further run' };
    return { text: when(schedule.nextRunAt), title: schedule.scheduleId };
  }

  /** GET a JSON endpoint; on 401 ask for the API token once and keep it for this tab. */
  function getJson(url) {
    var headers = { accept: 'application/json' };
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(url, { headers: headers, credentials: 'same-origin' }).then(function (response) {
      if (response.status === 401) { askForToken(); throw new Error('authentication required'); }
      return response.json().then(function (json) {
        if (!response.ok) throw new Error((json.error && json.error.message) || response.statusText);
        return json;
      });
    });
  }
  function askForToken() {
    var input = el('input', { type: 'password', name: 'token', placeholder: 'API token', autocomplete: 'off' });
    var form = el('form', { class: 'token panel' }, [el('span', { text: 'This page reads the API: give an API token (kept for this tab only).' }), input, el('button', { type: 'submit', text: 'Show' })]);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value);
      location.reload();
    });
    root.replaceChildren(form);
  }
  function fail(error) {
    if (error.message !== 'authentication required') root.replaceChildren(el('p', { class: 'note', text: 'Cannot read the history: ' + error.message }));
  }

  function sparkline(values) {
    var width = 120, height = 28;
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'trend');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    svg.setAttribute('data-points', String(values.length));
    if (values.length === 0) return svg;
    var lo = Math.min.apply(null, values), hi = Math.max.apply(null, values), span = hi - lo || 1;
    var points = values.map(function (v, i) {
      var x = values.length === 1 ? width / 2 : (i * (width - 4)) / (values.length - 1) + 2;
      return x.toFixed(1) + ',' + (height - 3 - ((v - lo) / span) * (height - 6)).toFixed(1);
    });
    var line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    line.setAttribute('points', points.join(' '));
    svg.appendChild(line);
    return svg;
  }

  function renderIndex(data) {
    if (data.models.length === 0) {
      root.replaceChildren(el('p', { class: 'empty panel', text: 'No retrain report has been kept yet. Reports appear here when a retrain ends.' }));
      return;
    }
    var rows = data.models.map(function (m) {
      var href = 'models/' + m.domain + '/' + m.modelId;
      return el('tr', { 'data-model': m.modelId }, [
        el('td', {}, [el('a', { href: href, text: m.modelName ? m.modelName + ' (' + m.modelId + ')' : m.modelId })]),
        el('td', { text: m.domain }),
        el('td', { class: m.lastOutcome === 'SUCCEEDED' ? '' : 'outcome-bad', text: m.lastOutcome }),
        el('td', { class: 'verdict verdict-' + (m.lastVerdict || 'none'), text: m.lastVerdict || '—' }),
        el('td', {}, [sparkline(m.trend)]),
        el('td', { class: 'num', text: String(m.runs) }),
        el('td', { text: when(m.lastFinishedAt) }),
        (function () {
          var next = nextRun(m.schedule);
          return el('td', { class: 'next-run', title: next.title, 'data-next-run': m.schedule && m.schedule.nextRunAt && !m.schedule.paused ? m.schedule.nextRunAt : next.text, text: next.text });
        })(),
      ]);
    });
    var head = el('tr', {}, ['model', 'domain', 'last outcome', 'last verdict', 'trend', 'runs', 'last finished', 'next run'].map(function (t) { return el('th', { text: t }); }));
    root.replaceChildren(el('table', { id: 'models' }, [el('thead', {}, [head]), el('tbody', {}, rows)]));
  }

  function temporalLink(run) {
    var ui = body.dataset.temporalUi, ns = body.dataset.namespace;
    if (!ui) return el('span', { text: run.workflowId });
    var href = ui + '/namespaces/' + encodeURIComponent(ns) + '/workflows/' + encodeURIComponent(run.workflowId) + '/' + encodeURIComponent(run.runId) + '/history';
    return el('a', { href: href, class: 'temporal-link', title: run.workflowId, text: run.workflowId });
  }

  function css(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

  function chart(data) {
    var runs = data.runs;
    var xs = runs.map(function (_r, i) { return i + 1; });
    var before = runs.map(function (r) { return r.before === undefined ? null : r.before; });
    var after = runs.map(function (r) { return r.after === undefined ? null : r.after; });
    var regressed = runs.map(function (r) { return r.verdict && r.verdict.verdict === 'regressed' ? r.after : null; });
    var box = el('div', { id: 'chart', 'data-points': String(runs.length) });
    var width = Math.min(root.clientWidth || 900, 1200);
    var options = {
      width: width, height: 300,
      scales: { x: { time: false } },
      axes: [
        { label: 'run', stroke: css('--muted'), grid: { stroke: css('--line') }, incrs: [1, 2, 5, 10, 20, 50, 100] },
        { label: data.metric, stroke: css('--muted'), grid: { stroke: css('--line') }, values: function (_u, ticks) { return ticks.map(function (t) { return t.toFixed(3); }); }, size: 64 },
      ],
      series: [
        { label: 'run' },
        { label: 'before', stroke: css('--before'), dash: [4, 4], points: { show: true } },
        { label: 'after', stroke: css('--after'), width: 2, points: { show: true, size: 7 } },
        { label: 'regressed', stroke: css('--regressed'), width: 0, points: { show: true, size: 12, fill: css('--regressed') } },
      ],
    };
    window.__historyChart = new uPlot(options, [xs, before, after, regressed], box);
    return box;
  }

  function labelTable(runs, index) {
    var run = runs[index];
    var previous = null;
    for (var i = index - 1; i >= 0; i--) if (runs[i].f1ByLabel) { previous = runs[i]; break; }
    var labels = Object.keys(run.f1ByLabel || {});
    if (previous) Object.keys(previous.f1ByLabel).forEach(function (l) { if (labels.indexOf(l) < 0) labels.push(l); });
    var head = el('tr', {}, ['label', previous ? 'run ' + (runs.indexOf(previous) + 1) : 'previous run', 'run ' + (index + 1), 'change'].map(function (t, k) { return el('th', { class: k ? 'num' : '', text: t }); }));
    var rows = labels.map(function (label) {
      var a = previous ? previous.f1ByLabel[label] : undefined, b = (run.f1ByLabel || {})[label];
      var change = a !== undefined && b !== undefined ? b - a : undefined;
      return el('tr', {}, [el('td', { text: label }), el('td', { class: 'num', text: fmt(a) }), el('td', { class: 'num', text: fmt(b) }),
        el('td', { class: 'num ' + (change < 0 ? 'verdict-regressed' : ''), text: change === undefined ? '—' : (change >= 0 ? '+' : '') + change.toFixed(4) })]);
    });
    return el('table', { id: 'labels' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
  }

  /** The confusion matrix of a run after it retrained: rows are the true labels, columns the predicted ones. */
  function confusionTable(summary) {
    if (summary && summary.confusionMatrix) {
      var cm = summary.confusionMatrix;
      var head = el('tr', {}, [el('th', { text: 'true ↓ / predicted →' })].concat(cm.labels.map(function (l) { return el('th', { class: 'num', text: l }); })));
      var rows = cm.rows.map(function (row, i) {
        return el('tr', {}, [el('th', { text: cm.labels[i] })].concat(row.map(function (n, j) { return el('td', { class: 'num' + (i === j ? ' diagonal' : ''), text: String(n) }); })));
      });
      return el('table', { id: 'confusion' }, [el('thead', {}, [head]), el('tbody', {}, rows)]);
    }
    if (summary && summary.confusionMatrices) {
      var labels = Object.keys(summary.confusionMatrices);
      var mhead = el('tr', {}, ['label', 'row 1', 'row 2'].map(function (t) { return el('th', { text: t }); }));
      var mrows = labels.map(function (l) {
        var m = summary.confusionMatrices[l];
        return el('tr', {}, [el('td', { text: l }), el('td', { class: 'num', text: m[0].join(' · ') }), el('td', { class: 'num', text: m[1].join(' · ') })]);
      });
      return el('table', { id: 'confusion' }, [el('thead', {}, [mhead]), el('tbody', {}, mrows)]);
    }
    return el('p', { class: 'muted', id: 'confusion', text: 'Einstein gave no confusion matrix for this run.' });
  }

  /** Per-label F1 against the run before, and the run's confusion matrix (read from its whole report). */
  function runDetails(data, index, holder) {
    var run = data.runs[index];
    holder.replaceChildren(labelTable(data.runs, index), el('h3', { text: 'Confusion matrix after run ' + (index + 1) }), el('p', { class: 'muted', text: 'Loading…' }));
    getJson(api + '/v1/models/' + data.domain + '/' + data.modelId + '/runs/' + encodeURIComponent(run.runId)).then(function (report) {
      if (holder.dataset.run !== String(index)) return;
      holder.replaceChild(confusionTable(report.after), holder.lastChild);
      holder.setAttribute('data-confusion', 'ready');
    }, function (error) {
      holder.replaceChild(el('p', { class: 'note', text: 'Cannot read the report: ' + error.message }), holder.lastChild);
    });
  }

  function renderModel(data) {
    var title = document.getElementById('title');
    if (data.modelName) title.textContent = data.modelName + ' (' + data.modelId + ')';
    if (data.runs.length === 0) {
      root.replaceChildren(el('p', { class: 'empty panel', id: 'empty', text: 'No retrain of this model has been kept yet.' }));
      return;
    }
    var parts = [el('h2', { text: data.metric + ' before → after, one point per run' }), chart(data)];
    if (data.runs.some(function (r) { return r.verdict && r.verdict.verdict === 'regressed'; })) {
      parts.push(el('p', { class: 'note', id: 'no-rollback', text: 'A run regressed (red points). Einstein cannot roll a model back: the retrained model already serves. Retrain again (other parameters, more examples), or train a new model from the dataset and point your application at it.' }));
    }
    var show = null;
    var succeeded = data.runs.map(function (r, i) { return r.f1ByLabel ? i : -1; }).filter(function (i) { return i >= 0; });
    if (succeeded.length > 0) {
      var select = el('select', { id: 'label-run' }, succeeded.map(function (i) { return el('option', { value: String(i), text: 'run ' + (i + 1) + ' — ' + when(data.runs[i].finishedAt) }); }));
      select.value = String(succeeded[succeeded.length - 1]);
      var holder = el('div', { id: 'run-details' });
      var show = function () {
        holder.dataset.run = select.value;
        holder.removeAttribute('data-confusion');
        runDetails(data, Number(select.value), holder);
      };
      select.addEventListener('change', show);
      parts.push(el('h2', { text: 'F1 per label against the run before' }), el('p', {}, [select]), holder);
    }
    var head = el('tr', {}, ['#', 'finished', 'trigger', 'outcome', 'verdict', 'before', 'after', 'duration', 'training', 'detection lag', 'API calls', 'workflow'].map(function (t) { return el('th', { text: t }); }));
    var rows = data.runs.map(function (r, i) {
      var verdict = r.verdict ? r.verdict.verdict : '';
      return el('tr', { class: 'run', 'data-verdict': verdict, 'data-workflow': r.workflowId, title: r.verdict ? r.verdict.reason : (r.failureMsg || '') }, [
        el('td', { class: 'num', text: String(i + 1) }), el('td', { text: when(r.finishedAt) }), el('td', { text: r.triggerSource || '—' }),
        el('td', { class: r.outcome === 'SUCCEEDED' ? '' : 'outcome-bad', text: r.outcome }),
        el('td', { class: 'verdict verdict-' + (verdict || 'none'), text: verdict || '—' }),
        el('td', { class: 'num', text: fmt(r.before) }), el('td', { class: 'num', text: fmt(r.after) }),
        el('td', { class: 'num', text: duration(r.durationMs) }), el('td', { class: 'num', text: duration(r.trainingMs) }),
        el('td', { class: 'num detection-lag', text: lag(r.detectionLagMs) }),
        el('td', { class: 'num', text: String(r.apiCalls) }), el('td', {}, [temporalLink(r)]),
      ]);
    });
    parts.push(el('h2', { text: 'Runs' }), el('div', { class: 'table-scroll' }, [el('table', { id: 'runs' }, [el('thead', {}, [head]), el('tbody', {}, rows)])]));
    root.replaceChildren.apply(root, parts);
    if (show) show();
  }

  var page = body.dataset.page;
  var api = body.dataset.api;
  var load = page === 'index' ? getJson(api + '/v1/models').then(renderIndex) : getJson(api + '/v1/models/' + body.dataset.domain + '/' + body.dataset.modelId).then(renderModel);
  load.then(function () { body.setAttribute('data-ready', 'true'); }, function (error) { fail(error); body.setAttribute('data-ready', 'error'); });
})();
