import {
  type Category,
  type CategoryInput,
  type CategoryListQuery,
  categoryInputSchema,
  MAX_CATEGORY_DEPTH,
} from '../../domain/catalog/category.js';
import { NotFoundError, PreconditionFailedError, UnprocessableError } from '../../domain/shared/errors.js';
import { newId } from '../../domain/shared/ids.js';
import { MAX_PAGE_SIZE, type Page } from '../../domain/shared/page.js';
import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import { conditionalWrite, LOST_RACE, writeOptimistically } from './optimistic-write.js';
import { applyPatchToWritable } from './patch-input.js';
import { type VersionCondition, versionMatches } from './version-condition.js';
import { parseOrThrow } from './zod-errors.js';

export interface CategoryUseCases {
  createCategory(input: CategoryInput): Promise<Category>;
  getCategory(id: string): Promise<Category>;
  /** Merge patch of `name` and `parentId` (null moves the category to the top level). */
  patchCategory(id: string, mergePatch: unknown, ifMatch: VersionCondition): Promise<Category>;
  /** ConflictError (from storage) while products or sub-categories still point at it. */
  deleteCategory(id: string, ifMatch?: VersionCondition): Promise<void>;
  listCategories(query: CategoryListQuery): Promise<Page<Category>>;
}

const CATEGORY_READ_ONLY_FIELDS = ['id', 'createdAt', 'updatedAt', 'version'] as const;

export function createCategoryUseCases({
  repository,
  clock,
}: {
  repository: CatalogRepository;
  clock: Clock;
}): CategoryUseCases {
  const notFound = (id: string) => new NotFoundError(`No category with id "${id}".`);
  const badParent = (message: string) => new UnprocessableError(message, [{ path: 'parentId', message }]);

  /** Levels from the root down to `id` inclusive (a top-level category is at depth 1). */
  async function depthOf(id: string, movingId?: string): Promise<number> {
    let depth = 0;
    for (let cursor: string | undefined = id; cursor !== undefined; depth++) {
      if (cursor === movingId) throw badParent('would make the category its own ancestor');
      // Bounded walk: a corrupted tree must not spin forever.
      if (depth > MAX_CATEGORY_DEPTH) break;
      const category: Category | undefined = await repository.getCategory(cursor);
      if (!category) {
        if (depth === 0) throw badParent(`no category with id "${id}"`);
        break;
      }
      cursor = category.parentId;
    }
    return depth;
  }

  /** Levels in the subtree under `id`, counting `id` itself (a leaf has height 1). */
  async function heightOf(id: string, level = 1): Promise<number> {
    if (level > MAX_CATEGORY_DEPTH) return level;
    let height = level;
    let cursor: string | undefined;
    do {
      const page = await repository.listCategories({ limit: MAX_PAGE_SIZE, cursor, parentId: id });
      for (const child of page.items) height = Math.max(height, await heightOf(child.id, level + 1));
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
    return height;
  }

  async function checkPlacement(parentId: string | undefined, subtreeHeight: number, movingId?: string) {
    if (parentId === undefined) return;
    const depth = (await depthOf(parentId, movingId)) + subtreeHeight;
    if (depth > MAX_CATEGORY_DEPTH) {
      throw badParent(`categories nest at most ${MAX_CATEGORY_DEPTH} levels deep`);
    }
  }

  return {
    async createCategory(input) {
      const parentId = input.parentId ?? undefined;
      await checkPlacement(parentId, 1);
      const now = clock.now().toISOString();
      const category: Category = {
        id: input.id ?? newId(),
        name: input.name,
        ...(parentId === undefined ? {} : { parentId }),
        createdAt: now,
        updatedAt: now,
        version: 1,
      };
      await repository.insertCategory(category);
      return category;
    },

    async getCategory(id) {
      const category = await repository.getCategory(id);
      if (!category) throw notFound(id);
      return category;
    },

    patchCategory(id, mergePatch, ifMatch) {
      return writeOptimistically(async () => {
        const current = await repository.getCategory(id);
        if (!current) throw notFound(id);
        if (!versionMatches(ifMatch, current.version)) throw new PreconditionFailedError();
        const writable = { name: current.name, parentId: current.parentId };
        const merged = applyPatchToWritable(writable, mergePatch, CATEGORY_READ_ONLY_FIELDS);
        const input = parseOrThrow(categoryInputSchema, merged, 'The patched category is not valid.');
        const parentId = input.parentId ?? undefined;
        if (parentId !== current.parentId) await checkPlacement(parentId, await heightOf(id), id);
        const next: Category = {
          id,
          name: input.name,
          ...(parentId === undefined ? {} : { parentId }),
          createdAt: current.createdAt,
          updatedAt: clock.now().toISOString(),
          version: current.version + 1,
        };
        const outcome = await conditionalWrite(() => repository.replaceCategory(next, current.version));
        return outcome === LOST_RACE ? LOST_RACE : next;
      });
    },

    async deleteCategory(id, ifMatch) {
      if (ifMatch === undefined) {
        if (!(await repository.deleteCategory(id))) throw notFound(id);
        return;
      }
      await writeOptimistically(async () => {
        const current = await repository.getCategory(id);
        if (!current) throw notFound(id);
        if (!versionMatches(ifMatch, current.version)) throw new PreconditionFailedError();
        const outcome = await conditionalWrite(async () => {
          if (!(await repository.deleteCategory(id, current.version))) throw notFound(id);
        });
        return outcome === LOST_RACE ? LOST_RACE : true;
      });
    },

    listCategories(query) {
      return repository.listCategories(query);
    },
  };
}
