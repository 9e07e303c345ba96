import type { Money } from '../../domain/catalog/money.js';
import type { Product } from '../../domain/catalog/product.js';
import type { Cart } from '../../domain/ordering/cart.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';

/** A cart line priced with the catalog as it is now. */
export interface PricedCartLine {
  productId: string;
  /** null when the product no longer exists. */
  sku: string | null;
  name: string | null;
  quantity: number;
  /** null when the line is not available: it then counts towards no total. */
  unitPrice: Money | null;
  lineTotal: Money | null;
  /** false when the product was deleted or is no longer active. */
  available: boolean;
}

export interface PricedCart {
  id: string;
  /** null for a guest cart. */
  customerId: string | null;
  items: PricedCartLine[];
  /** One total per currency of the available lines, by currency code. */
  totals: Money[];
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

/**
 * Carts store only product ids and quantities; prices, names and availability come from the catalog at
 * read time (one batch read), so a cart never shows a stale price.
 */
export async function priceCart(cart: Cart, catalog: CatalogRepository): Promise<PricedCart> {
  const products = new Map(
    (await catalog.getProducts(cart.items.map((line) => line.productId))).map((p) => [p.id, p]),
  );
  const items = cart.items.map((line) => pricedLine(line, products.get(line.productId)));
  return {
    id: cart.id,
    customerId: cart.customerId,
    items,
    totals: totalsByCurrency(items.flatMap((line) => (line.lineTotal === null ? [] : [line.lineTotal]))),
    createdAt: cart.createdAt,
    updatedAt: cart.updatedAt,
    expiresAt: cart.expiresAt,
  };
}

function pricedLine(line: Cart['items'][number], product: Product | undefined): PricedCartLine {
  const available = product?.status === 'active';
  return {
    productId: line.productId,
    sku: product?.sku ?? null,
    name: product?.name ?? null,
    quantity: line.quantity,
    unitPrice: available ? { ...product.price } : null,
    lineTotal: available
      ? { amount: product.price.amount * line.quantity, currency: product.price.currency }
      : null,
    available,
  };
}

function totalsByCurrency(amounts: readonly Money[]): Money[] {
  const sums = new Map<string, number>();
  for (const { amount, currency } of amounts) sums.set(currency, (sums.get(currency) ?? 0) + amount);
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, amount]) => ({ amount, currency }));
}
