// React host page: installs customer-health from the packed tarball; esbuild bundles it.
import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { CustomerHealthPanel } from './CustomerHealthPanel.jsx';

// The bundle lives in dist/; the engine's runtime files are copied to dist/customer-health/.
const BASE_URL = new URL('./customer-health/', import.meta.url).href;

function App() {
  const [tables, setTables] = useState(null);
  const [view, setView] = useState('table');
  const [summary, setSummary] = useState(null);
  const [account, setAccount] = useState(null);
  const [error, setError] = useState(null);
  const [shown, setShown] = useState(true);

  return (
    <>
      <header className="bar"><strong>Acme portal</strong> · React host</header>
      <main>
        <div className="controls">
          <label>Tables <input type="file" multiple data-testid="files"
            onChange={(e) => { setError(null); setTables(Array.from(e.target.files)); }} /></label>
          <label>View <select value={view} data-testid="view" onChange={(e) => setView(e.target.value)}>
            <option value="table">Table</option><option value="quadrant">Quadrant</option><option value="outreach">Outreach</option>
          </select></label>
          <button type="button" data-testid="toggle" onClick={() => setShown((s) => !s)}>{shown ? 'Hide panel' : 'Show panel'}</button>
        </div>
        <p data-testid="summary">{summary ? `${summary.accounts} accounts scored, mean health ${Math.round(summary.mean_score ?? 0)}` : 'No data yet.'}</p>
        {error ? <p className="error" data-testid="error">{error.file ? `${error.file}${error.line ? `:${error.line}` : ''}: ` : ''}{error.message}</p> : null}
        <div className="layout">
          {shown ? (
            <CustomerHealthPanel
              tables={tables}
              view={view}
              baseUrl={BASE_URL}
              heading="Portfolio health"
              onScored={(d) => setSummary(d.summary)}
              onAccountSelected={(d) => setAccount(d.account)}
              onError={(d) => setError(d)}
            />
          ) : <div className="card">Panel hidden (its worker was terminated).</div>}
          <aside className="card" data-testid="selected">
            {account ? (
              <>
                <h2>{account.name || account.account_id}</h2>
                <p>Health {account.health_score === null ? '–' : Math.round(account.health_score)}</p>
                <p>{account.priority?.play}</p>
              </>
            ) : <p>Select an account.</p>}
          </aside>
        </div>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')).render(<StrictMode><App /></StrictMode>);
