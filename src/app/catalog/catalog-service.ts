import type { CatalogRepository } from '../ports/catalog-repository.js';
import type { Clock } from '../ports/clock.js';
import { type CategoryUseCases, createCategoryUseCases } from './category-use-cases.js';
import { createProductUseCases, type ProductUseCases } from './product-use-cases.js';

export type { ProductListRequest, PutResult } from './product-use-cases.js';
export type { VersionCondition } from './version-condition.js';

/** The catalog's use cases, as every transport (HTTP, batch jobs, the demo seeder) calls them. */
export interface CatalogService extends ProductUseCases, CategoryUseCases {}

export function createCatalogService(deps: { repository: CatalogRepository; clock: Clock }): CatalogService {
  return { ...createProductUseCases(deps), ...createCategoryUseCases(deps) };
}
