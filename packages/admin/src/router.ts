import { useEffect, useState } from 'preact/hooks';

// Hash routes (#/products, #/orders/ord_1): the server serves one page, and no route reaches the API's paths.

export type Route =
  | { page: 'products' }
  | { page: 'product'; id: string }
  | { page: 'new-product' }
  | { page: 'orders' }
  | { page: 'order'; id: string }
  | { page: 'categories' }
  | { page: 'category'; id: string }
  | { page: 'inventory' }
  | { page: 'checkout-settings' }
  | { page: 'product-images'; id: string }
  | { page: 'jobs' }
  | { page: 'job'; id: string }
  | { page: 'sales' }
  | { page: 'not-found'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/products';
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [section, id] = parts;
  if (parts.length === 1 && section === 'products') return { page: 'products' };
  if (parts.length === 2 && section === 'products' && id === 'new') return { page: 'new-product' };
  if (parts.length === 2 && section === 'products' && id) return { page: 'product', id };
  if (parts.length === 1 && section === 'orders') return { page: 'orders' };
  if (parts.length === 2 && section === 'orders' && id) return { page: 'order', id };
  if (parts.length === 1 && section === 'categories') return { page: 'categories' };
  if (parts.length === 2 && section === 'categories' && id) return { page: 'category', id };
  if (parts.length === 1 && section === 'inventory') return { page: 'inventory' };
  if (parts.length === 1 && section === 'checkout-settings') return { page: 'checkout-settings' };
  if (parts.length === 3 && section === 'products' && id && parts[2] === 'images')
    return { page: 'product-images', id };
  if (parts.length === 1 && section === 'jobs') return { page: 'jobs' };
  if (parts.length === 2 && section === 'jobs' && id) return { page: 'job', id };
  if (parts.length === 1 && section === 'sales') return { page: 'sales' };
  return { page: 'not-found', path };
}

export const href = {
  products: () => '#/products',
  newProduct: () => '#/products/new',
  product: (id: string) => `#/products/${encodeURIComponent(id)}`,
  orders: () => '#/orders',
  order: (id: string) => `#/orders/${encodeURIComponent(id)}`,
  categories: () => '#/categories',
  category: (id: string) => `#/categories/${encodeURIComponent(id)}`,
  inventory: () => '#/inventory',
  checkoutSettings: () => '#/checkout-settings',
  productImages: (id: string) => `#/products/${encodeURIComponent(id)}/images`,
  jobs: () => '#/jobs',
  job: (id: string) => `#/jobs/${encodeURIComponent(id)}`,
  sales: () => '#/sales',
};

export function navigate(to: string): void {
  window.location.hash = to.replace(/^#/, '');
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    // A change between the first render and this effect (which runs after paint) would be missed otherwise.
    onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
