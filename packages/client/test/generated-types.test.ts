import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { publishedDocument } from '../../../scripts/openapi/published-document.js';
import { openApiTypes } from '../scripts/openapi-types.js';

it('the committed types are those of the current OpenAPI document (else: npm run client:generate)', async () => {
  const committed = await readFile(new URL('../src/generated/openapi.ts', import.meta.url), 'utf8');
  expect(await openApiTypes(await publishedDocument())).toBe(committed);
});
