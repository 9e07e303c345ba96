import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCatalogRepository } from '../../adapters/memory/catalog-repository.js';
import { MAX_CATEGORY_DEPTH } from '../../domain/catalog/category.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  UnprocessableError,
  ValidationError,
} from '../../domain/shared/errors.js';
import { systemClock } from '../ports/clock.js';
import { type CatalogService, createCatalogService } from './catalog-service.js';

describe('category use cases', () => {
  let catalog: CatalogService;

  beforeEach(() => {
    catalog = createCatalogService({ repository: createMemoryCatalogRepository(), clock: systemClock });
  });

  /** root -> c2 -> ... -> c<levels>, returns the ids from the top. */
  async function chain(levels: number): Promise<string[]> {
    const ids: string[] = [];
    for (let level = 1; level <= levels; level++) {
      const created = await catalog.createCategory({
        id: `c${level}`,
        name: `Level ${level}`,
        parentId: ids.at(-1),
      });
      ids.push(created.id);
    }
    return ids;
  }

  it('creates top-level and child categories', async () => {
    const root = await catalog.createCategory({ name: 'Kitchen' });
    const child = await catalog.createCategory({ name: 'Cups', parentId: root.id });
    expect(root).toMatchObject({ version: 1, name: 'Kitchen' });
    expect(Object.hasOwn(root, 'parentId')).toBe(false);
    expect(child.parentId).toBe(root.id);
    const page = await catalog.listCategories({ limit: 10, parentId: root.id });
    expect(page.items.map((c) => c.id)).toEqual([child.id]);
  });

  it('refuses a missing parent with 422 on parentId', async () => {
    const error = await catalog.createCategory({ name: 'Orphan', parentId: 'nope' }).catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error.errors[0].path).toBe('parentId');
  });

  it(`nests at most ${MAX_CATEGORY_DEPTH} levels`, async () => {
    const ids = await chain(MAX_CATEGORY_DEPTH);
    const error = await catalog.createCategory({ name: 'Too deep', parentId: ids.at(-1) }).catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect(error.errors[0].path).toBe('parentId');
  });

  it('renames with a merge patch and If-Match', async () => {
    const category = await catalog.createCategory({ name: 'Cups' });
    const renamed = await catalog.patchCategory(category.id, { name: 'Mugs & Cups' }, [1]);
    expect(renamed).toMatchObject({ name: 'Mugs & Cups', version: 2, createdAt: category.createdAt });
    await expect(catalog.patchCategory(category.id, { name: 'x' }, [1])).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });

  it('moves to the top level with parentId null', async () => {
    const [, child] = await chain(2);
    const moved = await catalog.patchCategory(child as string, { parentId: null }, '*');
    expect(Object.hasOwn(moved, 'parentId')).toBe(false);
  });

  it('refuses cycles, including a category as its own parent', async () => {
    const [top, , bottom] = await chain(3);
    for (const parentId of [bottom, top]) {
      const error = await catalog.patchCategory(top as string, { parentId }, '*').catch((e) => e);
      expect(error).toBeInstanceOf(UnprocessableError);
      expect(error.errors[0].path).toBe('parentId');
    }
  });

  it('refuses a move that would push the subtree below the depth limit', async () => {
    const deep = await chain(MAX_CATEGORY_DEPTH - 1);
    const other = await catalog.createCategory({ id: 'other', name: 'Other' });
    await catalog.createCategory({ id: 'other-child', name: 'Other child', parentId: other.id });
    // other (2 levels) under level 7 would reach depth 9.
    const error = await catalog.patchCategory(other.id, { parentId: deep.at(-1) }, '*').catch((e) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    // ...but under level 6 it reaches exactly 8.
    expect((await catalog.patchCategory(other.id, { parentId: deep.at(-2) }, '*')).parentId).toBe(
      deep.at(-2),
    );
  });

  it('refuses read-only fields and invalid names', async () => {
    const category = await catalog.createCategory({ name: 'Cups' });
    await expect(catalog.patchCategory(category.id, { id: 'x' }, '*')).rejects.toBeInstanceOf(
      ValidationError,
    );
    const error = await catalog.patchCategory(category.id, { name: '' }, '*').catch((e) => e);
    expect(error.errors[0].path).toBe('name');
  });

  it('deletes an empty category, refuses one with children (409), 404s afterwards', async () => {
    const [top, child] = await chain(2);
    await expect(catalog.deleteCategory(top as string)).rejects.toBeInstanceOf(ConflictError);
    await expect(catalog.deleteCategory(child as string, [2])).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await catalog.deleteCategory(child as string, [1]);
    await catalog.deleteCategory(top as string);
    await expect(catalog.getCategory(top as string)).rejects.toBeInstanceOf(NotFoundError);
    await expect(catalog.deleteCategory(top as string)).rejects.toBeInstanceOf(NotFoundError);
  });
});
