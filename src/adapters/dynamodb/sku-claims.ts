import { randomUUID } from 'node:crypto';
import { skuTakenError } from '../shared/catalog-errors.js';
import { productKey, skuClaimKey } from './keys.js';
import { ConditionFailed, deleteIfStill, getItem, putItem, type Table } from './table.js';

/**
 * SKU uniqueness without transactions: a product may only hold a SKU whose claim item names it. A claim
 * whose owner does not hold the SKU is left over from a failed or crashed write; it is taken over only once
 * it is older than this, because a younger one may belong to a write still in flight (claim written,
 * product not yet): taking that over would let two products end up with the same SKU.
 */
export const STALE_CLAIM_MS = 60_000;

const MAX_ATTEMPTS = 3;

export interface SkuClaim {
  token: string;
  /** True when this write created or took over the claim, so its compensation may release it again. */
  fresh: boolean;
}

export async function claimSku(table: Table, sku: string, productId: string): Promise<SkuClaim> {
  const token = randomUUID();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const nowMs = table.clock.now().getTime();
    const item = { ...skuClaimKey(sku), productId, token, claimedAt: nowMs };
    try {
      // Re-entrant for the same product, with a new token: releases planned by older writes then miss.
      const previous = await putItem(table, {
        Item: item,
        ConditionExpression: 'attribute_not_exists(pk) OR #productId = :productId',
        ExpressionAttributeNames: { '#productId': 'productId' },
        ExpressionAttributeValues: { ':productId': productId },
      });
      return { token, fresh: previous === undefined };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
    }
    const claim = await getItem(table, skuClaimKey(sku));
    if (claim === undefined) continue; // released meanwhile: claim again
    const owner = String(claim.productId);
    const ownerProduct = await getItem(table, productKey(owner));
    if (ownerProduct?.sku === sku) throw skuTakenError(sku);
    if (nowMs - Number(claim.claimedAt) < STALE_CLAIM_MS) throw skuTakenError(sku);
    try {
      await putItem(table, {
        Item: item,
        ConditionExpression: '#productId = :owner AND #token = :token',
        ExpressionAttributeNames: { '#productId': 'productId', '#token': 'token' },
        ExpressionAttributeValues: { ':owner': owner, ':token': claim.token },
      });
      return { token, fresh: true };
    } catch (error) {
      if (!(error instanceof ConditionFailed)) throw error;
    }
  }
  // Lost every race for this SKU: someone else is actively claiming it.
  throw skuTakenError(sku);
}

/** Frees a SKU this product held, unless a newer write re-claimed it since (then the token differs). */
export async function releaseSku(table: Table, sku: string, productId: string, token: string): Promise<void> {
  await deleteIfStill(table, skuClaimKey(sku), {
    ConditionExpression: '#productId = :productId AND #token = :token',
    ExpressionAttributeNames: { '#productId': 'productId', '#token': 'token' },
    ExpressionAttributeValues: { ':productId': productId, ':token': token },
  });
}
