import type { Category } from '@slimshop/client';
import { describe, expect, it } from 'vitest';
import { buildCategoryTree, type CategoryNode, flattenTree } from '../src/pages/category-tree';

const category = (id: string, name: string, parentId?: string): Category => ({
  id,
  name,
  ...(parentId === undefined ? {} : { parentId }),
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
});

/** The tree as indented names, the way the page nests them. */
const outline = (nodes: readonly CategoryNode[]): string[] =>
  flattenTree(nodes).map((n) => `${'  '.repeat(n.depth - 1)}${n.category.name}`);

describe('the category tree', () => {
  it('nests each category under its parent, by name at every level, with its path as label', () => {
    const tree = buildCategoryTree([
      category('mugs', 'Mugs', 'kitchen'),
      category('tea', 'Tea'),
      category('kitchen', 'Kitchen'),
      category('cups', 'Cups', 'kitchen'),
      category('espresso', 'Espresso cups', 'cups'),
    ]);
    expect(outline(tree)).toEqual(['Kitchen', '  Cups', '    Espresso cups', '  Mugs', 'Tea']);
    expect(flattenTree(tree).map((n) => n.label)).toEqual([
      'Kitchen',
      'Kitchen / Cups',
      'Kitchen / Cups / Espresso cups',
      'Kitchen / Mugs',
      'Tea',
    ]);
  });

  it('shows a category whose parent is not in the list at the top level', () => {
    expect(outline(buildCategoryTree([category('a', 'Orphan', 'gone'), category('b', 'Root')]))).toEqual([
      'Orphan',
      'Root',
    ]);
  });

  it('shows every category of a loop exactly once, however the data came to hold one', () => {
    const tree = buildCategoryTree([
      category('a', 'Alpha', 'b'),
      category('b', 'Beta', 'a'),
      category('c', 'Gamma'),
    ]);
    expect(outline(tree)).toEqual(['Alpha', '  Beta', 'Gamma']);
  });

  it('is empty for no categories', () => {
    expect(buildCategoryTree([])).toEqual([]);
  });
});
