// An account over time: a sparkline of its order latency per minute over the last hour (p50 solid, p99 dashed), and a
// timeline of the changes of every account's health and capabilities, newest first.
import { badge, el, utc } from './format.js';

const HOUR_SECONDS = 3600;
const TIMELINE_LENGTH = 50;
let sparklines = [];

/** The per-minute latency and both histories of one account, from the API. */
export async function loadHistory(api, accountId) {
  const base = `/accounts/${encodeURIComponent(accountId)}`;
  const [latency, health, capabilities] = await Promise.all([
    api.get(`${base}/latency?operation=placeOrder`).catch(() => []),
    api.get(`${base}/health/history`).catch(() => []),
    api.get(`${base}/capabilities/history`).catch(() => []),
  ]);
  return { latency, health, capabilities };
}

/** The cell of an account's sparkline: drawn by drawSparklines once the table is in the page. */
export function sparklineCell(accountId, minutes) {
  const values = minutes.flatMap((m) => [m.p50Millis, m.p99Millis]).filter(Number.isFinite);
  const range = values.length ? `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} ms` : 'no orders in the last hour';
  const minutesWithOrders = values.length ? ` · ${minutes.length} min` : '';
  return el('div', { class: 'sparkline-cell' },
    el('div', { class: 'sparkline', 'data-testid': 'sparkline', 'data-account': accountId, 'data-points': minutes.length, role: 'img',
      'aria-label': `placeOrder latency of ${accountId} per minute over the last hour, p50 and p99: ${range}` }),
    el('span', { class: 'sparkline-range', text: range + minutesWithOrders }));
}

/** Draws every sparkline in the page, replacing the ones drawn before. */
export function drawSparklines(latencyByAccount) {
  sparklines.forEach((plot) => plot.destroy());
  sparklines = [];
  if (typeof window.uPlot !== 'function') return;
  const now = Math.floor(Date.now() / 60000) * 60;
  for (const box of document.querySelectorAll('[data-testid="sparkline"]')) {
    const minutes = latencyByAccount.get(box.dataset.account) ?? [];
    if (!minutes.length) continue;
    const max = Math.max(...minutes.map((m) => m.p99Millis).filter(Number.isFinite), 0.001);
    sparklines.push(new window.uPlot({
      width: 140,
      height: 36,
      legend: { show: false },
      cursor: { show: false },
      axes: [{ show: false }, { show: false }],
      scales: { x: { time: false, range: [now - HOUR_SECONDS + 60, now] }, y: { range: [0, max * 1.1] } },
      series: [
        {},
        { label: 'p50 (ms)', stroke: '#2166ac', width: 1.5, points: { show: true, size: 4 } },
        { label: 'p99 (ms)', stroke: '#b35806', width: 1.5, dash: [4, 3], points: { show: true, size: 4 } },
      ],
    }, [minutes.map((m) => Date.parse(m.minute) / 1000), minutes.map((m) => m.p50Millis), minutes.map((m) => m.p99Millis)], box));
  }
}

/** Every account's health and capability changes in one list, newest first. */
export function renderTimeline(list, histories) {
  const entries = [];
  for (const [accountId, history] of histories) {
    for (const change of history.health) entries.push({ at: change.at, accountId, kind: 'health', change });
    for (const change of history.capabilities) entries.push({ at: change.at, accountId, kind: 'capabilities', change });
  }
  entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  if (!entries.length) {
    list.replaceChildren(el('li', { text: 'No change of health or capabilities yet.' }));
    return;
  }
  list.replaceChildren(...entries.slice(0, TIMELINE_LENGTH).map((entry) => (entry.kind === 'health'
    ? el('li', { 'data-account': entry.accountId, 'data-kind': 'health', 'data-to': entry.change.to },
      el('time', { datetime: entry.at, text: utc(entry.at) }), ` ${entry.accountId}: health `,
      badge(entry.change.from), ' → ', badge(entry.change.to),
      entry.change.reason ? ` (${entry.change.reason}${entry.change.code ? `, ${entry.change.code}` : ''})` : '')
    : el('li', { 'data-account': entry.accountId, 'data-kind': 'capabilities' },
      el('time', { datetime: entry.at, text: utc(entry.at) }), ` ${entry.accountId}: capabilities changed (${entry.change.trigger}) `,
      describe(entry.change.diff)))));
}

function describe(diff) {
  const parts = [
    ...diff.featuresAdded.map((f) => `+ ${f}`),
    ...diff.featuresRemoved.map((f) => `− ${f}`),
    ...Object.keys(diff.timeInForceChanged).map((t) => `time in force of ${t} changed`),
    ...diff.instrumentsAdded.map((i) => `+ instrument ${i}`),
    ...diff.instrumentsRemoved.map((i) => `− instrument ${i}`),
    ...Object.keys(diff.instrumentsChanged).map((i) => `instrument ${i} changed`),
  ];
  return parts.join(', ');
}
