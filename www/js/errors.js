// Messages in the page: banners for errors, warnings and notices. Never a blank screen.
import { h, icon } from './dom.js';

let region = null;

export function initErrors(el) {
  region = el;
  window.addEventListener('error', (e) => {
    showError('Something went wrong in the page', e.message || String(e.error || e));
  });
  window.addEventListener('unhandledrejection', (e) => {
    if (e.reason?.cancelled) return;
    showError('Something went wrong', String(e.reason?.message || e.reason));
  });
}

/** Shows a banner; returns a function that removes it. `key` replaces an earlier banner. */
export function banner(kind, title, detail, { key, actions = [], timeout = 0 } = {}) {
  if (!region) return () => {};
  if (key) region.querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
  const close = () => el.remove();
  const el = h('div', { class: `banner banner-${kind}`, role: kind === 'error' ? 'alert' : 'status', dataset: key ? { key } : undefined },
    icon(kind === 'error' || kind === 'warning' ? 'warn' : kind === 'success' ? 'check' : 'info', 18),
    h('div', { class: 'banner-body' },
      h('strong', null, title),
      detail ? h('div', { class: 'banner-detail' }, detail) : null),
    actions.map((a) => h('button', { type: 'button', class: 'btn btn-small', onclick: () => { a.run(); close(); } }, a.label)),
    h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Dismiss message', onclick: close }, icon('close', 16)));
  region.appendChild(el);
  if (timeout) setTimeout(close, timeout);
  return close;
}

export const showError = (title, detail, opts) => banner('error', title, detail, opts);
export const showWarning = (title, detail, opts) => banner('warning', title, detail, opts);
export const showNotice = (title, detail, opts) => banner('info', title, detail, { timeout: 6000, ...opts });
export const clearBanner = (key) => region?.querySelector(`[data-key="${CSS.escape(key)}"]`)?.remove();
