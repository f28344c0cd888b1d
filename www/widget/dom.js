// Small DOM and number helpers of the widget (no app code: the widget ships alone in the npm
// package).

/** `el('td', { class: 'num', onclick }, child, …)`: attributes, listeners, children. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k === 'style') for (const [p, val] of Object.entries(v)) node.style.setProperty(p, val);
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

export const isNum = (v) => typeof v === 'number' && Number.isFinite(v);
export const fmtScore = (v) => (isNum(v) ? Math.round(v).toString() : '–');

export function fmtMoney(v) {
  if (!isNum(v)) return '–';
  const abs = Math.abs(v);
  if (abs >= 1e6) return `$${(v / 1e6).toFixed(abs >= 1e7 ? 0 : 1)}M`;
  if (abs >= 1e3) return `$${(v / 1e3).toFixed(abs >= 1e4 ? 0 : 1)}k`;
  return `$${Math.round(v)}`;
}

export function fmtTrend(v) {
  if (!isNum(v)) return '–';
  const r = Math.round(v);
  return r > 0 ? `+${r}` : r < 0 ? `−${Math.abs(r)}` : '0';
}
