import type { Product, ProductInput } from '../../domain/catalog/product.js';
import type { FieldError } from '../../domain/shared/errors.js';

/** One row of a bulk import: a `PUT /products/{id}` body that passed the API's schemas. */
export interface ProductUpsert {
  id: string;
  input: ProductInput;
  /** True when the source cannot carry attributes (CSV): an existing product keeps its own. */
  keepAttributes?: boolean;
  /**
   * The caller knows that no product has this id and none holds this SKU (an import into an empty catalog,
   * where no earlier row had either): the writer then reads nothing for the row.
   */
  knownNew?: boolean;
}

/**
 * - created / replaced: written (a replacement is version + 1 and keeps createdAt and images)
 * - unchanged: the stored product already says what the row says: nothing written (a rerun writes nothing)
 * - rejected: an invariant the API keeps would break (unknown category, a SKU another product holds)
 */
export type UpsertOutcome =
  | { status: 'created' | 'replaced' | 'unchanged' }
  | { status: 'rejected'; errors: FieldError[] };

/**
 * Bulk access to the catalog for jobs: many products per storage round trip, the same invariants as the
 * CatalogRepository (SKU unique, category exists). Each row's writes are idempotent, so a batch that was
 * interrupted can simply be sent again.
 */
export interface CatalogBulkWriter {
  /** Outcomes in input order. Ids and SKUs must be unique within one call (callers split batches). */
  upsertProducts(rows: readonly ProductUpsert[]): Promise<UpsertOutcome[]>;
  /** Every product, a page at a time, in no particular order (exports, image re-optimisation). */
  products(): AsyncIterable<Product[]>;
  /** Whether any product exists (at most one item read per status). */
  hasProducts(): Promise<boolean>;
  /** How many products there are (a count query, no items read into memory): for duration estimates. */
  countProducts(): Promise<number>;
}
