// @slimshop/client: a typed client for the Slimshop API (see README.md of this package).
export { ApiError, type FieldError, PreconditionFailedError, type Problem } from './api-error.js';
export type { components, operations, paths } from './generated/openapi.js';
export type * from './models.js';
export { everyItem, type Page } from './pages.js';
export type { RetryOptions } from './retries.js';
export {
  type Conditional,
  createSlimshopClient,
  type IdempotentCall,
  type SlimshopClient,
  type SlimshopClientOptions,
} from './slimshop-client.js';
