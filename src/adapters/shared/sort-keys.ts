import type { Category } from '../../domain/catalog/category.js';
import { type Product, type ProductSort, searchWords } from '../../domain/catalog/product.js';

/**
 * Sort keys shared by every catalog adapter, so the in-memory store orders and pages exactly like the
 * DynamoDB indexes do. Every key ends in `#<id>`, which makes it unique and gives ties a stable order.
 */

const NAME_KEY_MAX = 200;
const PRICE_DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits

export type SortKeyName = 'createdKey' | 'priceKey' | 'nameKey';

export interface ProductSortKeys {
  createdKey: string;
  priceKey: string;
  nameKey: string;
}

/** How each `sort` maps to a key and a direction. */
export const SORT_ORDERS: Record<ProductSort, { key: SortKeyName; descending: boolean }> = {
  '-createdAt': { key: 'createdKey', descending: true },
  createdAt: { key: 'createdKey', descending: false },
  price: { key: 'priceKey', descending: false },
  '-price': { key: 'priceKey', descending: true },
  name: { key: 'nameKey', descending: false },
};

export function pricePrefix(amount: number): string {
  return String(amount).padStart(PRICE_DIGITS, '0');
}

/**
 * Words joined by spaces, then ` #<id>`. Word characters are letters and digits (all above '#'), so a name
 * that is a prefix of another sorts first: "tea #x" < "tea cup #y" < "teapot #z".
 */
export function nameKey(name: string, id: string): string {
  return `${searchWords(name).join(' ').slice(0, NAME_KEY_MAX)} #${id}`;
}

export function productSortKeys(product: Product): ProductSortKeys {
  return {
    createdKey: `${product.createdAt}#${product.id}`,
    priceKey: `${pricePrefix(product.price.amount)}#${product.id}`,
    nameKey: nameKey(product.name, product.id),
  };
}

export function categorySortKey(category: Category): string {
  return nameKey(category.name, category.id);
}

/**
 * DynamoDB compares string keys as UTF-8 bytes, which is code point order; JavaScript's `<` compares UTF-16
 * code units, which differs above U+FFFF. Compare code points so both adapters agree.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.codePointAt(i) ?? 0;
    const cb = b.codePointAt(i) ?? 0;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}
