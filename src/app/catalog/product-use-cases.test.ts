import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalogRepository } from '../../adapters/memory/catalog-repository.js';
import type { ProductInput } from '../../domain/catalog/product.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  UnprocessableError,
  ValidationError,
} from '../../domain/shared/errors.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Principal } from '../ports/token-verifier.js';
import { type CatalogService, createCatalogService } from './catalog-service.js';

const admin: Principal = { sub: 'ada', roles: ['admin'] };
const customer: Principal = { sub: 'carl', roles: ['customer'] };

function input(overrides: Partial<ProductInput> = {}): ProductInput {
  return {
    sku: 'SKU-1',
    name: 'Espresso Cup',
    price: { amount: 1200, currency: 'EUR' },
    categoryId: 'cups',
    status: 'active',
    attributes: {},
    taxClass: 'standard',
    ...overrides,
  };
}

/** Each reading one second later, so createdAt/updatedAt differences are visible. */
function steppingClock(start = Date.parse('2026-01-01T00:00:00Z')) {
  let now = start;
  return {
    now: () => {
      now += 1000;
      return new Date(now);
    },
  };
}

describe('product use cases', () => {
  let repository: CatalogRepository;
  let catalog: CatalogService;

  beforeEach(async () => {
    repository = createMemoryCatalogRepository();
    catalog = createCatalogService({ repository, clock: steppingClock() });
    await catalog.createCategory({ id: 'cups', name: 'Cups' });
    await catalog.createCategory({ id: 'mugs', name: 'Mugs' });
  });

  it('creates a product with a server id, version 1 and equal timestamps', async () => {
    const product = await catalog.createProduct(input({ description: 'Thick walls' }));

    expect(product.id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(product).toMatchObject({ version: 1, sku: 'SKU-1', description: 'Thick walls' });
    expect(product.createdAt).toBe(product.updatedAt);
    expect(await repository.getProduct(product.id)).toEqual(product);
  });

  it('never stores an undefined description key', async () => {
    const product = await catalog.createProduct(input());
    expect(Object.hasOwn(product, 'description')).toBe(false);
  });

  it('rejects a missing category with 422 on categoryId', async () => {
    const error = await catalog.createProduct(input({ categoryId: 'nope' })).catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error.errors[0].path).toBe('categoryId');
  });

  describe('put', () => {
    it('creates under the given id, then replaces keeping createdAt', async () => {
      const first = await catalog.putProduct('cup-1', input());
      expect(first.created).toBe(true);
      expect(first.product).toMatchObject({ id: 'cup-1', version: 1 });

      const second = await catalog.putProduct('cup-1', input({ name: 'Big Cup' }));
      expect(second.created).toBe(false);
      expect(second.product).toMatchObject({ id: 'cup-1', version: 2, name: 'Big Cup' });
      expect(second.product.createdAt).toBe(first.product.createdAt);
      expect(second.product.updatedAt > first.product.updatedAt).toBe(true);
    });

    it('honours If-Match: a stale version is refused, a current one and * are accepted', async () => {
      await catalog.putProduct('cup-1', input());
      await expect(catalog.putProduct('cup-1', input(), [7])).rejects.toBeInstanceOf(PreconditionFailedError);
      expect((await catalog.putProduct('cup-1', input(), [1])).product.version).toBe(2);
      expect((await catalog.putProduct('cup-1', input(), '*')).product.version).toBe(3);
    });

    it('refuses If-Match on a product that does not exist yet (RFC 9110)', async () => {
      await expect(catalog.putProduct('ghost', input(), '*')).rejects.toBeInstanceOf(PreconditionFailedError);
      expect(await repository.getProduct('ghost')).toBeUndefined();
    });

    it('two concurrent creating PUTs of one id end as one product at version 2', async () => {
      const results = await Promise.all([
        catalog.putProduct('cup-1', input({ name: 'A' })),
        catalog.putProduct('cup-1', input({ name: 'B' })),
      ]);
      expect(results.map((r) => r.created).sort()).toEqual([false, true]);
      expect((await repository.getProduct('cup-1'))?.version).toBe(2);
    });

    it('keeps SKU uniqueness: a second id with the same SKU gets a conflict', async () => {
      await catalog.putProduct('cup-1', input());
      const error = await catalog.putProduct('cup-2', input()).catch((e) => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.errors[0].path).toBe('sku');
    });
  });

  describe('get', () => {
    it('hides non-active products from customers and anonymous callers, not from admins', async () => {
      const draft = await catalog.createProduct(input({ status: 'draft' }));
      await expect(catalog.getProduct(draft.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(catalog.getProduct(draft.id, customer)).rejects.toBeInstanceOf(NotFoundError);
      expect((await catalog.getProduct(draft.id, admin)).id).toBe(draft.id);
    });
  });

  describe('patch', () => {
    it('merges, removes with null, bumps the version and keeps untouched fields', async () => {
      const product = await catalog.createProduct(
        input({ description: 'old', attributes: { color: 'red', size: 2 } }),
      );
      const patched = await catalog.patchProduct(
        product.id,
        { description: null, price: { amount: 990 }, attributes: { color: null, glaze: true } },
        [1],
      );
      expect(patched).toMatchObject({
        version: 2,
        sku: 'SKU-1',
        price: { amount: 990, currency: 'EUR' },
        attributes: { size: 2, glaze: true },
      });
      expect(Object.hasOwn(patched, 'description')).toBe(false);
      expect(patched.createdAt).toBe(product.createdAt);
    });

    it('validates the merged result and reports paths', async () => {
      const product = await catalog.createProduct(input());
      const error = await catalog
        .patchProduct(product.id, { price: { amount: -1 }, name: '', colour: 'x' }, [1])
        .catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.errors.map((e: { path: string }) => e.path).sort()).toEqual([
        'colour',
        'name',
        'price.amount',
      ]);
      expect((await repository.getProduct(product.id))?.version).toBe(1);
    });

    it('refuses read-only fields by name', async () => {
      const product = await catalog.createProduct(input());
      const error = await catalog.patchProduct(product.id, { version: 9, id: 'x' }, [1]).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.errors).toEqual([
        { path: 'id', message: 'is read-only' },
        { path: 'version', message: 'is read-only' },
      ]);
    });

    it('refuses a patch that is not an object', async () => {
      const product = await catalog.createProduct(input());
      await expect(catalog.patchProduct(product.id, [1, 2], [1])).rejects.toBeInstanceOf(ValidationError);
    });

    it('412 on a stale If-Match, 404 when absent', async () => {
      const product = await catalog.createProduct(input());
      await expect(catalog.patchProduct(product.id, { name: 'x' }, [2])).rejects.toBeInstanceOf(
        PreconditionFailedError,
      );
      await expect(catalog.patchProduct('nope', { name: 'x' }, '*')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('concurrent patches with one If-Match: exactly one wins, the rest get 412', async () => {
      const product = await catalog.createProduct(input());
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) => catalog.patchProduct(product.id, { name: `n${i}` }, [1])),
      );
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const o of outcomes.filter((o) => o.status === 'rejected')) {
        expect((o as PromiseRejectedResult).reason).toBeInstanceOf(PreconditionFailedError);
      }
      expect((await repository.getProduct(product.id))?.version).toBe(2);
    });

    it('concurrent patches with If-Match * all apply, one version each', async () => {
      const product = await catalog.createProduct(input({ attributes: {} }));
      await Promise.all(
        [0, 1].map((i) => catalog.patchProduct(product.id, { attributes: { [`k${i}`]: i } }, '*')),
      );
      const stored = await repository.getProduct(product.id);
      expect(stored?.version).toBe(3);
      expect(stored?.attributes).toEqual({ k0: 0, k1: 1 });
    });
  });

  describe('delete', () => {
    it('deletes, then 404s', async () => {
      const product = await catalog.createProduct(input());
      await catalog.deleteProduct(product.id);
      await expect(catalog.deleteProduct(product.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('honours If-Match', async () => {
      const product = await catalog.createProduct(input());
      await expect(catalog.deleteProduct(product.id, [2])).rejects.toBeInstanceOf(PreconditionFailedError);
      await catalog.deleteProduct(product.id, [1]);
      expect(await repository.getProduct(product.id)).toBeUndefined();
    });
  });

  describe('list', () => {
    beforeEach(async () => {
      await catalog.createProduct(input({ sku: 'a', name: 'Café Crème Cup', status: 'active' }));
      await catalog.createProduct(input({ sku: 'b', name: 'Draft Cup', status: 'draft' }));
      await catalog.createProduct(
        input({ sku: 'c', name: 'Old Mug', status: 'archived', categoryId: 'mugs' }),
      );
    });

    it('shows only active products to customers and anonymous callers', async () => {
      expect((await catalog.listProducts({ limit: 10, sort: 'name' })).items.map((p) => p.sku)).toEqual([
        'a',
      ]);
      const asked = await catalog.listProducts({ limit: 10, sort: 'name', status: 'draft' }, customer);
      expect(asked).toEqual({ items: [], nextCursor: null });
    });

    it('shows admins every status, or the one they ask for', async () => {
      const all = await catalog.listProducts({ limit: 10, sort: 'name' }, admin);
      expect(all.items.map((p) => p.sku).sort()).toEqual(['a', 'b', 'c']);
      const drafts = await catalog.listProducts({ limit: 10, sort: 'name', status: 'draft' }, admin);
      expect(drafts.items.map((p) => p.sku)).toEqual(['b']);
    });

    it('matches q as accent-folded word prefixes', async () => {
      const found = await catalog.listProducts({ limit: 10, sort: 'name', q: '  CREM  caf' }, admin);
      expect(found.items.map((p) => p.sku)).toEqual(['a']);
      const blank = await catalog.listProducts({ limit: 10, sort: 'name', q: ' -- ' }, admin);
      expect(blank.items).toHaveLength(3);
    });

    it('rejects minPrice above maxPrice', async () => {
      const error = await catalog
        .listProducts({ limit: 10, sort: 'price', minPrice: 5, maxPrice: 1 })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.errors[0].path).toBe('minPrice');
    });
  });
});
