// The page reads results as columns (www/js/account-rows.js over HealthEngine.score_columns).
// Every field of every account, read through the AccountRow views, equals the engine's JSON
// results (score_json), for the demo sets and for names in several scripts, with a non-ASCII,
// HTML-like override reason.
import { test, expect, openApp } from './fixtures.mjs';

test('account views over the columns read exactly the JSON results', async ({ page }) => {
  await openApp(page);
  const report = await page.evaluate(async () => {
    const [glue, { resultsFromColumns }] = await Promise.all([import('./pkg/customer_health.js'), import('./js/account-rows.js')]);
    await glue.default();
    // The view as plain data, shaped like `template` (the JSON value of the same field).
    const plain = (view, template) => {
      if (Array.isArray(template)) return Array.isArray(view) && view.length === template.length ? view.map((v, i) => plain(v, template[i])) : view;
      if (template && typeof template === 'object') return view && Object.fromEntries(Object.keys(template).map((k) => [k, plain(view[k], template[k])]));
      return view;
    };
    const manifest = await (await fetch('./demo/manifest.json')).json();
    const inputs = manifest.sets.map((set) => ({ id: set.id, files: set.files.map((name) => [name, fetch(`./demo/${name}`).then((r) => r.arrayBuffer())]) }));
    // Names with 2-, 3- and 4-byte UTF-8 characters, and missing ones.
    const names = ['Café Ågren', '東京 Trading', 'Notes 𝄞 & <Co>', '', 'Plain Ltd'];
    const accounts = ['account_id,account_name,arr,plan', ...Array.from({ length: 120 }, (_, i) => `U${i},${names[i % names.length]},${i % 7 ? 1000 * i : ''},${i % 3 ? 'Pro' : ''}`)];
    const csat = ['account_id,response_date,survey_type,score', ...Array.from({ length: 120 }, (_, i) => `U${i},2026-10-${String(1 + (i % 28)).padStart(2, '0')},csat,${1 + (i % 5)}`)];
    inputs.push({ id: 'unicode', files: [['accounts.csv', accounts.join('\n')], ['surveys.csv', csat.join('\n')]] });
    const sets = [];
    for (const set of inputs) {
      const engine = new glue.HealthEngine();
      for (const [name, data] of set.files) {
        const loaded = await data;
        const bytes = typeof loaded === 'string' ? new TextEncoder().encode(loaded) : new Uint8Array(loaded);
        const id = engine.begin_file(name, undefined);
        engine.push(id, bytes);
        engine.end_file(id);
      }
      const first = JSON.parse(engine.score_json(undefined)).accounts[0].account_id;
      const model = glue.default_model();
      model.overrides = [{ account_id: first, health_score: 42, reason: 'Geprüft ✓ — <b>renewal</b> & “signed” 𝄞', expires: '2999-12-31' }];
      const json = JSON.parse(engine.score_json(model));
      const views = resultsFromColumns(engine.results_columns());
      const mismatches = [];
      json.accounts.forEach((expected, i) => {
        delete expected.components;
        delete expected.near_misses; // like components, not a column (src/output/columns)
        const got = plain(views.accounts[i], expected);
        if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push({ i, got, expected });
      });
      for (const key of Object.keys(json).filter((k) => k !== 'accounts')) {
        if (JSON.stringify(views[key]) !== JSON.stringify(json[key])) mismatches.push({ key });
      }
      sets.push({
        id: set.id,
        accounts: views.accounts.length,
        flagged: views.accounts.filter((a) => a.flags.length).length,
        overridden: views.accounts.find((a) => a.override_reason)?.override_reason,
        mismatches: mismatches.slice(0, 3),
      });
      engine.free();
    }
    return sets;
  });
  expect(report.map((set) => set.id)).toContain('unicode');
  for (const set of report) {
    expect(set.mismatches, set.id).toEqual([]);
    expect(set.accounts, set.id).toBeGreaterThan(100);
    expect(set.overridden, set.id).toBe('Geprüft ✓ — <b>renewal</b> & “signed” 𝄞');
    if (set.id !== 'unicode') expect(set.flagged, set.id).toBeGreaterThan(0);
  }
});
