import {
  ApiError,
  type Category,
  type components,
  createSlimshopClient,
  type SlimshopClient,
} from '@slimshop/client';
import { configuredApiBaseUrl } from './console-config';
import { currentToken } from './session';

// The checkout settings the client has no named type for (it reaches them through `raw`).
type Schemas = components['schemas'];
export type ShippingMethod = Schemas['ShippingMethod'];
export type ShippingMethodInput = Schemas['ShippingMethodInput'];
export type TaxRates = Schemas['TaxRates'];
export type DiscountCode = Schemas['DiscountCode'];
export type DiscountCodeInput = Schemas['DiscountCodeInput'];
export type Money = ShippingMethod['price'];
export type TaxClass = ShippingMethod['taxClass'];
export const TAX_CLASSES: readonly TaxClass[] = ['standard', 'reduced', 'zero'];

/**
 * The API is the origin that serves the console: /admin/ sits beside it, so `..` is the API's base (also
 * under a path prefix such as an API Gateway stage).
 */
export function apiBaseUrl(href: string = window.location.href): string {
  return new URL('../', href).href.replace(/\/$/, '');
}

let client: SlimshopClient | undefined;

/** Dispatched on window when the API answers 401. */
export const UNAUTHORIZED_EVENT = 'slimshop-admin:unauthorized';

/** Every call of the console goes through @slimshop/client, with the session's token. */
export function api(): SlimshopClient {
  if (client === undefined) {
    // On AWS the console is not on the API's origin: config.json names the API.
    client = createSlimshopClient({
      baseUrl: configuredApiBaseUrl() ?? apiBaseUrl(),
      token: () => currentToken(),
    });
    // A 401 means the token expired or is not valid here: the console signs out and says so.
    client.raw.use({
      onResponse({ response }) {
        if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
        return undefined;
      },
    });
  }
  return client;
}

/** An openapi-fetch outcome's data, or the ApiError (with the problem+json) it failed with. */
export function dataOf<T>(outcome: { data?: T; error?: unknown; response: Response }): T {
  if (!outcome.response.ok || outcome.data === undefined) {
    const problem = typeof outcome.error === 'object' && outcome.error !== null ? outcome.error : {};
    throw new ApiError(outcome.response.status, problem as Record<string, unknown>);
  }
  return outcome.data;
}

/** For a call answering 204: nothing, or the ApiError it failed with. */
export function succeeded(outcome: { error?: unknown; response: Response }): void {
  if (!outcome.response.ok) dataOf(outcome);
}

/** The categories for pickers and filters: a shop has tens, so every page of them (at most 500). */
export async function allCategories(): Promise<Category[]> {
  const categories: Category[] = [];
  for await (const category of api().listCategories({ pageSize: 100 })) {
    categories.push(category);
    if (categories.length >= 500) break;
  }
  return categories;
}
