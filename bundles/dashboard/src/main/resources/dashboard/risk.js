// Risk: the trading state of the runtime and of every account, each limit with its usage and headroom, and for an
// admin token only the kill switch (halt, with a confirmation that names what stops) and resume.
import { badge, decimal, el, fillTable, utc } from './format.js';

export async function showRisk(api, isAdmin, accounts, lastHalt = null) {
  const box = document.getElementById('risk');
  let status;
  try {
    status = await api.get('/risk');
  } catch (e) {
    // a halt's report stays shown when the state cannot be read right after it
    box.replaceChildren(el('p', { class: 'error', role: 'alert', text: `risk: ${e.message}` }), lastHalt ? haltReport(lastHalt) : null);
    return;
  }
  const scopes = el('table', { 'data-testid': 'risk-states' });
  fillTable(scopes, [
    { label: 'Scope', value: (s) => s.accountId ?? 'global (every account)' },
    { label: 'Trading state', value: (s) => badge(s.state) },
    { label: 'Reason', value: (s) => s.reason ?? '' },
    { label: 'By', value: (s) => s.by ?? '' },
    { label: 'Since (UTC)', value: (s) => utc(s.since) },
    { label: 'Problems', value: (s) => (s.problems ?? []).join('; ') },
  ], status, (s) => ({ 'data-scope': s.accountId ?? 'global', 'data-state': s.state }));
  const limits = el('table', { 'data-testid': 'risk-limits' });
  fillTable(limits, [
    { label: 'Scope', value: (l) => l.scope },
    { label: 'Limit', value: (l) => l.limit },
    { label: 'Instrument', value: (l) => l.instrument ?? 'all' },
    { label: 'Limit value', numeric: true, value: (l) => decimal(l.value) },
    { label: 'Used', numeric: true, value: (l) => decimal(l.usage) },
    { label: 'Headroom', numeric: true, value: (l) => decimal(l.headroom) },
    { label: 'Unit', value: (l) => l.unit ?? '' },
  ], status.flatMap((s) => s.limits ?? []));
  box.replaceChildren(...[
    el('div', { class: 'scroll' }, scopes),
    el('h3', { text: 'Limits, usage and headroom' }),
    el('div', { class: 'scroll' }, limits),
    isAdmin ? killSwitch(api, accounts, status, (report) => showRisk(api, isAdmin, accounts, report), lastHalt) : null,
  ].filter(Boolean));
}

// What the last halt did, shown after the view is drawn again: what was cancelled and closed, and, as an error, what
// was not done (an order filled first, a cancel that kept failing, orders still open, a reminder after a replace), for
// the operator to finish at the broker.
function haltReport(report) {
  if (!report) {
    return el('div', { 'data-testid': 'halt-report' });
  }
  const done = [`halted: ${report.accounts.join(', ') || 'every account'}`];
  if (report.cancelled.length) done.push(`cancelled: ${report.cancelled.join('; ')}`);
  if (report.closed.length) done.push(`closed: ${report.closed.join('; ')}`);
  return el('div', { 'data-testid': 'halt-report' },
    el('p', { role: 'status', text: done.join('. ') }),
    report.failures.length ? el('ul', { class: 'error', role: 'alert' }, report.failures.map((f) => el('li', { text: f }))) : null);
}

function killSwitch(api, accounts, status, reload, lastHalt) {
  const scope = el('select', { id: 'halt-scope' }, el('option', { value: '', text: 'every account (global)' }),
    accounts.map((a) => el('option', { value: a, text: a })));
  const reason = el('input', { id: 'halt-reason', required: true, placeholder: 'why (recorded in the risk journal)' });
  const cancelOpen = el('input', { type: 'checkbox', id: 'halt-cancel' });
  const flatten = el('input', { type: 'checkbox', id: 'halt-flatten' });
  const message = el('p', { role: 'status' });
  const confirmBox = el('div', { class: 'confirm', hidden: true, 'data-testid': 'halt-confirm' });
  const halt = el('button', { type: 'submit', class: 'admin danger', 'data-testid': 'halt' }, 'Halt trading…');
  const form = el('form', { class: 'admin-controls', 'data-testid': 'kill-switch', onsubmit: (e) => {
    e.preventDefault();
    const target = scope.value || 'EVERY account';
    confirmBox.hidden = false;
    confirmBox.replaceChildren(
      el('p', {}, el('strong', { text: `▲ No order will pass for ${target} until someone resumes it` }),
        cancelOpen.checked ? ', open orders will be cancelled' : '', flatten.checked ? ', positions will be closed' : '', '.'),
      el('button', { type: 'button', class: 'danger', 'data-testid': 'halt-confirm-yes', onclick: async () => {
        confirmBox.hidden = true;
        try {
          const report = await api.post('/risk/halt', { account: scope.value || null, reason: reason.value,
            cancelOpen: cancelOpen.checked, flatten: flatten.checked });
          reload(report);
        } catch (err) {
          message.textContent = err.message;
          message.className = 'error';
        }
      } }, `Yes, halt ${target}`),
      ' ',
      el('button', { type: 'button', onclick: () => { confirmBox.hidden = true; } }, 'No, keep trading'));
  } },
  el('h3', { text: 'Kill switch (admin)' }),
  el('label', {}, 'Scope ', scope), ' ', el('label', {}, 'Reason ', reason), ' ',
  el('label', {}, cancelOpen, ' cancel open orders'), ' ', el('label', {}, flatten, ' close positions'), ' ', halt, confirmBox, message,
  haltReport(lastHalt));

  const halted = status.filter((s) => s.state !== 'ACTIVE');
  const resume = el('div', { class: 'admin-controls', 'data-testid': 'resume' }, el('h3', { text: 'Resume (admin)' }),
    halted.length ? halted.map((s) => el('button', { type: 'button', class: 'admin', onclick: async () => {
      const scopeName = s.accountId ?? 'the global scope';
      if (!window.confirm(`Resume trading for ${scopeName}?`)) return;
      try {
        await api.post('/risk/resume', { account: s.accountId ?? null, reason: 'resumed from the dashboard' });
        reload();
      } catch (err) {
        message.textContent = err.message;
        message.className = 'error';
      }
    } }, `Resume ${s.accountId ?? 'global'}`)) : el('p', { text: 'Every scope is ACTIVE.' }));
  return el('div', {}, form, resume);
}
