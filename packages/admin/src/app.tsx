import { useEffect, useState } from 'preact/hooks';
import { UNAUTHORIZED_EVENT } from './api';
import { OrderDetailPage } from './pages/order-detail';
import { OrdersPage } from './pages/orders';
import { ProductFormPage } from './pages/product-form';
import { ProductsPage } from './pages/products';
import { href, type Route, useRoute } from './router';
import { type SessionState, type SignInMethod, signOut } from './session';
import { lazyPage } from './ui/lazy-page';

// Pages loaded when first shown, each its own chunk: the first load carries products and orders only.
const CategoriesPage = lazyPage(() => import('./pages/categories').then((m) => m.CategoriesPage));
const InventoryPage = lazyPage(() => import('./pages/inventory').then((m) => m.InventoryPage));
const CheckoutSettingsPage = lazyPage(() =>
  import('./pages/checkout-settings').then((m) => m.CheckoutSettingsPage),
);
const ProductImagesPage = lazyPage(() => import('./pages/product-images').then((m) => m.ProductImagesPage));
const JobsPage = lazyPage(() => import('./pages/jobs').then((m) => m.JobsPage));
const SalesPage = lazyPage(() => import('./pages/sales').then((m) => m.SalesPage));

/**
 * The console's sections, in the navigation's order. A new section adds itself here with a route in
 * router.ts and a page in pages/ (lazily loaded, as above). A product's images belong to Products.
 */
const SECTIONS = [
  {
    id: 'products',
    label: 'Products',
    href: href.products(),
    pages: ['products', 'product', 'new-product', 'product-images'],
  },
  { id: 'orders', label: 'Orders', href: href.orders(), pages: ['orders', 'order'] },
  { id: 'categories', label: 'Categories', href: href.categories(), pages: ['categories', 'category'] },
  { id: 'inventory', label: 'Inventory', href: href.inventory(), pages: ['inventory'] },
  {
    id: 'checkout-settings',
    label: 'Shipping, tax, discounts',
    href: href.checkoutSettings(),
    pages: ['checkout-settings'],
  },
  { id: 'jobs', label: 'Imports and exports', href: href.jobs(), pages: ['jobs', 'job'] },
  { id: 'sales', label: 'Sales', href: href.sales(), pages: ['sales'] },
] as const;

/** `signIn` is how this deployment signs in (main.tsx picks it); `initial` is the session it found. */
export function App({ signIn, initial }: { signIn: SignInMethod; initial: SessionState }) {
  const [state, setState] = useState<SessionState>(initial);
  useEffect(() => {
    const onUnauthorized = () => {
      signOut();
      setState({
        kind: 'signed-out',
        reason: 'Your sign-in has expired or is not valid here: open a new sign-in link.',
      });
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);
  if (state.kind !== 'signed-in') return <SignedOut state={state} signIn={signIn} />;
  return (
    <Layout
      subject={state.session.subject}
      onSignOut={() => {
        signOut();
        setState({ kind: 'signed-out', reason: 'You are signed out.' });
        signIn.end?.();
      }}
    />
  );
}

function SignedOut({
  state,
  signIn,
}: {
  state: Exclude<SessionState, { kind: 'signed-in' }>;
  signIn: SignInMethod;
}) {
  const { begin } = signIn;
  return (
    <main class="signed-out" id="main">
      <h1>Slimshop admin</h1>
      {state.kind === 'not-admin' ? (
        <p role="alert">
          <strong>This console needs the admin role.</strong> You are signed in as {state.session.subject}
          {state.session.roles.length > 0 ? ` (${state.session.roles.join(', ')})` : ''}: open a sign-in link
          for an admin.
        </p>
      ) : (
        <>
          {state.reason === undefined ? null : <p role="alert">{state.reason}</p>}
          <p hidden={begin !== undefined}>
            Open the sign-in link that <code>npm start</code> prints (<code>/admin/#token=…</code>), or make
            one: <code>npm run -s token -- --role admin</code> and open <code>/admin/#token=</code> followed
            by it.
          </p>
        </>
      )}
      {begin === undefined ? null : state.kind === 'not-admin' ? (
        <button
          type="button"
          onClick={() => {
            signOut();
            signIn.end?.();
          }}
        >
          Sign out
        </button>
      ) : (
        <button type="button" onClick={() => void begin()}>
          Sign in
        </button>
      )}
    </main>
  );
}

function Layout({ subject, onSignOut }: { subject: string; onSignOut: () => void }) {
  const route = useRoute();
  return (
    <>
      <button type="button" class="skip-link" onClick={skipToMain}>
        Skip to content
      </button>
      <header class="topbar">
        <span class="brand">Slimshop admin</span>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((section) => (
              <li key={section.id}>
                <a
                  href={section.href}
                  aria-current={
                    (section.pages as readonly string[]).includes(route.page) ? 'page' : undefined
                  }
                >
                  {section.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <span class="who">
          Signed in as <strong>{subject}</strong>{' '}
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

/** A button, not a #main link: fragments are the console's routes. Moves focus to the main region. */
function skipToMain() {
  document.getElementById('main')?.focus();
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'products':
      return <ProductsPage />;
    case 'new-product':
      return <ProductFormPage key="new" />;
    case 'product':
      return <ProductFormPage key={route.id} id={route.id} />;
    case 'orders':
      return <OrdersPage />;
    case 'order':
      return <OrderDetailPage key={route.id} id={route.id} />;
    case 'categories':
      return <CategoriesPage />;
    case 'category':
      return <CategoriesPage id={route.id} />;
    case 'inventory':
      return <InventoryPage />;
    case 'checkout-settings':
      return <CheckoutSettingsPage />;
    case 'product-images':
      return <ProductImagesPage key={route.id} id={route.id} />;
    case 'jobs':
      return <JobsPage />;
    case 'job':
      return <JobsPage key={route.id} id={route.id} />;
    case 'sales':
      return <SalesPage />;
    default:
      return (
        <>
          <h1>Not found</h1>
          <p>
            Nothing at <code>{route.path}</code>. <a href={href.products()}>Products</a>
          </p>
        </>
      );
  }
}
