// Experiments: every arm's latency on one axis (median to p99 as a line, the mean with its 95 % interval as a bar
// with end caps and a diamond), the split planned against the split seen, the verdict with its evidence (each test
// with its interval and p-values, how far the sequential plan has come), each arm's whole latency distribution, the
// sequential looks, the split over time (experiment-charts.js), each arm's execution-quality distributions with their
// means and tests (quality-charts.js), and, for an admin token only, promote and stop.
import { el, fillTable, fixed, ms, number, percent } from './format.js';
import { drawLatencyCdf, drawSplitOverTime, looksSection } from './experiment-charts.js';
import { qualitySection } from './quality-charts.js';

export class ExperimentsView {
  constructor(api, isAdmin) {
    this.api = api;
    this.isAdmin = isAdmin;
    this.select = document.getElementById('experiment-select');
    this.select.addEventListener('change', () => this.show(this.select.value));
    this.plot = null;
    this.charts = [];
  }

  async open() {
    const experiments = await this.api.get('/experiments');
    const current = this.select.value;
    this.select.replaceChildren(...experiments.map((x) => el("option", { value: x.name, text: x.name })));
    const name = experiments.some((x) => x.name === current) ? current : experiments[0]?.name;
    if (name) {
      this.select.value = name;
      await this.show(name);
    } else {
      document.getElementById('experiment').replaceChildren(el('p', { text: 'No experiment is configured.' }));
    }
  }

  async show(name) {
    const path = `/experiments/${encodeURIComponent(name)}`;
    const [view, report, latency, looks, splits] = await Promise.all([
      this.api.get(path),
      this.api.get(`${path}/report`),
      this.api.get(`${path}/latency`),
      this.api.get(`${path}/looks`),
      this.api.get(`${path}/allocations`),
    ]);
    const box = document.getElementById('experiment');
    const info = view.experiment;
    const chart = el('div', { class: 'chart', 'data-testid': 'latency-chart', role: 'img',
      'aria-label': `Latency per arm of ${name}, in milliseconds: median to p99, and the mean with its 95 % interval` });
    // a viewer's page gets no admin section at all (null children are left out, never printed)
    const cdf = el('div', { class: 'chart', 'data-testid': 'latency-cdf', role: 'img',
      'aria-label': `Cumulative latency distribution of each arm of ${name}: latency in milliseconds against the percentage of orders answered within it` });
    const split = el('div', { class: 'chart', 'data-testid': 'split-chart', role: 'img',
      'aria-label': `Share of new orders per arm of ${name} over time, in percent` });
    const quality = qualitySection(report, number(info.significanceLevel));
    box.replaceChildren(...[
      el('p', { class: 'state', 'data-testid': 'experiment-state' },
        `${info.running ? 'Running' : 'Stopped'} · primary metric ${info.primaryMetric} · allocation ${info.allocation}`
        + ` · significance level ${info.significanceLevel}`
        + (info.promotedArm ? ` · promoted ${info.promotedArm}` : '')),
      el('section', { class: 'verdict', 'data-testid': 'verdict', 'aria-label': 'Verdict' },
        el('h3', { text: 'Verdict' }),
        el('p', { class: 'verdict-text', text: report.verdict }),
        el('p', {}, report.winner ? `Winner on ${info.primaryMetric}: ${report.winner}` : 'No winner yet',
          ` · sample collected: ${percent(report.informationFraction, 0)} of the planned ${info.minimumSamplePerArm} orders per arm`,
          ` · split check p = ${fixed(report.sampleRatioPValue, 4)}`,
          report.sampleRatioMismatch ? el('strong', { class: 'warning', text: ' ▲ sample ratio mismatch: the split is broken, do not trust the results' }) : '')),
      el('h3', { text: 'Latency per arm (ms)' }),
      chart,
      el('p', { class: 'legend', 'aria-hidden': 'true' },
        el('span', { class: 'key key-range', text: '──' }), ' median to p99   ',
        el('span', { class: 'key key-ci', text: '├─┤' }), ' 95 % interval of the mean   ',
        el('span', { class: 'key key-mean', text: '◆' }), ' mean'),
      el('div', { class: 'scroll' }, armTable(report, info, view)),
      el('h3', { text: 'Latency distribution per arm (ms)' }),
      cdf,
      el('p', { class: 'legend', text: 'Each line is one arm: the share of its orders answered within each latency, from the '
        + 'outcome tally\'s histogram (three significant digits). Further left and steeper is faster; the top right is the tail.' }),
      el('h3', { text: 'Execution quality per arm' }),
      quality.section,
      el('h3', { text: 'Sequential looks' }),
      looksSection(looks),
      el('h3', { text: 'Split of new orders over time (%)' }),
      split,
      el('h3', { text: 'Evidence' }),
      el('div', { class: 'scroll' }, testTable(report)),
      this.isAdmin ? this.adminControls(name, info) : null,
    ].filter(Boolean));
    this.drawChart(chart, report.arms);
    this.charts.forEach((c) => c.destroy());
    this.charts = [drawLatencyCdf(cdf, latency), drawSplitOverTime(split, splits, view.allocation), ...quality.draw()].filter(Boolean);
  }

  drawChart(container, arms) {
    if (this.plot) this.plot.destroy();
    this.plot = null;
    const measured = arms.filter((a) => Number.isFinite(number(a.latencyP99Millis)));
    if (!measured.length || typeof window.uPlot !== 'function') {
      container.replaceChildren(el('p', { text: 'No latency recorded yet: route orders to this experiment.' }));
      return;
    }
    const max = Math.max(...measured.map((a) => Math.max(number(a.latencyP99Millis), number(a.latencyMeanUpperMillis) || 0))) * 1.1;
    const width = Math.max(280, Math.min(container.clientWidth || 900, 1100));
    const names = arms.map((a) => a.arm);
    const glyphs = (u) => drawArms(u, arms);
    this.plot = new window.uPlot({
      width, height: 70 + 46 * arms.length,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false, range: [0, max] }, y: { range: [0.5, arms.length + 0.5] } },
      axes: [
        { label: 'latency (ms)', values: (u, ticks) => ticks.map((t) => `${t} ms`) },
        { label: 'arm', size: 110, splits: () => names.map((_, i) => i + 1), values: (u, ticks) => ticks.map((t) => names[t - 1] ?? '') },
      ],
      series: [{}, { label: 'scale', show: true, stroke: 'transparent', points: { show: false } }],
      hooks: { draw: [glyphs] },
    }, [[0, max], [null, null]], container);
  }

  adminControls(name, info) {
    const arm = el('select', { 'aria-label': 'arm to promote', onchange: () => { this.chosenArm = arm.value; } },
      Object.keys(info.armBasisPoints).map((a) => el('option', { value: a, text: a })));
    if (this.chosenArm && this.chosenArm in info.armBasisPoints) arm.value = this.chosenArm;
    const message = el('p', { role: 'status' });
    const promote = el('button', { type: 'button', class: 'admin', 'data-testid': 'promote', onclick: async () => {
      if (!window.confirm(`Send every order of ${name} to ${arm.value}? (a versioned configuration change)`)) return;
      await act(message, () => this.api.post(`/experiments/${encodeURIComponent(name)}/promote`, { arm: arm.value, reason: 'promoted from the dashboard' }),
        `${arm.value} promoted`);
      this.show(name);
    } }, 'Promote…');
    const stop = el('button', { type: 'button', class: 'admin danger', 'data-testid': 'stop-experiment', disabled: !info.running, onclick: async () => {
      if (!window.confirm(`Stop routing orders to ${name}? Its configuration and outcomes are kept.`)) return;
      await act(message, () => this.api.post(`/experiments/${encodeURIComponent(name)}/stop`), `${name} stopped`);
      this.show(name);
    } }, 'Stop experiment…');
    return el('section', { class: 'admin-controls', 'data-testid': 'experiment-admin', 'aria-label': 'Admin' },
      el('h3', { text: 'Admin' }), el('label', {}, 'Arm ', arm), ' ', promote, ' ', stop, message);
  }
}

async function act(message, call, done) {
  try {
    await call();
    message.textContent = done;
    message.className = '';
  } catch (e) {
    message.textContent = e.message;
    message.className = 'error';
  }
}

/** Draws each arm on the shared latency axis: a thin line from median to p99, the mean's 95 % interval, the mean. */
function drawArms(u, arms) {
  const ctx = u.ctx;
  const ratio = window.devicePixelRatio || 1;
  ctx.save();
  arms.forEach((a, i) => {
    const y = u.valToPos(i + 1, 'y', true);
    const x = (v) => u.valToPos(number(v), 'x', true);
    const median = number(a.latencyMedianMillis);
    const p99 = number(a.latencyP99Millis);
    const mean = number(a.latencyMeanMillis);
    const lower = number(a.latencyMeanLowerMillis);
    const upper = number(a.latencyMeanUpperMillis);
    const colour = i % 2 ? '#b35806' : '#2166ac';
    ctx.strokeStyle = colour;
    ctx.fillStyle = colour;
    if (Number.isFinite(median) && Number.isFinite(p99)) {
      ctx.lineWidth = 2 * ratio;
      ctx.beginPath(); ctx.moveTo(x(median), y); ctx.lineTo(x(p99), y); ctx.stroke();
      ctx.beginPath(); ctx.moveTo(x(p99), y - 5 * ratio); ctx.lineTo(x(p99), y + 5 * ratio); ctx.stroke();
    }
    if (Number.isFinite(lower) && Number.isFinite(upper)) {
      ctx.lineWidth = 6 * ratio;
      ctx.globalAlpha = 0.45;
      ctx.beginPath(); ctx.moveTo(x(lower), y); ctx.lineTo(x(upper), y); ctx.stroke();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 2 * ratio;
      for (const end of [lower, upper]) {
        ctx.beginPath(); ctx.moveTo(x(end), y - 9 * ratio); ctx.lineTo(x(end), y + 9 * ratio); ctx.stroke();
      }
    }
    if (Number.isFinite(mean)) {
      const cx = x(mean);
      const r = 7 * ratio;
      ctx.beginPath(); ctx.moveTo(cx, y - r); ctx.lineTo(cx + r, y); ctx.lineTo(cx, y + r); ctx.lineTo(cx - r, y); ctx.closePath(); ctx.fill();
    }
  });
  ctx.restore();
}

function armTable(report, info, view) {
  const total = report.arms.reduce((sum, a) => sum + a.orders, 0);
  const table = el('table', { 'data-testid': 'arm-table' });
  return fillTable(table, [
    { label: 'Arm', value: (a) => a.arm },
    { label: 'Planned split', numeric: true, value: (a) => percent((info.armBasisPoints[a.arm] ?? 0) / 10000, 2) },
    { label: 'Split now', numeric: true, value: (a) => percent((view.allocation?.[a.arm] ?? 0) / 10000, 2) },
    { label: 'Split seen', numeric: true, value: (a) => (total ? percent(a.orders / total, 2) : '—') },
    { label: 'Orders', numeric: true, value: (a) => String(a.orders) },
    { label: 'Overrides', numeric: true, value: (a) => String(a.overrides) },
    { label: 'Mean', numeric: true, value: (a) => ms(a.latencyMeanMillis) },
    { label: '95 % interval', numeric: true, value: (a) => `${ms(a.latencyMeanLowerMillis)} – ${ms(a.latencyMeanUpperMillis)}` },
    { label: 'Median', numeric: true, value: (a) => ms(a.latencyMedianMillis) },
    { label: 'p99', numeric: true, value: (a) => ms(a.latencyP99Millis) },
    { label: 'Fill rate', numeric: true, value: (a) => percent(a.fillRate) },
    { label: 'Reject rate', numeric: true, value: (a) => percent(a.rejectRate) },
    { label: 'Slippage (pips)', numeric: true, value: (a) => fixed(a.meanSlippagePips, 2) },
  ], report.arms);
}

function testTable(report) {
  const table = el('table', { 'data-testid': 'test-table' });
  if (!report.tests.length) {
    return el('p', { text: 'No comparison yet: every arm needs orders first.' });
  }
  return fillTable(table, [
    { label: 'Metric', value: (t) => t.metric },
    { label: 'Test', value: (t) => t.test },
    { label: 'Arm vs baseline', value: (t) => `${t.arm} vs ${t.baseline}` },
    { label: 'Difference', numeric: true, value: (t) => fixed(t.difference, 3) },
    { label: '95 % interval', numeric: true, value: (t) => (Number.isFinite(number(t.lower)) ? `${fixed(t.lower, 3)} – ${fixed(t.upper, 3)}` : 'not given by this test') },
    { label: 'p', numeric: true, value: (t) => fixed(t.pValue, 4) },
    { label: 'p (Holm)', numeric: true, value: (t) => fixed(t.adjustedPValue, 4) },
  ], report.tests);
}
