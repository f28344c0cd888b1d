// The widget's header figures and the problems it reports about the data it was given.
import { el, fmtScore, fmtMoney } from './dom.js';

/** Fills the summary line (accounts, mean health, ARR at risk, accounts with warnings). */
export function renderSummary(target, results) {
  target.replaceChildren();
  if (!results) return;
  const sum = results.summary;
  const flagged = results.accounts.filter((a) => a.flags.length).length;
  target.append(
    el('span', { 'data-stat': 'accounts' }, el('b', null, String(sum.accounts)), ' accounts'),
    el('span', { 'data-stat': 'mean' }, 'mean health ', el('b', null, fmtScore(sum.mean_score))),
    el('span', { 'data-stat': 'risk' }, el('b', null, fmtMoney(sum.revenue_at_risk)), ' ARR at risk'),
    el('span', { 'data-stat': 'flagged' }, el('b', null, String(flagged)), ' with warnings'),
    el('span', { class: 'muted' }, `as of ${sum.as_of}`));
}

/** One problem per unusable file or file with rejected rows, as the `error` event's detail. */
export function dataProblems(results) {
  const problems = [];
  for (const f of results.files) {
    if (f.error) {
      problems.push({ message: `${f.name}: ${f.error}`, file: f.name, line: null, column: null, kind: 'file', fatal: false });
    } else if (f.rows_rejected > 0) {
      const first = f.issues.find((i) => i.severity === 'rejected') || null;
      const n = f.rows_rejected;
      problems.push({
        message: `${f.name}: ${n} row${n === 1 ? '' : 's'} rejected${first ? `; first at line ${first.line}: ${first.reason}` : ''}`,
        file: f.name,
        line: first ? first.line : null,
        column: first ? first.column : null,
        kind: 'rows',
        fatal: false,
      });
    }
  }
  return problems;
}
