import type { Category } from '../../domain/catalog/category.js';
import { categorySortKey } from '../shared/sort-keys.js';
import { ALL_CATEGORIES_PARTITION, categoryKey, childCategoriesPartition } from './keys.js';
import type { Item } from './table.js';

/**
 * Categories share the product indexes: all of them sit in the 'CATEGORY' partition of byStatusName
 * (listing by name), and children of a parent in 'CHILDOF#<parent>' of byCategoryName (the parentId filter).
 */
export function toCategoryItem(category: Category, memberStamp: string): Item {
  return {
    ...categoryKey(category.id),
    ...categoryFields(category),
    statusKey: ALL_CATEGORIES_PARTITION,
    ...(category.parentId === undefined ? {} : { catStatusKey: childCategoriesPartition(category.parentId) }),
    nameKey: categorySortKey(category),
    memberStamp,
  };
}

export function fromCategoryItem(item: Item): Category {
  return categoryFields(item as unknown as Category);
}

function categoryFields(source: Category): Category {
  return {
    id: source.id,
    name: source.name,
    ...(source.parentId === undefined ? {} : { parentId: source.parentId }),
    createdAt: source.createdAt,
    updatedAt: source.updatedAt,
    version: source.version,
  };
}
