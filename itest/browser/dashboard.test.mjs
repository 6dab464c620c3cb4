// The dashboard in a real browser (Debian's headless Chromium driven by playwright-core) against the assembled
// runtime that DashboardIT started: log in, both paper accounts UP, an order placed through the API arriving in
// the live feed with its journal history, the demo experiment's chart and verdict, its latency distributions and
// sequential looks, its execution-quality distributions per arm, a bandit's split over time, the accounts' latency sparklines and health timeline, the kill switch's confirmation,
// a viewer seeing no admin control, a phone's width. Screenshots go to $SCREENSHOTS. Exits non-zero on the first
// failure, naming the step.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
};
const BASE = env('DASHBOARD_BASE');
const ADMIN = env('ADMIN_TOKEN');
const VIEWER = env('VIEWER_TOKEN');
const TRADER = env('TRADER_TOKEN');
const SCREENSHOTS = env('SCREENSHOTS');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const STEP_TIMEOUT = 20000;
const RUN = Date.now().toString(36);

mkdirSync(SCREENSHOTS, { recursive: true });

async function api(method, path, token, body) {
  const response = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

function order(clientOrderId, routing, side = 'BUY') {
  return { clientOrderId, routing, instrument: 'EUR_USD', side, units: '1000' };
}

let step = 'start';
let lastPage = null;
const passed = [];
async function check(name, body) {
  step = name;
  const started = Date.now();
  await body();
  passed.push(name);
  console.log(`ok ${passed.length} - ${name} (${Date.now() - started} ms)`);
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  // as root in CI, and with no network to reach: see shared/TOOLCHAIN.md
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});

/** A fresh browser context at the given size, logged in with the token; page errors and CSP refusals fail the run. */
async function loggedIn(token, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT);
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console error: ${m.text()}`); });
  page.on('dialog', (dialog) => dialog.accept());
  lastPage = page;
  await page.goto(`${BASE}/dashboard/`);
  assert.match(page.url(), /\/dashboard\/index\.html/);
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#tabs:not([hidden])');
  return { context, page };
}

/** The legend entries of a chart's arms (uPlot writes the legend as HTML beneath the canvas). */
async function armLegend(page, chart) {
  const rows = await page.$$eval(`${chart} .u-legend .u-series`, (cells) => cells.map((c) => c.textContent.trim()));
  return rows.filter((text) => text.includes('paper-'));
}

function noProblems(page) {
  assert.deepEqual(page.problems, [], 'the page logged errors');
}

let failed = null;
try {
  await check('a wrong token is refused with the API\'s reason', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT);
    await page.goto(`${BASE}/dashboard/`);
    await page.fill('#token', 'mbt_nothing.wrong');
    await page.click('#login-form button[type=submit]');
    await page.waitForFunction(() => document.getElementById('login-error').textContent.includes('Not logged in'));
    assert.equal(await page.isVisible('#tabs'), false);
    await context.close();
  });

  const admin = await loggedIn(ADMIN);
  const page = admin.page;

  await check('the admin sees both paper accounts UP with latency, rates and the capability matrix', async () => {
    await page.waitForSelector('#accounts-table tr[data-account="paper-fast"][data-health="UP"]');
    await page.waitForSelector('#accounts-table tr[data-account="paper-slow"][data-health="UP"]');
    assert.match(await page.textContent('#who'), /admin/);
    const health = await page.textContent('#accounts-table tr[data-account="paper-fast"] td.health');
    assert.match(health, /UP/, 'the health is spelled out, not only coloured');
    const numeric = await page.$$eval('#accounts-table td.num', (cells) => cells.map((c) => getComputedStyle(c).textAlign));
    assert.ok(numeric.length === 2 * 5 && numeric.every((a) => a === 'right'), `numbers right-aligned: ${numeric}`);
    const headers = await page.$$eval('#accounts-table th', (cells) => cells.map((c) => c.textContent));
    assert.ok(headers.includes('p50 order (ms)') && headers.includes('p99 order (ms)'), `units in headers: ${headers}`);
    const matrix = await page.textContent('#capability-matrix');
    assert.match(matrix, /MARKET_ORDERS/);
    assert.match(matrix, /paper-fast/);
    // the shipped paper accounts both trade EUR_USD
    const eurUsd = await page.textContent('#instrument-matrix tr:has-text("EUR_USD")');
    assert.equal((eurUsd.match(/✔ yes/g) || []).length, 2, eurUsd);
    await page.screenshot({ path: join(SCREENSHOTS, 'accounts-1280x800.png'), fullPage: true });
    noProblems(page);
  });

  const clientOrderId = `dash-${RUN}-1`;
  await check('an order placed through the API arrives in the live feed, and its journal history opens on click', async () => {
    await page.click('#tabs [data-view="orders"]');
    await page.waitForFunction(() => document.getElementById('stream-state').textContent.startsWith('live'));
    const placed = await api('POST', '/orders', TRADER, order(clientOrderId, { strategy: 'EXPLICIT', account: 'paper-fast' }));
    assert.equal(placed.status, 'FILLED');
    const row = `#order-feed tr[data-order="${clientOrderId}"][data-status="FILLED"]`;
    await page.waitForSelector(row);
    const cells = await page.$$eval(`${row} td`, (tds) => tds.map((td) => td.textContent));
    assert.ok(cells.includes('paper-fast') && cells.includes('EUR_USD') && cells.includes('1000'), `row: ${cells}`);
    // the fill price at EUR_USD's precision (5 places), as the API's decimal string padded, never rounded
    assert.ok(cells.some((c) => /^\d\.\d{5}$/.test(c)), `price at 5 places: ${cells}`);
    await page.click(row);
    await page.waitForSelector('[data-testid="history-table"] tbody tr');
    const entries = await page.$$eval('[data-testid="history-table"] tbody tr', (rows) => rows.map((r) => r.textContent));
    assert.ok(entries.length >= 2, `the journal has the intent and the answer: ${entries}`);
    assert.match(entries.join('\n'), /FILLED/);
    await page.screenshot({ path: join(SCREENSHOTS, 'orders-1280x800.png'), fullPage: true });
    // filtered to the other account, the order leaves the feed; back to all, it returns
    await page.selectOption('#filter-account', 'paper-slow');
    assert.equal(await page.$(row), null);
    await page.selectOption('#filter-account', '');
    await page.selectOption('#filter-status', 'FILLED');
    await page.waitForSelector(row);
    assert.equal(await page.$(`#order-feed tr[data-status="REJECTED"]`), null);
    await page.selectOption('#filter-status', '');
    noProblems(page);
  });

  await check('the demo experiment shows every arm on one latency axis, the splits, the verdict and, to an admin, promote and stop', async () => {
    // both arms need orders before the report has latencies: 40 orders through the experiment, eight at a time
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all(Array.from({ length: 8 }, (_, i) =>
        api('POST', '/orders', TRADER, order(`dash-${RUN}-x${batch}-${i}`, { strategy: 'EXPERIMENT', experiment: 'demo' }, i % 2 ? 'SELL' : 'BUY'))));
    }
    await page.click('#tabs [data-view="experiments"]');
    await page.waitForSelector('[data-testid="latency-chart"] canvas');
    const verdict = await page.textContent('[data-testid="verdict"] .verdict-text');
    const report = await api('GET', '/experiments/demo/report', VIEWER);
    assert.equal(verdict.trim(), report.verdict.trim(), 'the verdict is the report\'s');
    const arms = await page.$$eval('[data-testid="arm-table"] tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    assert.deepEqual([...arms].sort(), ['paper-fast', 'paper-slow']);
    const planned = await page.$$eval('[data-testid="arm-table"] tbody tr', (rows) => rows.map((r) => r.children[1].textContent));
    assert.deepEqual(planned, ['50.00 %', '50.00 %']);
    // uPlot draws its axes on the canvas: the unit is in the heading and in the chart's text alternative
    assert.ok(await page.isVisible('h3:has-text("Latency per arm (ms)")'));
    assert.match(await page.getAttribute('[data-testid="latency-chart"]', 'aria-label'), /in milliseconds/);
    assert.ok(await page.isVisible('[data-testid="promote"]'));
    assert.ok(await page.isVisible('[data-testid="stop-experiment"]'));
    assert.doesNotMatch(await page.textContent('#view-experiments'), /\b(null|undefined|NaN)\b/, 'no placeholder printed');
    await page.screenshot({ path: join(SCREENSHOTS, 'experiment-demo-1280x800.png'), fullPage: true });
    noProblems(page);
  });

  await check('the demo experiment draws each arm\'s latency distribution on one axis, its sequential looks and its split over time', async () => {
    // 40 more orders, so that both arms pass the first look (20 orders each with the demo's 200 per arm)
    for (let batch = 0; batch < 5; batch++) {
      await Promise.all(Array.from({ length: 8 }, (_, i) =>
        api('POST', '/orders', TRADER, order(`dash-${RUN}-y${batch}-${i}`, { strategy: 'EXPERIMENT', experiment: 'demo' }, i % 2 ? 'SELL' : 'BUY'))));
    }
    // outcomes reach the store a few milliseconds after their orders: the API is asked until all 80 are in
    const sum = (counts) => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
    let recorded = 0;
    for (const deadline = Date.now() + STEP_TIMEOUT; recorded < 80 && Date.now() < deadline;) {
      const demo = await api('GET', '/experiments/demo', VIEWER);
      recorded = sum(demo.orders) + sum(demo.overrides);
      if (recorded < 80) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(recorded, 80, 'every order of the demo experiment has its outcome recorded');
    const looks = await api('GET', '/experiments/demo/looks', VIEWER);
    assert.ok(looks.lookReached >= 1, `both arms past the first look: ${JSON.stringify(looks)}`);
    const distribution = await api('GET', '/experiments/demo/latency', VIEWER);
    const arms = distribution.arms.filter((a) => a.points.length).map((a) => a.arm);
    assert.deepEqual([...arms].sort(), ['paper-fast', 'paper-slow'], 'both arms have a distribution');
    for (const arm of distribution.arms) {
      assert.equal(arm.points[arm.points.length - 1].percentile, 100, `${arm.arm}'s distribution ends at 100 %`);
    }
    // the page refreshes every 5 s: wait for it to show the look the API reports
    await page.waitForSelector(`[data-testid="looks-summary"][data-look-reached="${looks.lookReached}"]`);
    const cdf = '[data-testid="latency-cdf"]';
    // the page shows the same points once it has refreshed after the last outcome
    await page.waitForSelector(`${cdf}[data-points="${distribution.arms.map((a) => a.points.length).join(',')}"] canvas`);
    assert.equal(await page.getAttribute(cdf, 'data-series'), arms.join(','), 'one series per arm, in the arms\' order');
    const legend = await armLegend(page, cdf);
    assert.equal(legend.length, 2, `one legend entry per arm: ${legend}`);
    assert.match(legend[0], /paper-fast \(solid, \d+ orders\)/, 'arms told apart by line style, not only colour');
    assert.match(legend[1], /paper-slow \(dashed, \d+ orders\)/);
    assert.match(await page.getAttribute(cdf, 'aria-label'), /milliseconds.*percentage/);
    assert.ok(await page.isVisible('h3:has-text("Latency distribution per arm (ms)")'));
    assert.match(await page.textContent('[data-testid="looks-summary"]'), new RegExp(`At look ${looks.lookReached} of 10: α spent 0\\.\\d{4} of 0\\.0500 on latency`));
    assert.equal((await page.$$('[data-testid="looks-table"] tbody tr')).length, 10);
    assert.equal((await page.$$('[data-testid="looks-table"] tr[data-reached="true"]')).length, looks.lookReached);
    const split = '[data-testid="split-chart"]';
    await page.waitForSelector(`${split} canvas`);
    assert.equal(await page.getAttribute(split, 'data-sources'), 'configured', 'a fixed split has only its configured weights');
    await page.screenshot({ path: join(SCREENSHOTS, 'experiment-distribution-1280x800.png'), fullPage: true });
    noProblems(page);
  });

  await check('the demo experiment draws each arm\'s execution-quality distributions beside their means and the tests between arms', async () => {
    // the 60 s markouts of the first orders are taken a minute after their fills: the report is asked until it has them
    const wanted = ['effective_spread', 'markout_1s', 'markout_5s', 'markout_60s'];
    const complete = (r) => wanted.every((m) => ['paper-fast', 'paper-slow'].every((arm) =>
      r.metrics.some((s) => s.metric === m && s.arm === arm && s.count >= 2)));
    let report = await api('GET', '/experiments/demo/report', VIEWER);
    for (const deadline = Date.now() + 100000; !complete(report) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      report = await api('GET', '/experiments/demo/report', VIEWER);
    }
    assert.ok(complete(report), `both arms have effective spread and every markout: ${JSON.stringify(report.metrics.map((s) => [s.metric, s.arm, s.count]))}`);
    for (const s of report.metrics) {
      assert.equal(s.quantiles.length, 21, `${s.metric} of ${s.arm}: 21 quantiles`);
      assert.equal(s.quantiles[20].probability, 1);
    }
    const metrics = [...new Set(report.metrics.map((s) => s.metric))];
    // the page refreshes every 5 s: wait until it draws every metric the report has, the 60 s markout included
    for (const metric of metrics) {
      const chart = `[data-testid="quality-chart"][data-metric="${metric}"]`;
      await page.waitForSelector(`${chart}[data-series="paper-fast,paper-slow"][data-points="21,21"] canvas`, { timeout: 30000 });
      assert.deepEqual((await armLegend(page, chart)).map((l) => l.replace(/\d+ fills/, 'n fills')),
        ['paper-fast (solid, n fills)', 'paper-slow (dashed, n fills)'], `${metric}: arms told apart by line style and named`);
      assert.match(await page.getAttribute(chart, 'data-axes'), / \(pips\) \| fills at or below \(%\)$/, `${metric}: axes labelled with units`);
    }
    assert.deepEqual(await page.$$eval('[data-testid="quality-metric"]', (parts) => parts.map((p) => p.dataset.metric)), metrics,
      'one chart per metric the report lists, by id');
    assert.match(await page.textContent('[data-testid="quality-metric"][data-metric="markout_5s"] h4'), /^Markout at 5 s \(pips\) · higher is better$/);
    // the table beside each chart: the mean and its interval as the report gives them (the page refreshes: compare
    // with the report read after the page has drawn, the arms' counts equal)
    report = await api('GET', '/experiments/demo/report', VIEWER);
    for (const metric of ['effective_spread', 'markout_1s']) {
      const section = `[data-testid="quality-metric"][data-metric="${metric}"]`;
      for (const arm of ['paper-fast', 'paper-slow']) {
        const s = report.metrics.find((x) => x.metric === metric && x.arm === arm);
        await page.waitForFunction(({ section, arm, count }) =>
          document.querySelector(`${section} tr[data-arm="${arm}"] td:nth-child(2)`)?.textContent === String(count), { section, arm, count: s.count });
        const cells = await page.$$eval(`${section} tr[data-arm="${arm}"] td`, (tds) => tds.map((td) => td.textContent));
        assert.equal(cells[2], s.mean.toFixed(3), `${metric} ${arm}: mean`);
        assert.equal(cells[3], `${s.lower.toFixed(3)} – ${s.upper.toFixed(3)}`, `${metric} ${arm}: 95 % interval`);
      }
      const test = report.tests.find((t) => t.metric === metric);
      const verdict = await page.textContent(`${section} [data-testid="quality-verdict"] li[data-arm="paper-slow"]`);
      assert.ok(verdict.startsWith(`paper-slow − paper-fast: ${test.difference.toFixed(3)} pips`), verdict);
      assert.match(verdict, test.adjustedPValue < 0.05 ? /significant at 0\.05: paper-slow is (better|worse)/ : /no significant difference at 0\.05/);
    }
    assert.doesNotMatch(await page.textContent('[data-testid="quality"]'), /\b(null|undefined|NaN)\b/, 'no placeholder printed');
    await page.locator('[data-testid="quality"]').screenshot({ path: join(SCREENSHOTS, 'experiment-quality-1280x800.png') });
    noProblems(page);
  });

  await check('a bandit experiment\'s split over time shows the configured weights, then the bandit\'s', async () => {
    const name = `bandit-${RUN}`;
    await api('POST', '/experiments', ADMIN, { name, arms: { 'paper-fast': '50', 'paper-slow': '50' },
      settings: { allocation: 'thompson', 'primary.metric': 'latency', 'minimum.sample.per.arm': '100' } });
    // the bandit moves once every arm has 10 outcomes: 64 orders through it, eight at a time
    for (let batch = 0; batch < 8; batch++) {
      await Promise.all(Array.from({ length: 8 }, (_, i) =>
        api('POST', '/orders', TRADER, order(`dash-${RUN}-b${batch}-${i}`, { strategy: 'EXPERIMENT', experiment: name }, i % 2 ? 'SELL' : 'BUY'))));
    }
    let splits = [];
    for (const deadline = Date.now() + STEP_TIMEOUT; Date.now() < deadline;) {
      splits = await api('GET', `/experiments/${name}/allocations`, VIEWER);
      if (splits.some((s) => s.source === 'bandit')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(splits[0].source, 'configured');
    assert.deepEqual(splits[0].basisPoints, { 'paper-fast': 5000, 'paper-slow': 5000 });
    assert.ok(splits.some((s) => s.source === 'bandit'), `the supervisor set a bandit split: ${JSON.stringify(splits)}`);
    await page.selectOption('#experiment-select', name);
    const split = '[data-testid="split-chart"]';
    await page.waitForSelector(`${split}[data-sources^="configured,bandit"] canvas`);
    assert.deepEqual(await armLegend(page, split), ['paper-fast (solid)', 'paper-slow (dashed)']);
    assert.ok(await page.isVisible('h3:has-text("Split of new orders over time (%)")'));
    await page.screenshot({ path: join(SCREENSHOTS, 'experiment-bandit-1280x800.png'), fullPage: true });
    await api('DELETE', `/experiments/${name}`, ADMIN);
    noProblems(page);
  });

  await check('each account has a sparkline of its last hour of order latency, and the timeline shows the accounts coming UP', async () => {
    await page.click('#tabs [data-view="accounts"]');
    for (const account of ['paper-fast', 'paper-slow']) {
      const minutes = await api('GET', `/accounts/${account}/latency`, VIEWER);
      assert.ok(minutes.length >= 1 && minutes.every((m) => m.p99Millis >= m.p50Millis), `${account}: ${JSON.stringify(minutes)}`);
      const spark = `[data-testid="sparkline"][data-account="${account}"]`;
      await page.waitForSelector(`${spark} canvas`);
      assert.ok(Number(await page.getAttribute(spark, 'data-points')) >= 1, `${account}'s sparkline has points`);
      assert.match(await page.getAttribute(spark, 'aria-label'), /per minute over the last hour, p50 and p99: [\d.]+–[\d.]+ ms/);
      const up = `#timeline li[data-kind="health"][data-account="${account}"][data-to="UP"]`;
      await page.waitForSelector(up);
      assert.match(await page.textContent(up), new RegExp(`${account}: health .+ → ●\\s*UP`), 'the change in words and symbols');
      const history = await api('GET', `/accounts/${account}/health/history`, VIEWER);
      assert.equal(history[0].from, 'CONNECTING', `the first change is the account's start: ${JSON.stringify(history)}`);
      assert.ok(history.some((c) => c.to === 'UP'));
    }
    const headers = await page.$$eval('#accounts-table th', (cells) => cells.map((c) => c.textContent));
    assert.ok(headers.includes('Last hour (p50 ─, p99 ┄)'), `${headers}`);
    await page.screenshot({ path: join(SCREENSHOTS, 'accounts-history-1280x800.png'), fullPage: true });
    noProblems(page);
  });

  await check('the kill switch halts only after its confirmation, and resume brings the account back', async () => {
    await page.click('#tabs [data-view="risk"]');
    await page.waitForSelector('[data-testid="risk-states"] tr[data-scope="paper-slow"][data-state="ACTIVE"]');
    await page.selectOption('#halt-scope', 'paper-slow');
    await page.fill('#halt-reason', 'dashboard browser test');
    await page.click('[data-testid="halt"]');
    await page.waitForSelector('[data-testid="halt-confirm"]:not([hidden])');
    const before = await api('GET', '/risk', VIEWER);
    assert.equal(before.find((s) => s.accountId === 'paper-slow').state, 'ACTIVE', 'nothing halted before the confirmation');
    await page.screenshot({ path: join(SCREENSHOTS, 'risk-confirm-1280x800.png'), fullPage: true });
    await page.click('[data-testid="halt-confirm-yes"]');
    await page.waitForSelector('[data-testid="risk-states"] tr[data-scope="paper-slow"][data-state="HALTED"]');
    // what the halt did stays shown once the view is drawn again (it was written to a message the redraw threw away)
    await page.waitForSelector('[data-testid="halt-report"] p:has-text("halted: paper-slow")');
    const halted = await api('GET', '/risk', VIEWER);
    assert.equal(halted.find((s) => s.accountId === 'paper-slow').state, 'HALTED');
    assert.equal(halted.find((s) => s.accountId === 'paper-fast').state, 'ACTIVE');
    await page.click('[data-testid="resume"] button:has-text("Resume paper-slow")');
    await page.waitForSelector('[data-testid="risk-states"] tr[data-scope="paper-slow"][data-state="ACTIVE"]');
    noProblems(page);
  });
  await admin.context.close();

  await check('a viewer token sees every view and no admin control', async () => {
    const { context, page: viewer } = await loggedIn(VIEWER);
    await viewer.waitForSelector('#accounts-table tr[data-account="paper-fast"]');
    assert.match(await viewer.textContent('#who'), /viewer/);
    await viewer.click('#tabs [data-view="experiments"]');
    await viewer.waitForSelector('[data-testid="verdict"]');
    await viewer.click('#tabs [data-view="risk"]');
    await viewer.waitForSelector('[data-testid="risk-states"] tbody tr');
    await viewer.click('#tabs [data-view="orders"]');
    await viewer.waitForFunction(() => document.getElementById('stream-state').textContent.startsWith('live'));
    const controls = await viewer.$$('[data-testid="experiment-admin"], [data-testid="promote"], [data-testid="stop-experiment"], '
      + '[data-testid="kill-switch"], [data-testid="halt"], [data-testid="resume"], .admin, .admin-controls');
    assert.equal(controls.length, 0, 'no admin control in a viewer\'s page');
    for (const view of ['experiments', 'risk']) {
      assert.doesNotMatch(await viewer.textContent(`#view-${view}`), /\b(null|undefined|NaN)\b/, `${view}: no placeholder printed`);
    }
    await viewer.click('#tabs [data-view="experiments"]');
    await viewer.waitForSelector('[data-testid="verdict"]');
    await viewer.screenshot({ path: join(SCREENSHOTS, 'viewer-experiment-1280x800.png'), fullPage: true });
    noProblems(viewer);
    await context.close();
  });

  await check('at a phone\'s width the page does not scroll sideways (tables scroll inside their box)', async () => {
    const { context, page: phone } = await loggedIn(VIEWER, { width: 390, height: 844 });
    await phone.waitForSelector('#accounts-table tr[data-account="paper-slow"][data-health="UP"]');
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
    await phone.screenshot({ path: join(SCREENSHOTS, 'accounts-phone-390.png'), fullPage: true });
    await phone.click('#tabs [data-view="experiments"]');
    await phone.waitForSelector('[data-testid="latency-chart"] canvas');
    await phone.waitForSelector('[data-testid="quality-chart"][data-metric="markout_60s"] canvas');
    const chartOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(chartOverflow <= 0, `the experiment view is ${chartOverflow}px wider than the phone`);
    await phone.screenshot({ path: join(SCREENSHOTS, 'experiment-phone-390.png'), fullPage: true });
    await phone.locator('[data-testid="quality"]').screenshot({ path: join(SCREENSHOTS, 'experiment-quality-phone-390.png') });
    noProblems(phone);
    await context.close();
  });
} catch (e) {
  failed = e;
  if (lastPage && !lastPage.isClosed()) {
    console.log(`the page's problems: ${JSON.stringify(lastPage.problems)}`);
    await lastPage.screenshot({ path: join(SCREENSHOTS, 'failure.png'), fullPage: true }).catch(() => {});
  }
} finally {
  await browser.close();
}
if (failed) {
  console.log(`not ok ${passed.length + 1} - ${step}`);
  console.log(failed.stack || String(failed));
  process.exit(1);
}
console.log(`${passed.length} passed, 0 failed`);
