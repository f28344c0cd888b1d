// The widget's styles. Applied with a constructable stylesheet (adoptedStyleSheets), so a portal's
// Content-Security-Policy needs no 'unsafe-inline' for styles. Every colour, font and size comes
// from a documented --ch-* custom property (docs/embedding.md) with a fallback.
export const CSS = `
:host {
  display: block;
  box-sizing: border-box;
  min-width: 0;
  min-height: 120px;
  color: var(--ch-fg, #1d2433);
  background: var(--ch-bg, #ffffff);
  font-family: var(--ch-font, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif);
  font-size: var(--ch-font-size, 14px);
  border: 1px solid var(--ch-border, #d8dde6);
  border-radius: var(--ch-radius, 10px);
  overflow: hidden;
  contain: content;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
.root { display: flex; flex-direction: column; height: 100%; min-height: inherit; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 14px;
  border-bottom: 1px solid var(--ch-border, #d8dde6); background: var(--ch-header-bg, transparent); }
.title { font-weight: 650; font-size: 1.05em; margin: 0; }
.summary { display: flex; flex-wrap: wrap; gap: 6px 14px; color: var(--ch-muted, #5b6474); font-size: .9em; flex: 1 1 auto; }
.summary b { color: var(--ch-fg, #1d2433); font-variant-numeric: tabular-nums; }
[role=tablist] { display: flex; gap: 4px; }
[role=tab] { font: inherit; font-size: .9em; border: 1px solid var(--ch-border, #d8dde6); background: transparent;
  color: var(--ch-fg, #1d2433); border-radius: calc(var(--ch-radius, 10px) * .6); padding: 4px 10px; cursor: pointer; }
[role=tab][aria-selected=true] { background: var(--ch-accent, #2f5bd3); border-color: var(--ch-accent, #2f5bd3); color: var(--ch-accent-fg, #ffffff); }
[role=tab]:focus-visible, tr:focus-visible, .out-item:focus-visible { outline: 2px solid var(--ch-focus, #2f5bd3); outline-offset: -2px; }
.status { padding: 8px 14px; color: var(--ch-muted, #5b6474); font-size: .9em; }
.status:empty { display: none; }
.status.error { color: var(--ch-danger, #b42318); }
.views { flex: 1 1 auto; min-height: 0; overflow: auto; }
.view[hidden] { display: none; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 0 10px; height: var(--ch-row-height, 36px); border-bottom: 1px solid var(--ch-row-border, #eef0f4); white-space: nowrap; }
th { position: sticky; top: 0; background: var(--ch-bg, #ffffff); color: var(--ch-muted, #5b6474); font-weight: 600; font-size: .85em; z-index: 1; }
td.num, th.num { text-align: right; }
th button.sort { all: unset; cursor: pointer; border-radius: 3px; }
th button.sort:focus-visible { outline: 2px solid var(--ch-focus, #2f5bd3); outline-offset: 2px; }
th[aria-sort] button.sort::after { content: ' ▲'; font-size: .8em; }
th[aria-sort="descending"] button.sort::after { content: ' ▼'; }
td.name { max-width: 240px; overflow: hidden; text-overflow: ellipsis; }
tbody tr { cursor: pointer; }
tbody tr:hover { background: var(--ch-row-hover, #f4f6fa); }
tbody tr[aria-selected=true] { background: var(--ch-row-selected, #e8eefc); }
.score { display: inline-flex; align-items: center; gap: 6px; }
.bar { display: inline-block; width: 46px; height: 6px; border-radius: 3px; background: var(--ch-row-border, #eef0f4); overflow: hidden; }
.bar > i { display: block; height: 100%; background: var(--band, #98a2b3); }
.chip { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: .82em; color: #fff; background: var(--q, #98a2b3); }
.muted { color: var(--ch-muted, #5b6474); }
.down { color: var(--ch-danger, #b42318); }
.up { color: var(--ch-success, #1f7a4d); }
.more { padding: 8px 14px; color: var(--ch-muted, #5b6474); font-size: .85em; }
.chart-box { position: relative; height: var(--ch-chart-height, 320px); padding: 8px 12px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; margin: 0; padding: 4px 14px 10px; font-size: .85em; color: var(--ch-muted, #5b6474); }
.legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%; background: var(--q); margin-right: 5px; vertical-align: -1px; }
ol.outreach { list-style: none; margin: 0; padding: 0; }
.out-item { display: grid; grid-template-columns: 2.5em 1fr auto; gap: 2px 10px; padding: 8px 14px; border-bottom: 1px solid var(--ch-row-border, #eef0f4); cursor: pointer; }
.out-item:hover { background: var(--ch-row-hover, #f4f6fa); }
.out-rank { font-weight: 650; color: var(--ch-muted, #5b6474); grid-row: span 2; }
.out-name { font-weight: 600; }
.out-risk { text-align: right; font-variant-numeric: tabular-nums; }
.out-play { grid-column: 2 / 4; color: var(--ch-muted, #5b6474); font-size: .88em; }
:host([compact]) header { padding: 6px 10px; }
:host([compact]) .summary { display: none; }
:host([compact]) th, :host([compact]) td { height: var(--ch-row-height, 28px); padding: 0 6px; font-size: .92em; }
:host([compact]) .chart-box { height: var(--ch-chart-height, 240px); }
.root[data-size=narrow] .wide-only { display: none; }
.root[data-size=narrow] .title { display: none; }
.root[data-size=narrow] td.name { max-width: 140px; }
`;
