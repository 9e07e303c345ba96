import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { cartExpiry, isCartLive } from '../../app/ordering/cart-expiry.js';
import type { CartStore } from '../../app/ports/cart-store.js';
import { type Cart, MAX_CART_LINES, mayUseCart } from '../../domain/ordering/cart.js';
import { cartFullError, cartIdTakenError } from '../shared/cart-rules.js';
import { fromCartItem, toCartItem } from './cart-item.js';
import { cartKey } from './keys.js';
import { ConditionFailed, getItem, putItem, type TableOptions, tableFrom, updateItem } from './table.js';

const MAX_ATTEMPTS = 3;

/**
 * Every write is conditional on the caller and on the cart being live: foreign and expired carts stay
 * absent. A guest cart has no customerId attribute and is open to whoever has its id.
 */
const GUEST = 'attribute_not_exists(#customerId)';
const LIVE = '#expiresAt > :nowSeconds';
const usableBy = (customerId: string | undefined) =>
  customerId === undefined ? `${GUEST} AND ${LIVE}` : `(${GUEST} OR #customerId = :customerId) AND ${LIVE}`;

/**
 * Carts in the single table (`CART#<id>` / `CART`). Setting a line is one UpdateItem on the `items` map,
 * conditioned on ownership, liveness and the line limit; TTL removes expired carts eventually, and reads
 * filter them out until it does (within days).
 */
export function createDynamoCartStore(options: TableOptions): CartStore {
  const table = tableFrom(options);

  async function visible(id: string, customerId: string | undefined, now: Date): Promise<Cart | undefined> {
    const item = await getItem(table, cartKey(id));
    if (item === undefined) return undefined;
    const cart = fromCartItem(item);
    return mayUseCart(cart, customerId) && isCartLive(Number(item.expiresAt), now) ? cart : undefined;
  }

  return {
    async create(cart) {
      try {
        await putItem(table, { Item: toCartItem(cart), ConditionExpression: 'attribute_not_exists(pk)' });
      } catch (error) {
        throw error instanceof ConditionFailed ? cartIdTakenError() : error;
      }
    },

    get: (id, customerId) => visible(id, customerId, table.clock.now()),

    async setItem(id, customerId, line, now) {
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        try {
          const item = await updateItem(table, lineUpdate(id, customerId, line, now));
          return item === undefined ? undefined : fromCartItem(item);
        } catch (error) {
          if (!(error instanceof ConditionFailed)) throw error;
        }
        // The condition does not say which part failed: read the cart to tell absent from full.
        const current = await visible(id, customerId, now);
        if (current === undefined) return undefined;
        const hasLine = current.items.some((item) => item.productId === line.productId);
        if (line.quantity > 0 && !hasLine && current.items.length >= MAX_CART_LINES) throw cartFullError();
        // Otherwise a concurrent change made room (or the cart was full only a moment ago): try again.
      }
      throw cartFullError();
    },
  };
}

function lineUpdate(
  id: string,
  customerId: string | undefined,
  line: { productId: string; quantity: number },
  now: Date,
): Omit<UpdateCommandInput, 'TableName' | 'ReturnValues'> {
  const adding = line.quantity > 0;
  return {
    Key: cartKey(id),
    UpdateExpression: adding
      ? 'SET #items.#productId = :quantity, #updatedAt = :updatedAt, #expiresAt = :expiresAt'
      : 'REMOVE #items.#productId SET #updatedAt = :updatedAt, #expiresAt = :expiresAt',
    // A new line only while the cart has room; changing an existing line always fits.
    ConditionExpression: adding
      ? `${usableBy(customerId)} AND (attribute_exists(#items.#productId) OR size(#items) < :maxLines)`
      : usableBy(customerId),
    ExpressionAttributeNames: {
      '#items': 'items',
      '#productId': line.productId,
      '#customerId': 'customerId',
      '#updatedAt': 'updatedAt',
      '#expiresAt': 'expiresAt',
    },
    ExpressionAttributeValues: {
      ...(adding ? { ':quantity': line.quantity, ':maxLines': MAX_CART_LINES } : {}),
      ...(customerId === undefined ? {} : { ':customerId': customerId }),
      ':updatedAt': now.toISOString(),
      ':expiresAt': cartExpiry(now).epochSeconds,
      ':nowSeconds': Math.floor(now.getTime() / 1000),
    },
  };
}
