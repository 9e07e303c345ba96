// Fills a running server's catalog through its API as an admin would (the console's Imports page does the
// same): POST /jobs/files for an upload link, PUT the JSONL there, POST /jobs import-catalog, poll the job.

/** Product `i` of a generated catalog: active (anonymous readers see it too), in one of `categoryIds`. */
export function benchProduct(i, categoryIds) {
  const n = String(i).padStart(5, '0');
  return {
    id: `bench-${n}`,
    sku: `BENCH-${n}`,
    name: `Bench product ${n}`,
    price: { amount: 100 + (i % 9000), currency: 'EUR' },
    categoryId: categoryIds[i % categoryIds.length],
    status: 'active',
    attributes: {},
  };
}

/**
 * Imports `count` products (benchProduct) into the catalog at `url` with an admin `token`; resolves to the
 * job's summary once it succeeded (`{ read, imported, unchanged, rejected }`), throws if it did not.
 *
 * @example
 *   const summary = await importProducts(local.url, local.adminToken, 10_000);
 */
export async function importProducts(url, token, count, { timeoutMs = 15 * 60_000 } = {}) {
  const authorization = `Bearer ${token}`;
  const call = async (path, init = {}) => {
    const response = await fetch(`${url}${path}`, {
      ...init,
      headers: { authorization, 'content-type': 'application/json', ...init.headers },
    });
    if (!response.ok)
      throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const categories = await call('/categories?limit=100');
  const categoryIds = categories.items.map((category) => category.id);
  let jsonl = '';
  for (let i = 1; i <= count; i++) jsonl += `${JSON.stringify(benchProduct(i, categoryIds))}\n`;
  const bytes = Buffer.from(jsonl);

  const { location, upload } = await call('/jobs/files', {
    method: 'POST',
    body: JSON.stringify({ name: 'bench.jsonl', size: bytes.length }),
  });
  const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: bytes });
  if (!put.ok) throw new Error(`PUT of the upload: ${put.status} ${await put.text()}`);
  const job = await call('/jobs', {
    method: 'POST',
    headers: { 'idempotency-key': `bench-import-${Date.now()}-${count}` },
    body: JSON.stringify({ type: 'import-catalog', args: { file: location } }),
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await call(`/jobs/${job.id}`);
    if (current.status === 'succeeded') return current.summary;
    if (current.status === 'failed' || Date.now() > deadline)
      throw new Error(`import job ${job.id}: ${current.status} ${current.error ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
