// Execution quality per arm: for every metric the report measures per fill (whatever its id: effective spread,
// markouts, and any added later), each arm's distribution as a cumulative curve from the report's quantiles, beside a
// table of each arm's mean with its 95 % interval, median and p99, and the report's test of each arm against the
// first. Values are in the unit the report gives (pips); arms differ by line style as well as colour.
import { el, fillTable, fixed, number } from './format.js';
import { ARM_STYLES } from './experiment-charts.js';

/** Names and directions of the metrics known to this page; any other id is shown by its id, without a direction. */
const KNOWN = {
  effective_spread: { name: 'Effective spread', better: 'lower' },
  price_improvement: { name: 'Price improvement', better: 'higher' },
  markout_1s: { name: 'Markout at 1 s', better: 'higher' },
  markout_5s: { name: 'Markout at 5 s', better: 'higher' },
  markout_60s: { name: 'Markout at 60 s', better: 'higher' },
  limit_fill_ratio: { name: 'Limit fill ratio', better: 'higher' },
  limit_filled: { name: 'Limit orders filled', better: 'higher' },
  time_to_fill: { name: 'Time to fill', better: 'lower' },
  implementation_shortfall: { name: 'Implementation shortfall', better: 'lower' },
};

const style = (i) => ARM_STYLES[i % ARM_STYLES.length];
const metricName = (id) => KNOWN[id]?.name ?? id.replaceAll('_', ' ');
const short = (v) => (v == null ? '' : `${+Number(v).toPrecision(3)}`);

/**
 * The section for the report's execution-quality metrics, and a function drawing its charts once the section is on
 * the page (uPlot sizes a chart by its container). The arms keep the report's order, so that each keeps its style.
 */
export function qualitySection(report, significanceLevel) {
  const armOrder = report.arms.map((a) => a.arm);
  const byMetric = new Map();
  for (const summary of report.metrics ?? []) {
    if (!byMetric.has(summary.metric)) byMetric.set(summary.metric, []);
    byMetric.get(summary.metric).push(summary);
  }
  if (!byMetric.size) {
    return {
      section: el('p', { 'data-testid': 'quality-none', text: 'No execution-quality figures yet: they come with fills, '
        + 'the markouts once their horizon has passed.' }),
      draw: () => [],
    };
  }
  const pending = [];
  const parts = [];
  for (const [metric, summaries] of byMetric) {
    summaries.sort((a, b) => order(armOrder, a.arm) - order(armOrder, b.arm));
    const unit = summaries[0].unit;
    const title = `${metricName(metric)} (${unit})`;
    const chart = el('div', { class: 'chart', 'data-testid': 'quality-chart', 'data-metric': metric, role: 'img',
      'aria-label': `${title}: each arm's distribution, the share of its fills at or below each value` });
    pending.push(() => drawDistribution(chart, summaries, title));
    parts.push(el('section', { class: 'quality-metric', 'data-testid': 'quality-metric', 'data-metric': metric, 'aria-label': title },
      el('h4', { text: title + (KNOWN[metric] ? ` · ${KNOWN[metric].better} is better` : '') }),
      chart,
      el('div', { class: 'scroll' }, summaryTable(summaries, unit)),
      verdicts(report.tests.filter((t) => t.metric === metric), unit, significanceLevel, KNOWN[metric]?.better)));
  }
  return {
    section: el('div', { 'data-testid': 'quality' },
      el('p', { class: 'legend', text: 'Each curve is one arm: the share of its fills (overrides left out) at or below each value, '
        + 'from 21 quantiles of the recorded fills (every 5 %, least to greatest). A curve further right has higher values.' }),
      ...parts),
    draw: () => pending.map((draw) => draw()).filter(Boolean),
  };
}

function order(arms, arm) {
  const i = arms.indexOf(arm);
  // shadow arms are not in the report's arms: after the live ones
  return i < 0 ? arms.length : i;
}

function summaryTable(summaries, unit) {
  const table = el('table', { 'data-testid': 'quality-table' });
  return fillTable(table, [
    { label: 'Arm', value: (s) => s.arm },
    { label: 'Fills', numeric: true, value: (s) => String(s.count) },
    { label: `Mean (${unit})`, numeric: true, value: (s) => fixed(s.mean, 3) },
    { label: '95 % interval', numeric: true, value: (s) => (Number.isFinite(number(s.lower)) ? `${fixed(s.lower, 3)} – ${fixed(s.upper, 3)}` : '—') },
    { label: 'Median', numeric: true, value: (s) => fixed(s.median, 3) },
    { label: 'p99', numeric: true, value: (s) => fixed(s.p99, 3) },
  ], summaries, (s) => ({ 'data-arm': s.arm }));
}

/** The report's test of each arm against the first on this metric, in words. */
function verdicts(tests, unit, alpha, better) {
  if (!tests.length) {
    return el('p', { class: 'legend', 'data-testid': 'quality-verdict', text: 'Not tested yet: every arm needs two fills with this figure.' });
  }
  return el('ul', { class: 'quality-verdicts', 'data-testid': 'quality-verdict' }, tests.map((t) => {
    const significant = number(t.adjustedPValue) < alpha;
    const direction = !significant || !better ? ''
      : ((number(t.difference) > 0) === (better === 'higher') ? `: ${t.arm} is better` : `: ${t.arm} is worse`);
    return el('li', { 'data-arm': t.arm, 'data-significant': String(significant) },
      `${t.arm} − ${t.baseline}: ${fixed(t.difference, 3)} ${unit}`,
      Number.isFinite(number(t.lower)) ? ` (95 % interval ${fixed(t.lower, 3)} – ${fixed(t.upper, 3)})` : '',
      ` · ${t.test} · p (Holm) ${fixed(t.adjustedPValue, 4)} · `,
      el('strong', { text: significant ? `significant at ${alpha}${direction}` : `no significant difference at ${alpha}` }));
  }));
}

/**
 * Every arm's cumulative distribution of one metric on one axis: x the value in the metric's unit, y the share of the
 * arm's fills at or below it. An arm whose fills all have one value is a vertical step. Returns the uPlot, or null.
 */
function drawDistribution(container, summaries, title) {
  const arms = summaries.filter((s) => s.quantiles?.length);
  container.dataset.series = arms.map((s) => s.arm).join(',');
  container.dataset.points = arms.map((s) => s.quantiles.length).join(',');
  if (!arms.length || typeof window.uPlot !== 'function') {
    container.replaceChildren(el('p', { text: 'No distribution recorded yet.' }));
    return null;
  }
  container.replaceChildren();
  // one shared x array: every arm's points in value order, each series having values only at its own points
  const points = arms.flatMap((s, i) => s.quantiles.map((q) => ({ x: number(q.value), y: number(q.probability) * 100, i })))
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
    .sort((a, b) => a.x - b.x || a.i - b.i || a.y - b.y);
  const xs = points.map((p) => p.x);
  const lo = xs[0];
  const hi = xs[xs.length - 1];
  // a little room either side; one unit when every value is the same
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.max(Math.abs(lo) * 0.1, 1);
  const labels = [title, 'fills at or below (%)'];
  // uPlot draws the axis labels on its canvas: said here too, for assistive technology and tests
  container.dataset.axes = labels.join(' | ');
  return new window.uPlot({
    width: Math.max(260, Math.min(container.clientWidth || 900, 1100)),
    height: 260,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false, range: [lo - pad, hi + pad] }, y: { range: [0, 100] } },
    axes: [
      { label: labels[0], values: (u, ticks) => ticks.map(short) },
      { label: labels[1], size: 60, values: (u, ticks) => ticks.map((t) => (t == null ? '' : `${t} %`)) },
    ],
    series: [
      {},
      ...arms.map((s, i) => ({
        label: `${s.arm} (${style(i).name}, ${s.count} fills)`,
        stroke: style(i).stroke,
        dash: style(i).dash,
        width: 2,
        spanGaps: true,
        points: { show: false },
      })),
    ],
  }, [xs, ...arms.map((_, i) => points.map((p) => (p.i === i ? p.y : null)))], container);
}
