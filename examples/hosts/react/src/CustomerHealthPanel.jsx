// A thin React wrapper: properties go through a ref, events through addEventListener, so it works
// the same on every React version (19 also maps properties itself, 18 does not).
import { useEffect, useRef } from 'react';
import 'customer-health/widget';

export function CustomerHealthPanel({ tables, model, view, baseUrl, compact, onScored, onAccountSelected, onError, ...rest }) {
  const ref = useRef(null);
  const handlers = useRef({});
  handlers.current = { onScored, onAccountSelected, onError };

  useEffect(() => {
    const el = ref.current;
    const on = (type, key) => {
      const fn = (e) => handlers.current[key]?.(e.detail, e);
      el.addEventListener(type, fn);
      return () => el.removeEventListener(type, fn);
    };
    const offs = [on('scored', 'onScored'), on('account-selected', 'onAccountSelected'), on('error', 'onError')];
    return () => offs.forEach((off) => off());
  }, []);

  useEffect(() => { ref.current.tables = tables ?? null; }, [tables]);
  useEffect(() => { ref.current.model = model ?? null; }, [model]);

  return (
    <customer-health-panel
      ref={ref}
      view={view}
      base-url={baseUrl}
      compact={compact ? '' : undefined}
      {...rest}
    />
  );
}
