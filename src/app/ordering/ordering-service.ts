import type { CartStore } from '../ports/cart-store.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import type { InventoryStore, OrderStore } from '../ports/order-store.js';
import { type CartUseCases, createCartUseCases } from './cart-use-cases.js';
import type { TaxPolicy } from './checkout.js';
import { createInventoryUseCases, type InventoryUseCases } from './inventory-use-cases.js';
import { createOrderUseCases, type OrderRefunds, type OrderUseCases } from './order-use-cases.js';
import { createReportUseCases, type ReportUseCases } from './report-use-cases.js';

export type { PricedCart, PricedCartLine } from './cart-pricing.js';
export type { TaxPolicy } from './checkout.js';
export type { OrderListRequest, Quote } from './order-use-cases.js';
export type { SalesReport, SalesReportLine, SalesReportRequest } from './report-use-cases.js';

/** Carts, orders, stock and sales reports, as every transport calls them. */
export interface OrderingService extends CartUseCases, OrderUseCases, InventoryUseCases, ReportUseCases {}

export interface OrderingDeps {
  /** Prices, names and availability: carts and orders read the catalog, never write it. */
  catalog: CatalogRepository;
  carts: CartStore;
  orders: OrderStore;
  inventory: InventoryStore;
  clock: Clock;
  /** How checkout taxes (PRICES_INCLUDE_TAX, SHOP_COUNTRY). */
  taxPolicy: TaxPolicy;
  /** Refunds a paid order when it is cancelled; absent without a payment provider. */
  refunds?: OrderRefunds;
}

export function createOrderingService(deps: OrderingDeps): OrderingService {
  return {
    ...createCartUseCases(deps),
    ...createOrderUseCases(deps),
    ...createInventoryUseCases(deps),
    ...createReportUseCases(deps),
  };
}
