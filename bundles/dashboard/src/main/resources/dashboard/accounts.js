// Accounts: type, health, trading state, order latency (p50/p99 of placeOrder), fill and reject rates, the
// capability matrix and the instruments each account trades, a sparkline of the last hour's order latency and the
// timeline of health and capability changes (account-history.js). Refreshed every five seconds while the view is open.
import { badge, durationMillis, el, fillTable, ms, percent, utc } from './format.js';
import { drawSparklines, loadHistory, renderTimeline, sparklineCell } from './account-history.js';

const PLACE_ORDER = 'placeOrder';

export async function loadAccounts(api) {
  const [accounts, risk] = await Promise.all([api.get('/accounts'), api.get('/risk').catch(() => [])]);
  const states = new Map((risk || []).filter((r) => r.accountId).map((r) => [r.accountId, r]));
  const details = await Promise.all(accounts.map(async (account) => {
    const [metrics, capabilities, instruments, history] = await Promise.all([
      api.get(`/accounts/${encodeURIComponent(account.accountId)}/metrics`).catch(() => null),
      api.get(`/accounts/${encodeURIComponent(account.accountId)}/capabilities`).catch(() => null),
      api.get(`/accounts/${encodeURIComponent(account.accountId)}/instruments`).catch(() => []),
      loadHistory(api, account.accountId),
    ]);
    const symbols = new Set((instruments || []).map((instrument) => instrument.symbol));
    return { account, metrics, capabilities, symbols, history, risk: states.get(account.accountId) };
  }));
  return details;
}

export function renderAccounts(details) {
  fillTable(document.getElementById('accounts-table'), [
    { label: 'Account', value: (d) => d.account.accountId },
    { label: 'Type', value: (d) => d.account.brokerType },
    { label: 'Health', value: (d) => badge(d.account.health?.status), className: () => 'health' },
    { label: 'Reason', value: (d) => d.account.health?.reason || '' },
    { label: 'Trading', value: (d) => (d.risk ? badge(d.risk.state) : '—') },
    { label: 'Orders', numeric: true, value: (d) => String(d.metrics?.orders?.orders ?? 0) },
    { label: 'p50 order (ms)', numeric: true, value: (d) => ms(durationMillis(operation(d)?.p50)).replace(' ms', '') },
    { label: 'p99 order (ms)', numeric: true, value: (d) => ms(durationMillis(operation(d)?.p99)).replace(' ms', '') },
    { label: 'Last hour (p50 ─, p99 ┄)', value: (d) => sparklineCell(d.account.accountId, d.history.latency) },
    { label: 'Fill rate', numeric: true, value: (d) => percent(d.metrics?.orders?.fillRate) },
    { label: 'Reject rate', numeric: true, value: (d) => percent(d.metrics?.orders?.rejectRate) },
    { label: 'Checked', value: (d) => utc(d.account.health?.checkedAt) },
  ], details, (d) => ({ 'data-account': d.account.accountId, 'data-health': d.account.health?.status }));
  drawSparklines(new Map(details.map((d) => [d.account.accountId, d.history.latency])));
  renderTimeline(document.getElementById('timeline'), new Map(details.map((d) => [d.account.accountId, d.history])));

  const features = [...new Set(details.flatMap((d) => d.capabilities?.features ?? []))].sort();
  fillTable(document.getElementById('capability-matrix'), [
    { label: 'Capability', value: (f) => f },
    ...details.map((d) => ({
      label: d.account.accountId,
      value: (f) => (d.capabilities?.features?.includes(f) ? el('span', { class: 'yes', text: '✔ yes' }) : el('span', { class: 'no', text: '— no' })),
    })),
  ], features);
  // which account trades which instrument: the question before routing an experiment between two of them
  const instruments = [...new Set(details.flatMap((d) => [...d.symbols]))].sort();
  fillTable(document.getElementById('instrument-matrix'), [
    { label: 'Instrument', value: (i) => i },
    ...details.map((d) => ({
      label: d.account.accountId,
      value: (i) => (d.symbols.has(i) ? el('span', { class: 'yes', text: '✔ yes' }) : el('span', { class: 'no', text: '— no' })),
    })),
  ], instruments);
  document.getElementById('accounts-stamp').textContent = `as of ${utc(new Date().toISOString())}, refreshed every 5 s`;
}

function operation(detail) {
  return detail.metrics?.operations?.[PLACE_ORDER];
}
