import {
  PRODUCT_READ_ONLY_FIELDS,
  PRODUCT_STATUSES,
  type Product,
  type ProductInput,
  type ProductListQuery,
  type ProductSort,
  type ProductStatus,
  productInputSchema,
  searchWords,
} from '../../domain/catalog/product.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../domain/shared/errors.js';
import { newId } from '../../domain/shared/ids.js';
import type { Page } from '../../domain/shared/page.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import type { Principal } from '../ports/token-verifier.js';
import { conditionalWrite, LOST_RACE, writeOptimistically } from './optimistic-write.js';
import { applyPatchToWritable } from './patch-input.js';
import { type VersionCondition, versionMatches } from './version-condition.js';
import { parseOrThrow } from './zod-errors.js';

/** A product list request as a client states it; the use case turns it into a repository query. */
export interface ProductListRequest {
  limit: number;
  cursor?: string;
  categoryId?: string;
  status?: ProductStatus;
  minPrice?: number;
  maxPrice?: number;
  /** Free text; matched word by word as prefixes of the name's words. */
  q?: string;
  sort: ProductSort;
}

export interface PutResult {
  product: Product;
  created: boolean;
}

export interface ProductUseCases {
  createProduct(input: ProductInput): Promise<Product>;
  /** Creates the product under a client-chosen id, or replaces it (keeping createdAt). */
  putProduct(id: string, input: ProductInput, ifMatch?: VersionCondition): Promise<PutResult>;
  /** NotFoundError when absent, and when the caller may not see it (not active, not an admin). */
  getProduct(id: string, principal?: Principal): Promise<Product>;
  patchProduct(id: string, mergePatch: unknown, ifMatch: VersionCondition): Promise<Product>;
  deleteProduct(id: string, ifMatch?: VersionCondition): Promise<void>;
  listProducts(request: ProductListRequest, principal?: Principal): Promise<Page<Product>>;
}

export const isAdmin = (principal?: Principal): boolean => principal?.roles.includes('admin') ?? false;

export function createProductUseCases({
  repository,
  clock,
}: {
  repository: CatalogRepository;
  clock: Clock;
}): ProductUseCases {
  const notFound = (id: string) => new NotFoundError(`No product with id "${id}".`);

  /** The current product, or NotFoundError; PreconditionFailedError if it misses the client's condition. */
  async function readForWrite(id: string, ifMatch?: VersionCondition): Promise<Product> {
    const current = await repository.getProduct(id);
    if (!current) throw notFound(id);
    if (ifMatch !== undefined && !versionMatches(ifMatch, current.version))
      throw new PreconditionFailedError();
    return current;
  }

  function replacement(current: Product, input: ProductInput): Product {
    return {
      ...withoutOptional(input),
      id: current.id,
      // Images are written by the image pipeline, never by a product PUT or PATCH: they stay.
      ...(current.images === undefined ? {} : { images: current.images }),
      createdAt: current.createdAt,
      updatedAt: clock.now().toISOString(),
      version: current.version + 1,
    };
  }

  function fresh(id: string, input: ProductInput): Product {
    const now = clock.now().toISOString();
    return { ...withoutOptional(input), id, createdAt: now, updatedAt: now, version: 1 };
  }

  return {
    async createProduct(input) {
      const product = fresh(newId(), input);
      await repository.insertProduct(product);
      return product;
    },

    putProduct(id, input, ifMatch) {
      return writeOptimistically(async () => {
        const current = await repository.getProduct(id);
        if (!current) {
          // RFC 9110: If-Match (even `*`) fails on a resource that does not exist.
          if (ifMatch !== undefined) throw new PreconditionFailedError();
          const product = fresh(id, input);
          try {
            await repository.insertProduct(product);
          } catch (error) {
            // Another PUT created the same id first: replace it on the next attempt. A SKU clash leaves
            // the id free, so it is rethrown as is.
            if (error instanceof ConflictError && (await repository.getProduct(id))) return LOST_RACE;
            throw error;
          }
          return { product, created: true };
        }
        if (ifMatch !== undefined && !versionMatches(ifMatch, current.version)) {
          throw new PreconditionFailedError();
        }
        const product = replacement(current, input);
        if (
          (await conditionalWrite(() => repository.replaceProduct(product, current.version))) === LOST_RACE
        ) {
          return LOST_RACE;
        }
        return { product, created: false };
      });
    },

    async getProduct(id, principal) {
      const product = await repository.getProduct(id);
      if (!product || (product.status !== 'active' && !isAdmin(principal))) throw notFound(id);
      return product;
    },

    patchProduct(id, mergePatch, ifMatch) {
      return writeOptimistically(async () => {
        const current = await readForWrite(id, ifMatch);
        const merged = applyPatchToWritable(writableView(current), mergePatch, PRODUCT_READ_ONLY_FIELDS);
        const input = parseOrThrow(productInputSchema, merged, 'The patched product is not valid.');
        const product = replacement(current, input);
        if (
          (await conditionalWrite(() => repository.replaceProduct(product, current.version))) === LOST_RACE
        ) {
          return LOST_RACE;
        }
        return product;
      });
    },

    async deleteProduct(id, ifMatch) {
      if (ifMatch === undefined) {
        if (!(await repository.deleteProduct(id))) throw notFound(id);
        return;
      }
      await writeOptimistically(async () => {
        const current = await readForWrite(id, ifMatch);
        const outcome = await conditionalWrite(async () => {
          if (!(await repository.deleteProduct(id, current.version))) throw notFound(id);
        });
        return outcome === LOST_RACE ? LOST_RACE : true;
      });
    },

    async listProducts(request, principal) {
      const statuses = visibleStatuses(request.status, principal);
      if (statuses.length === 0) return { items: [], nextCursor: null };
      if (
        request.minPrice !== undefined &&
        request.maxPrice !== undefined &&
        request.minPrice > request.maxPrice
      ) {
        throw new ValidationError('minPrice is greater than maxPrice.', [
          { path: 'minPrice', message: 'must not be greater than maxPrice' },
        ]);
      }
      const words = request.q === undefined ? [] : searchWords(request.q);
      const query: ProductListQuery = {
        limit: request.limit,
        cursor: request.cursor,
        categoryId: request.categoryId,
        statuses,
        minPrice: request.minPrice,
        maxPrice: request.maxPrice,
        q: words.length > 0 ? words.join(' ') : undefined,
        sort: request.sort,
      };
      return repository.listProducts(query);
    },
  };
}

/** Admins see every status (or the one they ask for); everyone else sees active products only. */
function visibleStatuses(requested: ProductStatus | undefined, principal?: Principal): ProductStatus[] {
  const allowed: readonly ProductStatus[] = isAdmin(principal) ? PRODUCT_STATUSES : ['active'];
  return requested === undefined ? [...allowed] : allowed.filter((status) => status === requested);
}

/** The fields a client writes, as a merge patch sees them. */
function writableView(product: Product): Record<string, unknown> {
  const {
    id: _id,
    createdAt: _createdAt,
    updatedAt: _updatedAt,
    version: _version,
    images: _images,
    ...writable
  } = product;
  return writable;
}

/** Drops keys whose value is undefined, so stored items and responses never carry `"description": undefined`. */
function withoutOptional(input: ProductInput): Omit<Product, 'id' | 'createdAt' | 'updatedAt' | 'version'> {
  const { description, ...rest } = input;
  return description === undefined ? rest : { ...rest, description };
}
