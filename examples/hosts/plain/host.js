// Plain-HTML host: the package files are served unbundled from ./customer-health/.
import './customer-health/widget/customer-health-panel.js';

const panel = document.getElementById('panel');
const files = document.getElementById('files');
const view = document.getElementById('view');
const selected = document.getElementById('selected');
const log = document.getElementById('log');

files.addEventListener('change', () => {
  panel.tables = Array.from(files.files); // File objects carry their names
});
view.addEventListener('change', () => { panel.view = view.value; });

panel.addEventListener('scored', (e) => {
  const { summary } = e.detail;
  log.className = 'log';
  log.textContent = `Scored ${summary.accounts} accounts as of ${summary.as_of} (mean health ${Math.round(summary.mean_score ?? 0)}).`;
  document.body.dataset.scored = String(summary.accounts);
});

panel.addEventListener('account-selected', (e) => {
  const a = e.detail.account;
  const h2 = document.createElement('h2');
  h2.textContent = a.name || a.account_id;
  const p = document.createElement('p');
  p.textContent = `Health ${a.health_score === null ? '–' : Math.round(a.health_score)} · ${a.priority ? a.priority.play : 'no play'}`;
  const ul = document.createElement('ul');
  for (const f of a.flags) {
    const li = document.createElement('li');
    li.textContent = f.evidence;
    ul.append(li);
  }
  selected.replaceChildren(h2, p, ul);
  selected.dataset.accountId = a.account_id;
});

panel.addEventListener('error', (e) => {
  const { message, file, line } = e.detail;
  log.className = 'log error';
  log.textContent = file ? `${file}${line ? `:${line}` : ''} — ${message}` : message;
});
