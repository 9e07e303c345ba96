import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  UnprocessableError,
} from '../../domain/shared/errors.js';

/** The invariant violations of the CatalogRepository port, worded once for every adapter. */

export function skuTakenError(sku: string): ConflictError {
  return new ConflictError('Another product already uses this SKU.', [
    { path: 'sku', message: `SKU "${sku}" is already taken` },
  ]);
}

export function idTakenError(kind: 'product' | 'category'): ConflictError {
  return new ConflictError(`A ${kind} with this id already exists.`, [
    { path: 'id', message: 'is already taken' },
  ]);
}

export function missingCategoryError(path: 'categoryId' | 'parentId'): UnprocessableError {
  return new UnprocessableError('The referenced category does not exist.', [
    { path, message: 'refers to a category that does not exist or is being deleted' },
  ]);
}

export function categoryInUseError(): ConflictError {
  return new ConflictError('The category still has products or child categories: move or delete them first.');
}

export function categoryImportedError(): ConflictError {
  return new ConflictError('An import is writing into this category: try again once it has finished.');
}

export function notFoundError(kind: 'product' | 'category'): NotFoundError {
  return new NotFoundError(`The ${kind} does not exist.`);
}

export function staleVersionError(): PreconditionFailedError {
  return new PreconditionFailedError();
}
