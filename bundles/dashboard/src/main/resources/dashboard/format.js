// Formatting and element helpers. Text only ever goes in through textContent: nothing from the API becomes markup.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * A table: columns are {label, value(row), numeric, className(row)}; numeric columns are right-aligned.
 * Returns the filled table element (replacing the children of `table` when given).
 */
export function fillTable(table, columns, rows, rowAttributes = () => ({})) {
  table.replaceChildren(
    el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col', class: c.numeric ? 'num' : null, text: c.label })))),
    el('tbody', {}, rows.map((row) => el('tr', rowAttributes(row), columns.map((c) => {
      const value = c.value(row);
      const cell = el('td', { class: [c.numeric ? 'num' : '', c.className ? c.className(row) : ''].join(' ').trim() || null });
      if (value instanceof Node) cell.append(value); else cell.textContent = value ?? '—';
      return cell;
    })))),
  );
  return table;
}

/** An ISO-8601 duration as Jackson writes it (PT0.008123S, PT1M2.5S) in milliseconds, or NaN. */
export function durationMillis(iso) {
  if (typeof iso === 'number') return iso * 1000;
  if (typeof iso !== 'string') return NaN;
  const match = /^(-)?PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(iso);
  if (!match) return NaN;
  const millis = ((+(match[2] || 0)) * 3600 + (+(match[3] || 0)) * 60 + (+(match[4] || 0))) * 1000;
  return match[1] ? -millis : millis;
}

export function number(value) {
  if (value === null || value === undefined || value === 'NaN') return NaN;
  return typeof value === 'number' ? value : Number(value);
}

export function ms(value, decimals = 3) {
  const n = number(value);
  return Number.isFinite(n) ? `${n.toFixed(decimals)} ms` : '—';
}

export function percent(value, decimals = 2) {
  const n = number(value);
  return Number.isFinite(n) ? `${(n * 100).toFixed(decimals)} %` : '—';
}

export function fixed(value, decimals) {
  const n = number(value);
  return Number.isFinite(n) ? n.toFixed(decimals) : '—';
}

/** A UTC time to the millisecond, as the shell prints it. */
export function utc(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/** A decimal string from the API shown as it came: the API already writes prices and units at their precision. */
export function decimal(value) {
  return value === null || value === undefined ? '—' : String(value);
}

/** A status with a symbol beside the word, so that colour is never the only carrier of meaning. */
export function badge(status) {
  const symbols = { UP: '●', DEGRADED: '▲', DOWN: '✖', CONNECTING: '…', STOPPED: '■', ACTIVE: '●', REDUCING: '▲', HALTED: '✖',
    UNKNOWN: '?', REJECTED: '✖', FILLED: '✔', CANCELLED: '■', PARTIALLY_FILLED: '◐', ACCEPTED: '○', SENT: '→' };
  const word = status ?? 'NONE';
  return el('span', { class: `badge badge-${String(word).toLowerCase()}`, 'data-status': word },
    el('span', { 'aria-hidden': 'true', text: `${symbols[word] ?? '·'} ` }), word);
}

/**
 * A decimal string padded to the instrument's precision without going through a binary number ("1.085" at 5 places
 * is "1.08500"); more places than the precision are left as they are, never rounded away.
 */
export function atPrecision(value, places) {
  if (value === null || value === undefined) return '—';
  const text = String(value);
  if (!Number.isInteger(places) || places <= 0 || !/^-?\d+(\.\d*)?$/.test(text)) return text;
  const [whole, fraction = ''] = text.split('.');
  return fraction.length >= places ? text : `${whole}.${fraction.padEnd(places, '0')}`;
}
