import type { ComponentType, FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { describeError } from './format';
import { Notice } from './notice';

/**
 * A page whose code loads when it is first shown (its own chunk), so the console's first load stays small.
 * A failed load (a deploy replaced the chunk, the network dropped) says so; showing the page again retries.
 *
 * @example
 *   const InventoryPage = lazyPage(() => import('./pages/inventory').then((m) => m.InventoryPage));
 *   <InventoryPage />
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): FunctionComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  return function LazyPage(props: P) {
    // A counter, not the component: useState would call a function given to it as an initialiser.
    const [, setLoads] = useState(0);
    const [error, setError] = useState<unknown>(undefined);
    useEffect(() => {
      if (loaded !== undefined) return;
      let current = true;
      loading ??= load();
      loading.then(
        (component) => {
          loaded = component;
          if (current) setLoads((n) => n + 1);
        },
        (failure: unknown) => {
          loading = undefined;
          if (current) setError(failure);
        },
      );
      return () => {
        current = false;
      };
    }, []);
    if (error !== undefined)
      return (
        <Notice kind="error">
          This page could not be loaded: {describeError(error)}. Reload to try again.
        </Notice>
      );
    if (loaded === undefined) return <p aria-live="polite">Loading…</p>;
    const Page = loaded;
    return <Page {...props} />;
  };
}
