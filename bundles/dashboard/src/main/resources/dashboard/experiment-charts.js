// The experiment's charts beyond the per-arm summary: each arm's whole latency distribution (cumulative, from the
// outcome tally's HDR histogram) on one latency axis, the sequential plan with the look reached and the level spent,
// and the split of new orders over time (a bandit's moves, a promotion). Arms differ by line style as well as colour,
// and every axis carries its unit.
import { el, fillTable, fixed } from './format.js';

/** Colour and dash per arm, in arm order: the dash tells the arms apart without colour. */
export const ARM_STYLES = [
  { stroke: '#2166ac', dash: [], name: 'solid' },
  { stroke: '#b35806', dash: [10, 5], name: 'dashed' },
  { stroke: '#1b7837', dash: [2, 4], name: 'dotted' },
  { stroke: '#762a83', dash: [12, 4, 2, 4], name: 'dash-dot' },
];

const style = (i) => ARM_STYLES[i % ARM_STYLES.length];

function chartWidth(container) {
  return Math.max(260, Math.min(container.clientWidth || 900, 1100));
}

/**
 * Every arm's cumulative latency distribution on one axis: x the latency in ms (logarithmic when every point is above
 * zero, since brokers differ by factors), y the share of the arm's orders answered within it. Returns the uPlot, or null.
 */
export function drawLatencyCdf(container, distribution) {
  const arms = (distribution?.arms ?? []).filter((a) => a.points.length);
  container.dataset.series = arms.map((a) => a.arm).join(',');
  container.dataset.points = arms.map((a) => a.points.length).join(',');
  if (!arms.length || typeof window.uPlot !== 'function') {
    container.replaceChildren(el('p', { text: 'No latency recorded yet: route orders to this experiment.' }));
    return null;
  }
  container.replaceChildren();
  const xs = [...new Set(arms.flatMap((a) => a.points.map((p) => p.latencyMillis)))].sort((a, b) => a - b);
  const series = arms.map((a) => {
    const at = new Map(a.points.map((p) => [p.latencyMillis, p.percentile]));
    return xs.map((x) => (at.has(x) ? at.get(x) : null));
  });
  const log = xs[0] > 0;
  return new window.uPlot({
    width: chartWidth(container),
    height: 300,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: log ? { time: false, distr: 3, log: 10 } : { time: false }, y: { range: [0, 100] } },
    axes: [
      { label: `latency (ms${log ? ', log scale' : ''})`, values: (u, ticks) => ticks.map((t) => (t == null ? '' : `${+t.toPrecision(3)} ms`)) },
      { label: 'orders answered within (%)', size: 60, values: (u, ticks) => ticks.map((t) => (t == null ? '' : `${t} %`)) },
    ],
    series: [
      {},
      ...arms.map((a, i) => ({
        label: `${a.arm} (${style(i).name}, ${a.orders} orders)`,
        stroke: style(i).stroke,
        dash: style(i).dash,
        width: 2,
        spanGaps: true,
        points: { show: false },
      })),
    ],
  }, [xs, ...series], container);
}

/** Where the experiment stands in its sequential plan, and the plan itself. */
export function looksSection(looks) {
  if (!looks) return el('p', { text: 'The sequential plan is not available.' });
  const total = looks.looks.length;
  const summary = looks.lookReached === 0
    ? `No look yet: the first needs ${looks.looks[0]?.ordersPerArm} orders in every arm.`
    : `At look ${looks.lookReached} of ${total}: α spent ${fixed(looks.alphaSpent, 4)} of ${fixed(looks.significanceLevel, 4)} on ${looks.primaryMetric}.`;
  const table = el('table', { 'data-testid': 'looks-table' });
  fillTable(table, [
    { label: 'Look', numeric: true, value: (l) => `${l.look} of ${total}` },
    { label: 'Orders per arm', numeric: true, value: (l) => String(l.ordersPerArm) },
    { label: 'Level tested (α)', numeric: true, value: (l) => fixed(l.level, 4) },
    { label: 'α spent up to it', numeric: true, value: (l) => fixed(l.cumulativeAlpha, 4) },
    { label: 'Reached', value: (l) => (l.reached ? el('span', { class: 'yes', text: '✔ reached' }) : el('span', { class: 'no', text: '— not yet' })) },
  ], looks.looks, (l) => ({ 'data-look': l.look, 'data-reached': String(l.reached) }));
  return el('div', {},
    el('p', { 'data-testid': 'looks-summary', 'data-look-reached': looks.lookReached, text: summary }),
    el('div', { class: 'scroll' }, table));
}

/**
 * The share of new orders each arm got over time, as steps: every snapshot of the split, then the split in force now.
 * Returns the uPlot, or null.
 */
export function drawSplitOverTime(container, snapshots, current) {
  container.dataset.snapshots = String(snapshots?.length ?? 0);
  container.dataset.sources = (snapshots ?? []).map((s) => s.source).join(',');
  if (!snapshots?.length || typeof window.uPlot !== 'function') {
    container.replaceChildren(el('p', { text: 'No split recorded in this runtime yet.' }));
    return null;
  }
  container.replaceChildren();
  const arms = Object.keys(current ?? snapshots[snapshots.length - 1].basisPoints);
  const points = [...snapshots.map((s) => ({ at: Date.parse(s.at) / 1000, split: s.basisPoints }))];
  points.push({ at: Math.max(Date.now() / 1000, points[points.length - 1].at + 1), split: current ?? points[points.length - 1].split });
  return new window.uPlot({
    width: chartWidth(container),
    height: 240,
    legend: { live: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: [0, 100] } },
    // times in UTC, as everywhere else on the page
    tzDate: (ts) => window.uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    axes: [
      { label: 'time (UTC)' },
      { label: 'share of new orders (%)', size: 60, values: (u, ticks) => ticks.map((t) => (t == null ? '' : `${t} %`)) },
    ],
    series: [
      {},
      ...arms.map((arm, i) => ({
        label: `${arm} (${style(i).name})`,
        stroke: style(i).stroke,
        dash: style(i).dash,
        width: 2,
        paths: window.uPlot.paths.stepped({ align: 1 }),
        points: { show: true, size: 6 },
      })),
    ],
  }, [points.map((p) => p.at), ...arms.map((arm) => points.map((p) => (p.split[arm] ?? 0) / 100))], container);
}
