import type { Product, ProductInput } from '../../domain/catalog/product.js';
import type { FieldError } from '../../domain/shared/errors.js';

/** One row of a bulk import: a `PUT /products/{id}` body that passed the API's schemas. */
export interface ProductUpsert {
  id: string;
  input: ProductInput;
  /** True when the source cannot carry attributes (CSV): an existing product keeps its own. */
  keepAttributes?: boolean;
  /** True when the source has no tax class (a CSV file without that column): an existing product keeps its own. */
  keepTaxClass?: boolean;
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

/** A granted initial load: renewed before each batch, released at the end (it also expires on its own). */
export interface InitialLoad {
  /** False when the lease was lost (it expired and was taken): from then on, read before writing. */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

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
  /**
   * The initial load: granted to one holder at a time, and only while the catalog holds no product. Its
   * holder may mark new rows `knownNew` (nothing read for them), so no other import may write meanwhile:
   * they see `initialLoadRunning()` and stop. `holder` names the input (a file): a rerun of the same file
   * after a kill is the same holder, not a stranger to wait for. Undefined when not granted.
   */
  startInitialLoad(holder: string): Promise<InitialLoad | undefined>;
  /** Whether another holder's initial load has the catalog now (an import must not write while it does). */
  initialLoadRunning(holder: string): Promise<boolean>;
  /** How many products there are (a count query, no items read into memory): for duration estimates. */
  countProducts(): Promise<number>;
}
