import type { Category } from '@slimshop/client';

/** A category with its sub-categories, as the tree on the categories page shows it. */
export interface CategoryNode {
  category: Category;
  children: CategoryNode[];
  /** 1 at the top level. */
  depth: number;
  /** Names from the top level down to this one: "Kitchen / Mugs". */
  label: string;
}

const byName = (a: CategoryNode, b: CategoryNode) =>
  a.category.name.localeCompare(b.category.name) || a.category.id.localeCompare(b.category.id);

/**
 * The tree of a flat list of categories (each naming its `parentId`). A category whose parent is not in
 * the list shows at the top level, and so does a loop (which the API refuses, but data may be older), so
 * every category appears exactly once.
 */
export function buildCategoryTree(categories: readonly Category[]): CategoryNode[] {
  const ids = new Set(categories.map((c) => c.id));
  const childrenOf = new Map<string | undefined, Category[]>();
  for (const category of categories) {
    const parent =
      category.parentId !== undefined && ids.has(category.parentId) ? category.parentId : undefined;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), category]);
  }
  const placed = new Set<string>();
  const grow = (category: Category, depth: number, path: string): CategoryNode => {
    placed.add(category.id);
    const label = path === '' ? category.name : `${path} / ${category.name}`;
    const children = (childrenOf.get(category.id) ?? [])
      .filter((child) => !placed.has(child.id))
      .map((child) => grow(child, depth + 1, label));
    return { category, children: children.sort(byName), depth, label };
  };
  const roots = (childrenOf.get(undefined) ?? []).map((c) => grow(c, 1, ''));
  // What no root reaches sits in a loop: its first member (by name) becomes a top-level entry.
  for (const category of [...categories].sort((a, b) => a.name.localeCompare(b.name))) {
    if (!placed.has(category.id)) roots.push(grow(category, 1, ''));
  }
  return roots.sort(byName);
}

/** The tree in reading order (each category before its sub-categories): a parent picker's options. */
export function flattenTree(nodes: readonly CategoryNode[]): CategoryNode[] {
  return nodes.flatMap((node) => [node, ...flattenTree(node.children)]);
}
