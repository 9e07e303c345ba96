import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * The zod every schema of the API is built with, imported as `import * as z from '.../shared/zod.js'`:
 * zod/mini, zod 4's functional API. Same core and validation as the classic API, a fraction of the code
 * to load and compile at a Lambda cold start, because esbuild keeps only the functions a namespace import
 * reaches (`z.string`, `z.optional`, ...). A `z` object (`import { z } from 'zod/mini'`) would keep every
 * one of them: ~20 KB more at start. Unlike the classic API, mini sets no locale (every issue would read
 * "Invalid input"), so English is configured here, once, before any schema of ours can parse.
 * Everything in src/ uses it, the lazily loaded jobs and advisor too: esbuild puts whatever part of zod's
 * core a lazy chunk shares with the start-up code into a chunk the start-up code loads, so classic zod
 * anywhere added ~95 KB to every cold start.
 *
 * Metadata for the OpenAPI document goes in z.globalRegistry: `.register(z.globalRegistry, { id })` on a
 * schema built right there; on a schema shared with others, on a copy (`.clone().register(...)`), as the
 * classic `.meta()` did, so one route's description or example never sticks to every other use.
 */
config(en());

export * from 'zod/mini';
