// Orders: the journal's latest orders, then the live feed of order events over Server-Sent Events, filterable by
// account and status; a click shows the order's whole journal history. Orders whose outcome is unknown are marked
// (a symbol and the word, not only a colour) until an event or the journal says how they stand.
import { atPrecision, badge, decimal, el, fillTable, utc } from './format.js';

const MAX_ROWS = 500;

export class OrdersView {
  constructor(api) {
    this.api = api;
    this.rows = [];
    this.unknown = new Set();
    this.stop = null;
    this.timer = null;
    this.precision = new Map();
    this.accountFilter = document.getElementById('filter-account');
    this.statusFilter = document.getElementById('filter-status');
    this.accountFilter.addEventListener('change', () => this.render());
    this.statusFilter.addEventListener('change', () => this.render());
  }

  async open(accounts) {
    const known = new Set([...this.accountFilter.options].map((o) => o.value));
    for (const account of accounts) {
      if (!known.has(account)) this.accountFilter.append(el('option', { value: account, text: account }));
    }
    if (!this.stop) {
      // prices and units at each instrument's precision, as the account lists it
      await Promise.all(accounts.map(async (account) => {
        const instruments = await this.api.get(`/accounts/${encodeURIComponent(account)}/instruments`).catch(() => []);
        for (const i of instruments) this.precision.set(key(account, i.symbol), i);
      }));
      const recent = await this.api.get('/orders?status=all&limit=100');
      this.rows = recent.map(fromJournal);
      await this.refreshUnknown();
      this.render();
      this.stop = this.api.stream('/events/orders', (event) => this.onEvent(event), (state) => {
        document.getElementById('stream-state').textContent = state === 'live' ? 'live: following order events' : state;
      });
      this.timer = setInterval(() => this.refreshUnknown().then(() => this.render()).catch(() => {}), 10000);
    }
  }

  close() {
    if (this.stop) this.stop();
    if (this.timer) clearInterval(this.timer);
    this.stop = null;
    this.timer = null;
  }

  async refreshUnknown() {
    const unresolved = await this.api.get('/orders?status=unresolved&limit=1000');
    this.unknown = new Set(unresolved.map((o) => key(o.accountId, o.clientOrderId)));
  }

  onEvent(message) {
    const event = JSON.parse(message.data);
    const row = {
      id: message.id, time: event.time, accountId: event.accountId, clientOrderId: event.clientOrderId,
      brokerOrderId: event.brokerOrderId, kind: event.kind, status: event.status, instrument: event.instrument, side: event.side,
      requestedUnits: event.requestedUnits, filledUnits: event.filledUnits, price: event.fillPrice ?? event.averageFillPrice,
      reason: event.reason,
    };
    const k = key(row.accountId, row.clientOrderId);
    if (row.status === 'UNKNOWN') this.unknown.add(k);
    else if (row.status && row.kind !== 'GAP') this.unknown.delete(k);
    this.rows.unshift(row);
    if (this.rows.length > MAX_ROWS) this.rows.length = MAX_ROWS;
    this.render();
  }

  render() {
    const account = this.accountFilter.value;
    const status = this.statusFilter.value;
    const visible = this.rows.filter((r) => (!account || r.accountId === account) && (!status || r.status === status));
    fillTable(document.getElementById('order-feed'), [
      { label: 'Time (UTC)', value: (r) => utc(r.time) },
      { label: 'Account', value: (r) => r.accountId },
      { label: 'Client order id', value: (r) => r.clientOrderId ?? '—' },
      { label: 'Event', value: (r) => r.kind },
      { label: 'Status', value: (r) => (this.isUnknown(r) ? el('span', {}, badge('UNKNOWN'), ' unresolved') : badge(r.status)) },
      { label: 'Instrument', value: (r) => r.instrument ?? '—' },
      { label: 'Side', value: (r) => r.side ?? '—' },
      { label: 'Units', numeric: true, value: (r) => atPrecision(r.requestedUnits, this.instrument(r)?.unitsPrecision) },
      { label: 'Filled', numeric: true, value: (r) => atPrecision(r.filledUnits, this.instrument(r)?.unitsPrecision) },
      { label: 'Price', numeric: true, value: (r) => atPrecision(r.price, this.instrument(r)?.pricePrecision) },
    ], visible, (r) => ({
      class: this.isUnknown(r) ? 'unknown clickable' : 'clickable',
      'data-order': r.clientOrderId ?? '', 'data-status': r.status ?? '', tabindex: r.clientOrderId ? '0' : null,
      onclick: () => r.clientOrderId && this.showHistory(r.accountId, r.clientOrderId),
      onkeydown: (e) => { if (e.key === 'Enter' && r.clientOrderId) this.showHistory(r.accountId, r.clientOrderId); },
    }));
  }

  instrument(row) {
    return this.precision.get(key(row.accountId, row.instrument));
  }

  isUnknown(row) {
    return this.unknown.has(key(row.accountId, row.clientOrderId));
  }

  async showHistory(accountId, clientOrderId) {
    const panel = document.getElementById('order-history');
    panel.hidden = false;
    panel.replaceChildren(el('h3', { text: `Journal history of ${clientOrderId} at ${accountId}` }), el('p', { text: 'loading…' }));
    try {
      const entries = await this.api.get(`/orders/${encodeURIComponent(clientOrderId)}/history?account=${encodeURIComponent(accountId)}`);
      const table = el('table', { 'data-testid': 'history-table' });
      fillTable(table, [
        { label: '#', numeric: true, value: (e) => String(e.sequence) },
        { label: 'Recorded (UTC)', value: (e) => utc(e.recordedAt) },
        { label: 'Entry', value: (e) => e.kind },
        { label: 'Status', value: (e) => (e.status ? badge(e.status) : '—') },
        { label: 'Fill units', numeric: true, value: (e) => decimal(e.fillUnits) },
        { label: 'Fill price', numeric: true, value: (e) => decimal(e.fillPrice) },
        { label: 'Filled', numeric: true, value: (e) => decimal(e.filledUnits) },
        { label: 'Reason / detail', value: (e) => [e.reason, e.detail].filter(Boolean).join(' — ') },
      ], entries);
      panel.replaceChildren(el('h3', { text: `Journal history of ${clientOrderId} at ${accountId}` }), el('div', { class: 'scroll' }, table));
    } catch (e) {
      panel.replaceChildren(el('p', { class: 'error', role: 'alert', text: `history of ${clientOrderId}: ${e.message}` }));
    }
  }
}

function key(accountId, clientOrderId) {
  return `${accountId}\u0000${clientOrderId}`;
}

function fromJournal(order) {
  return {
    id: null, time: order.updatedAt, accountId: order.accountId, clientOrderId: order.clientOrderId, brokerOrderId: order.brokerOrderId,
    kind: 'JOURNAL', status: order.status, instrument: order.instrument, side: order.side, requestedUnits: order.requestedUnits,
    filledUnits: order.filledUnits, price: order.averageFillPrice ?? order.price, reason: order.reason,
  };
}
