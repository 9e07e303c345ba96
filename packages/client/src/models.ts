import type { components } from './generated/openapi.js';

type Schemas = components['schemas'];

// The API's resources by name, as the OpenAPI document describes them.
export type Product = Schemas['Product'];
export type ProductInput = Schemas['ProductInput'];
export type ProductPut = Schemas['ProductPut'];
export type ProductMergePatch = Schemas['ProductMergePatch'];
export type Category = Schemas['Category'];
export type CategoryInput = Schemas['CategoryInput'];
export type CategoryMergePatch = Schemas['CategoryMergePatch'];
export type Cart = Schemas['Cart'];
export type Order = Schemas['Order'];
export type PlaceOrderInput = Schemas['PlaceOrderInput'];
export type QuoteInput = Schemas['QuoteInput'];
export type Quote = Schemas['Quote'];
export type Address = Schemas['Address'];
export type OrderStatus = Order['status'];
export type InventoryLevel = Schemas['InventoryLevel'];
export type InventoryAdjustment = Schemas['InventoryAdjustment'];

/** A resource with the ETag of the version read: send it back as `etag` to change exactly that version. */
export interface Tagged<T> {
  value: T;
  etag: string;
}
