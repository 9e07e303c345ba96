// The browser benches' floor: a trivial page that Chromium paints, served by a node:http server in the bench
// process. Its table has the console's shape (rows linking somewhere, a "Next" button), so the same in-page
// probes (page-probes.mjs) time it; Next swaps in 20 new rows at once, with no network and no framework.
import { createServer } from 'node:http';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Baseline</title></head>
<body><h1>Baseline</h1>
<table><thead><tr><th>Name</th><th>SKU</th></tr></thead><tbody></tbody></table>
<nav><button type="button" id="next">Next</button></nav>
<script>
  let page = 0;
  const show = () => {
    const rows = [];
    for (let i = page * 20; i < page * 20 + 20; i++)
      rows.push('<tr><td><a href="#/p/' + i + '">Product ' + i + '</a></td><td>SKU-' + i + '</td></tr>');
    document.querySelector('tbody').innerHTML = rows.join('');
  };
  show();
  document.getElementById('next').onclick = () => { page++; show(); };
</script>
</body></html>`;

/**
 * Serves the baseline page at `url` on loopback until `close()`.
 *
 * @example
 *   const baseline = await startBaselinePage();
 *   await page.goto(baseline.url);
 */
export async function startBaselinePage() {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    response.end(PAGE);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
