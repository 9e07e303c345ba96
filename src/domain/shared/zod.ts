import { z } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The one zod every schema of the API is built with: zod/mini, zod 4's functional API. Same core and
 * validation as the classic API, a fraction of its code to load and compile at a Lambda cold start.
 * Unlike the classic API it sets no locale (every issue would read "Invalid input"), so English is
 * configured here, once, before any schema can parse: every schema module imports `z` from this file.
 * Idempotent: the classic API (jobs, the advisor's price files) setting it again changes nothing.
 *
 * Metadata for the OpenAPI document goes in z.globalRegistry: `.register(z.globalRegistry, { id })` on a
 * schema built right there; on a schema shared with others, on a copy (`.clone().register(...)`), as the
 * classic `.meta()` did, so one route's description or example never sticks to every other use.
 */
z.config(en());

export { z };
