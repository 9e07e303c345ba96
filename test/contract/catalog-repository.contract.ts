import { describe, expect, it } from 'vitest';
import type { CatalogRepository } from '../../src/app/ports/catalog-repository.js';
import type { Product } from '../../src/domain/catalog/product.js';
import {
  ConflictError,
  type DomainError,
  NotFoundError,
  PreconditionFailedError,
  UnprocessableError,
  ValidationError,
} from '../../src/domain/shared/errors.js';
import { category, type ManualClock, manualClock, product, revised, settle } from './fixtures.js';
import { describeListingProperties } from './listing.properties.js';

export type CatalogRepositoryFactory = (clock: ManualClock) => Promise<CatalogRepository>;

export interface ContractOptions {
  /** fast-check runs per listing property: stand-ins that talk HTTP get fewer than the in-memory map. */
  propertyRuns: number;
}

/**
 * The CatalogRepository port's contract (src/app/ports/catalog-repository.ts), run against every adapter:
 * what one implementation does, every other must do too.
 */
export function describeCatalogRepositoryContract(
  name: string,
  factory: CatalogRepositoryFactory,
  options: ContractOptions,
): void {
  async function setUp() {
    const clock = manualClock();
    const repository = await factory(clock);
    const home = category({ name: 'Home' });
    await repository.insertCategory(home);
    return { repository, clock, home };
  }

  describe(`CatalogRepository contract: ${name}`, () => {
    describe('products', () => {
      it('stores a product and returns exactly its fields, no storage attributes', async () => {
        const { repository, home } = await setUp();
        const cup = product({
          categoryId: home.id,
          name: 'Café-Crème cup',
          attributes: { a: 'x', n: 2, b: true },
          taxClass: 'reduced',
        });
        await repository.insertProduct(cup);
        expect(await repository.getProduct(cup.id)).toStrictEqual(cup);
        expect(await repository.getProduct('no-such-product')).toBeUndefined();
      });

      it('reads a product stored without a tax class (written before products had one) as standard, everywhere', async () => {
        const { repository, home } = await setUp();
        const { taxClass: _, ...older } = product({ categoryId: home.id, status: 'active' });
        await repository.insertProduct(older as Product);
        const expected = { ...older, taxClass: 'standard' };
        expect(await repository.getProduct(older.id)).toStrictEqual(expected);
        expect(await repository.getProducts([older.id])).toStrictEqual([expected]);
        const page = await repository.listProducts({ limit: 10, statuses: ['active'], sort: 'createdAt' });
        expect(page.items).toStrictEqual([expected]);
        expect(await repository.deleteProduct(older.id)).toStrictEqual(expected);
        // Its positive: a product given another class keeps it.
        const food = product({ categoryId: home.id, taxClass: 'zero' });
        await repository.insertProduct(food);
        expect((await repository.getProduct(food.id))?.taxClass).toBe('zero');
      });

      it('gets many products at once (over several batches), leaving out ids that do not exist', async () => {
        const { repository, home } = await setUp();
        const stored = [
          product({ categoryId: home.id }),
          product({ categoryId: home.id }),
          product({ categoryId: home.id }),
        ];
        for (const p of stored) await repository.insertProduct(p);
        // 250 ids span three batches of 100; the real ones sit in different batches, one of them twice.
        const ids = Array.from({ length: 250 }, (_, i) => `missing-${i}`);
        ids[0] = stored[0]?.id as string;
        ids[120] = stored[1]?.id as string;
        ids[249] = stored[2]?.id as string;
        ids[248] = stored[2]?.id as string;
        const found = await repository.getProducts(ids);
        expect(found.sort((a, b) => a.id.localeCompare(b.id))).toStrictEqual(
          [...stored].sort((a, b) => a.id.localeCompare(b.id)),
        );
        expect(await repository.getProducts([])).toEqual([]);
      });

      it('rejects a second product with the same id', async () => {
        const { repository, home } = await setUp();
        const cup = product({ categoryId: home.id });
        await repository.insertProduct(cup);
        const error = await catchError(repository.insertProduct({ ...cup, sku: 'OTHER-SKU' }));
        expect(error).toBeInstanceOf(ConflictError);
        // The failed insert must not have claimed the other SKU.
        await repository.insertProduct(product({ categoryId: home.id, sku: 'OTHER-SKU' }));
      });

      it('rejects a duplicate SKU with a conflict on the sku field', async () => {
        const { repository, home } = await setUp();
        await repository.insertProduct(product({ categoryId: home.id, sku: 'MUG-1' }));
        const error = await catchError(
          repository.insertProduct(product({ categoryId: home.id, sku: 'MUG-1' })),
        );
        expect(error).toBeInstanceOf(ConflictError);
        expect((error as DomainError).errors[0]?.path).toBe('sku');
      });

      it('lets exactly one of many concurrent creates with the same SKU win', async () => {
        const { repository, home } = await setUp();
        const contenders = Array.from({ length: 8 }, () => product({ categoryId: home.id, sku: 'HOT-1' }));
        const { values, errors } = await settle(contenders.map((p) => repository.insertProduct(p)));
        expect(values).toHaveLength(1);
        expect(errors).toHaveLength(7);
        for (const error of errors) expect((error as DomainError).errors[0]?.path).toBe('sku');
        const stored = await Promise.all(contenders.map((p) => repository.getProduct(p.id)));
        expect(stored.filter((p) => p !== undefined)).toHaveLength(1);
      });

      it('frees the old SKU when a product changes SKU, and holds the new one', async () => {
        const { repository, home } = await setUp();
        const mug = product({ categoryId: home.id, sku: 'OLD-1' });
        await repository.insertProduct(mug);
        await repository.replaceProduct(revised(mug, { sku: 'NEW-1' }), 1);
        await repository.insertProduct(product({ categoryId: home.id, sku: 'OLD-1' }));
        const error = await catchError(
          repository.insertProduct(product({ categoryId: home.id, sku: 'NEW-1' })),
        );
        expect((error as DomainError).errors[0]?.path).toBe('sku');
      });

      it('frees the SKU when the product is deleted', async () => {
        const { repository, home } = await setUp();
        const mug = product({ categoryId: home.id, sku: 'GONE-1' });
        await repository.insertProduct(mug);
        expect(await repository.deleteProduct(mug.id)).toStrictEqual(mug);
        await repository.insertProduct(product({ categoryId: home.id, sku: 'GONE-1' }));
      });

      it('refuses to change a SKU to one another product holds', async () => {
        const { repository, home } = await setUp();
        const a = product({ categoryId: home.id, sku: 'A-1' });
        const b = product({ categoryId: home.id, sku: 'B-1' });
        await repository.insertProduct(a);
        await repository.insertProduct(b);
        const error = await catchError(repository.replaceProduct(revised(b, { sku: 'A-1' }), 1));
        expect((error as DomainError).errors[0]?.path).toBe('sku');
        expect(await repository.getProduct(b.id)).toStrictEqual(b);
      });

      it('writes only over the version the caller read', async () => {
        const { repository, home } = await setUp();
        const mug = product({ categoryId: home.id });
        await repository.insertProduct(mug);
        const v2 = revised(mug, { name: 'Second' });
        await repository.replaceProduct(v2, 1);
        const stale = await catchError(repository.replaceProduct(revised(mug, { name: 'Lost update' }), 1));
        expect(stale).toBeInstanceOf(PreconditionFailedError);
        expect(await repository.getProduct(mug.id)).toStrictEqual(v2);
      });

      it('lets exactly one of many concurrent replaces of the same version win', async () => {
        const { repository, home } = await setUp();
        const mug = product({ categoryId: home.id });
        await repository.insertProduct(mug);
        const writes = Array.from({ length: 10 }, (_, i) =>
          repository.replaceProduct(revised(mug, { name: `Writer ${i}` }), 1),
        );
        const { values, errors } = await settle(writes);
        expect(values).toHaveLength(1);
        for (const error of errors) expect(error).toBeInstanceOf(PreconditionFailedError);
        expect((await repository.getProduct(mug.id))?.version).toBe(2);
      });

      it('answers NotFoundError when replacing a product that does not exist', async () => {
        const { repository, home } = await setUp();
        const ghost = product({ categoryId: home.id });
        expect(await catchError(repository.replaceProduct(revised(ghost, {}), 1))).toBeInstanceOf(
          NotFoundError,
        );
      });

      it('deletes by version: undefined when absent, PreconditionFailedError when stale', async () => {
        const { repository, home } = await setUp();
        const mug = product({ categoryId: home.id });
        await repository.insertProduct(mug);
        expect(await catchError(repository.deleteProduct(mug.id, 7))).toBeInstanceOf(PreconditionFailedError);
        expect(await repository.getProduct(mug.id)).toStrictEqual(mug);
        expect(await repository.deleteProduct(mug.id, 1)).toStrictEqual(mug);
        expect(await repository.getProduct(mug.id)).toBeUndefined();
        expect(await repository.deleteProduct(mug.id, 1)).toBeUndefined();
        expect(await repository.deleteProduct(mug.id)).toBeUndefined();
      });

      it('requires the category to exist, on insert and when moving', async () => {
        const { repository, home } = await setUp();
        const orphan = product({ categoryId: 'no-such-category' });
        const insertError = await catchError(repository.insertProduct(orphan));
        expect(insertError).toBeInstanceOf(UnprocessableError);
        expect((insertError as DomainError).errors[0]?.path).toBe('categoryId');
        expect(await repository.getProduct(orphan.id)).toBeUndefined();
        // The failed insert left its SKU free.
        await repository.insertProduct(product({ categoryId: home.id, sku: orphan.sku }));

        const mug = product({ categoryId: home.id });
        await repository.insertProduct(mug);
        const moveError = await catchError(
          repository.replaceProduct(revised(mug, { categoryId: 'nowhere' }), 1),
        );
        expect((moveError as DomainError).errors[0]?.path).toBe('categoryId');
        expect(await repository.getProduct(mug.id)).toStrictEqual(mug);
      });
    });

    describe('categories', () => {
      it('stores categories and their parent, and rejects a duplicate id', async () => {
        const { repository, home } = await setUp();
        const kitchen = category({ name: 'Kitchen', parentId: home.id });
        await repository.insertCategory(kitchen);
        expect(await repository.getCategory(kitchen.id)).toStrictEqual(kitchen);
        expect(await repository.getCategory('nope')).toBeUndefined();
        expect(await catchError(repository.insertCategory({ ...kitchen }))).toBeInstanceOf(ConflictError);
      });

      it('requires the parent to exist, on insert and on replace', async () => {
        const { repository, home } = await setUp();
        const lost = category({ parentId: 'no-such-parent' });
        const error = await catchError(repository.insertCategory(lost));
        expect(error).toBeInstanceOf(UnprocessableError);
        expect((error as DomainError).errors[0]?.path).toBe('parentId');
        expect(await repository.getCategory(lost.id)).toBeUndefined();

        const kitchen = category({ parentId: home.id });
        await repository.insertCategory(kitchen);
        const moved = { ...kitchen, parentId: 'nowhere', version: 2 };
        const moveError = await catchError(repository.replaceCategory(moved, 1));
        expect((moveError as DomainError).errors[0]?.path).toBe('parentId');
        expect(await repository.getCategory(kitchen.id)).toStrictEqual(kitchen);
      });

      it('replaces by version and answers NotFoundError for a missing category', async () => {
        const { repository, home } = await setUp();
        const renamed = { ...home, name: 'House', version: 2 };
        await repository.replaceCategory(renamed, 1);
        expect(await repository.getCategory(home.id)).toStrictEqual(renamed);
        const stale = await catchError(repository.replaceCategory({ ...home, name: 'Late', version: 2 }, 1));
        expect(stale).toBeInstanceOf(PreconditionFailedError);
        const ghost = category();
        expect(await catchError(repository.replaceCategory(ghost, 1))).toBeInstanceOf(NotFoundError);
      });

      it('keeps a category that still has products, and deletes it once they moved away', async () => {
        const { repository, home } = await setUp();
        const garden = category({ name: 'Garden' });
        await repository.insertCategory(garden);
        const mug = product({ categoryId: home.id });
        await repository.insertProduct(mug);
        expect(await catchError(repository.deleteCategory(home.id))).toBeInstanceOf(ConflictError);
        expect(await repository.getCategory(home.id)).toStrictEqual(home);
        // A refused deletion leaves the category fully usable: products can still join it.
        const spoon = product({ categoryId: home.id });
        await repository.insertProduct(spoon);
        await repository.deleteProduct(spoon.id);

        await repository.replaceProduct(revised(mug, { categoryId: garden.id }), 1);
        expect(await repository.deleteCategory(home.id, 1)).toStrictEqual(home);
        expect(await repository.getCategory(home.id)).toBeUndefined();
        expect(await catchError(repository.deleteCategory(garden.id))).toBeInstanceOf(ConflictError);
      });

      it('keeps a category that has child categories', async () => {
        const { repository, home } = await setUp();
        const kitchen = category({ parentId: home.id });
        await repository.insertCategory(kitchen);
        expect(await catchError(repository.deleteCategory(home.id))).toBeInstanceOf(ConflictError);
        await repository.replaceCategory({ ...kitchen, parentId: undefined, version: 2 }, 1);
        expect(await repository.deleteCategory(home.id)).toStrictEqual(home);
      });

      it('frees a category once its last product is deleted', async () => {
        const { repository, home } = await setUp();
        const mug = product({ categoryId: home.id });
        await repository.insertProduct(mug);
        await repository.deleteProduct(mug.id);
        expect(await repository.deleteCategory(home.id)).toStrictEqual(home);
      });

      it('deletes by version: undefined when absent, PreconditionFailedError when stale', async () => {
        const { repository, home } = await setUp();
        expect(await catchError(repository.deleteCategory(home.id, 5))).toBeInstanceOf(
          PreconditionFailedError,
        );
        expect(await repository.getCategory(home.id)).toStrictEqual(home);
        expect(await repository.deleteCategory('nope', 1)).toBeUndefined();
      });

      it('never lets a category deletion and a product joining it both succeed', async () => {
        const { repository } = await setUp();
        for (let round = 0; round < 6; round++) {
          const doomed = category();
          await repository.insertCategory(doomed);
          const joiner = product({ categoryId: doomed.id });
          const [inserted, deleted] = await Promise.allSettled([
            repository.insertProduct(joiner),
            repository.deleteCategory(doomed.id),
          ]);
          const stored = await repository.getProduct(joiner.id);
          const categoryLeft = await repository.getCategory(doomed.id);
          if (inserted.status === 'fulfilled') {
            expect(stored).toBeDefined();
            expect(categoryLeft).toBeDefined();
            expect(deleted.status).toBe('rejected');
          } else {
            expect(inserted.reason).toBeInstanceOf(UnprocessableError);
            expect(stored).toBeUndefined();
          }
        }
      });
    });

    describe('lists', () => {
      it('rejects a cursor from another query, and garbage, on the cursor field', async () => {
        const { repository, home } = await setUp();
        for (let i = 0; i < 3; i++) await repository.insertProduct(product({ categoryId: home.id }));
        const first = await repository.listProducts({ limit: 1, statuses: ['active'], sort: 'price' });
        expect(first.nextCursor).not.toBeNull();
        const cursor = first.nextCursor ?? '';
        const foreignQueries = [
          { limit: 1, statuses: ['active'] as const, sort: '-price' as const, cursor },
          { limit: 1, statuses: ['active', 'draft'] as const, sort: 'price' as const, cursor },
          { limit: 1, statuses: ['active'] as const, sort: 'price' as const, categoryId: home.id, cursor },
          { limit: 1, statuses: ['active'] as const, sort: 'price' as const, q: 'mug', cursor },
          { limit: 1, statuses: ['active'] as const, sort: 'price' as const, cursor: 'not-a-cursor' },
          {
            limit: 1,
            statuses: ['active'] as const,
            sort: 'price' as const,
            cursor: forged('x'.repeat(2000)),
          },
        ];
        for (const query of foreignQueries) {
          const error = await catchError(repository.listProducts(query));
          expect(error).toBeInstanceOf(ValidationError);
          expect((error as DomainError).errors[0]?.path).toBe('cursor');
        }
        const categoryError = await catchError(repository.listCategories({ limit: 1, cursor }));
        expect((categoryError as DomainError).errors[0]?.path).toBe('cursor');
        // Forged from a real cursor's fingerprint: the key is beyond what any index holds.
        function forged(key: string): string {
          const body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
          return Buffer.from(JSON.stringify({ ...body, k: key })).toString('base64url');
        }
        // The same query with another page size still accepts it.
        const next = await repository.listProducts({ limit: 2, statuses: ['active'], sort: 'price', cursor });
        expect(next.items).toHaveLength(2);
      });

      it('finds names by word prefixes, ignoring case and accents', async () => {
        const { repository, home } = await setUp();
        const cafe = product({ categoryId: home.id, name: 'Café-Crème Deluxe' });
        await repository.insertProduct(cafe);
        await repository.insertProduct(product({ categoryId: home.id, name: 'Tea pot' }));
        const search = (q: string) =>
          repository
            .listProducts({ limit: 10, statuses: ['active'], sort: 'name', q })
            .then((page) => page.items.map((item) => item.id));
        expect(await search('cafe')).toEqual([cafe.id]);
        expect(await search('CRÈM del')).toEqual([cafe.id]);
        expect(await search('afe')).toEqual([]);
        expect(await search('cafe tea')).toEqual([]);
      });

      it('shows only the statuses asked for', async () => {
        const { repository, home } = await setUp();
        const draft = product({ categoryId: home.id, status: 'draft' });
        const active = product({ categoryId: home.id, status: 'active' });
        await repository.insertProduct(draft);
        await repository.insertProduct(active);
        const ids = async (statuses: ('draft' | 'active' | 'archived')[]) =>
          (await repository.listProducts({ limit: 10, statuses, sort: 'createdAt' })).items.map((p) => p.id);
        expect(await ids(['active'])).toEqual([active.id]);
        expect((await ids(['draft', 'active', 'archived'])).sort()).toEqual([draft.id, active.id].sort());
        await repository.replaceProduct(revised(active, { status: 'archived' }), 1);
        expect(await ids(['active'])).toEqual([]);
      });

      it('says whether the catalog is empty', async () => {
        const repository = await factory(manualClock());
        expect(await repository.isEmpty()).toBe(true);
        const home = category();
        await repository.insertCategory(home);
        expect(await repository.isEmpty()).toBe(false);
        const mug = product({ categoryId: home.id, status: 'archived' });
        await repository.insertProduct(mug);
        await repository.deleteCategory(home.id).catch(() => undefined);
        expect(await repository.isEmpty()).toBe(false);
      });

      describeListingProperties(factory, options.propertyRuns);
    });
  });
}

async function catchError(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it succeeded');
}
