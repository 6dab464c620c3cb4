// The dashboard's shell: login with an API token (kept in this tab's session storage only), the role from /me
// deciding which controls exist at all (a viewer's page has no admin control in it, not merely hidden ones), and
// the four views.
import { Api, ApiError } from './api.js';
import { loadAccounts, renderAccounts } from './accounts.js';
import { OrdersView } from './orders.js';
import { ExperimentsView } from './experiments.js';
import { showRisk } from './risk.js';
import { el } from './format.js';

const TOKEN_KEY = 'multibroker.token';
const views = ['accounts', 'orders', 'experiments', 'risk'];
let session = null;

async function login(token) {
  const api = new Api(token);
  const me = await api.get('/me');
  const role = String(me.role).toUpperCase();
  session = { api, me, role, isAdmin: role === 'ADMIN', accounts: [], timer: null };
  session.orders = new OrdersView(api);
  session.experiments = new ExperimentsView(api, session.isAdmin);
  sessionStorage.setItem(TOKEN_KEY, token);
  document.body.dataset.role = role.toLowerCase();
  document.getElementById('who').textContent = `${me.name} · ${role.toLowerCase()}`;
  document.getElementById('login').hidden = true;
  document.getElementById('tabs').hidden = false;
  document.getElementById('logout').hidden = false;
  await show(location.hash.slice(1) || 'accounts');
}

function logout() {
  sessionStorage.removeItem(TOKEN_KEY);
  location.hash = '';
  location.reload();
}

async function show(view) {
  if (!views.includes(view)) view = 'accounts';
  if (location.hash !== `#${view}`) history.replaceState(null, '', `#${view}`);
  for (const name of views) {
    document.getElementById(`view-${name}`).hidden = name !== view;
    const tab = document.querySelector(`#tabs [data-view="${name}"]`);
    if (name === view) tab.setAttribute('aria-current', 'page'); else tab.removeAttribute('aria-current');
  }
  clearInterval(session.timer);
  if (view !== 'orders') session.orders.close();
  const refresh = async () => {
    const section = document.getElementById(`view-${view}`);
    try {
      if (view === 'accounts') {
        const details = await loadAccounts(session.api);
        session.accounts = details.map((d) => d.account.accountId);
        renderAccounts(details);
      } else if (view === 'orders') {
        if (!session.accounts.length) session.accounts = (await session.api.get('/accounts')).map((a) => a.accountId);
        await session.orders.open(session.accounts);
      } else if (view === 'experiments') {
        await session.experiments.open();
      } else {
        if (!session.accounts.length) session.accounts = (await session.api.get('/accounts')).map((a) => a.accountId);
        await showRisk(session.api, session.isAdmin, session.accounts);
      }
      section.querySelector('.error.transient')?.remove();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) { logout(); return; }
      section.querySelector('.error.transient')?.remove();
      section.append(el('p', { class: 'error transient', role: 'alert', text: e.message }));
    }
  };
  await refresh();
  // orders follow their stream; the risk view holds a form an admin may be typing in: neither is redrawn on a timer
  if (view === 'accounts' || view === 'experiments') session.timer = setInterval(refresh, 5000);
}

document.getElementById('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('token');
  const error = document.getElementById('login-error');
  error.textContent = '';
  try {
    await login(input.value.trim());
    input.value = '';
  } catch (e) {
    error.textContent = e instanceof ApiError && e.status === 401 ? `Not logged in: ${e.message}` : `Not logged in: ${e.message}`;
  }
});
document.getElementById('logout').addEventListener('click', logout);
for (const tab of document.querySelectorAll('#tabs [data-view]')) {
  tab.addEventListener('click', () => show(tab.dataset.view));
}

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) login(saved).catch(() => sessionStorage.removeItem(TOKEN_KEY));
