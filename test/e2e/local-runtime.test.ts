import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCheckingFetch } from '../support/openapi-contract.js';

const root = join(import.meta.dirname, '..', '..');
// Responses of the API (not of the local S3) are checked against the document the server serves.
const fetch = apiCheckingFetch();
const run = promisify(execFile);

interface LocalServer {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  output: () => string;
}

/** `npm start` as a user runs it (tsx src/entrypoints/local.ts), on free ports, in its own DATA_DIR. */
function spawnLocal(dataDir: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/entrypoints/local.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: '0',
      DYNAMODB_PORT: '0',
      POSTGRES_PORT: '0',
      S3_PORT: '0',
      SMTP_PORT: '0',
      MAIL_UI_PORT: '0',
      ...env,
      LOG_LEVEL: 'warn',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function startLocal(dataDir: string): Promise<LocalServer> {
  const child = spawnLocal(dataDir);
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up:\n${output}`)), 60_000);
    const check = () => {
      const match = /Slimshop API\s+(http:\/\/localhost:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { url, child, exited, output: () => output };
}

/** The web UI of the MailDev this server started, as its banner names it. */
function mailUiOf(server: LocalServer): string {
  const url = /^Emails \(MailDev\) (http:\/\/127\.0\.0\.1:\d+)/m.exec(server.output())?.[1];
  if (url === undefined) throw new Error(`the banner names no MailDev:\n${server.output()}`);
  return url;
}

/** The emails MailDev holds for one address, once `until` is satisfied (30 s at most: the relay is async). */
async function emailsTo(mailUi: string, address: string, until: (subjects: string[]) => boolean) {
  let subjects: string[] = [];
  for (let attempt = 0; attempt < 150; attempt++) {
    const emails = (await (await fetch(`${mailUi}/email`)).json()) as {
      subject: string;
      to: { address: string }[];
    }[];
    subjects = emails.filter((email) => email.to.some((to) => to.address === address)).map((e) => e.subject);
    if (until(subjects)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return subjects;
}

async function stop(server: LocalServer): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

async function tokenFor(dataDir: string, role: 'admin' | 'customer', sub: string): Promise<string> {
  const { stdout } = await run('npm', ['run', '--silent', 'token', '--', '--role', role, '--sub', sub], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir },
  });
  return stdout;
}
const adminToken = (dataDir: string) => tokenFor(dataDir, 'admin', 'e2e');

/** PostgreSQL server processes still running on this data directory (an orphan would hold the port and files). */
async function postgresProcesses(dataDir: string): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'args']);
  return stdout
    .split('\n')
    .filter((line) => line.includes('postgres') && line.includes(join(dataDir, 'postgres')));
}

/** MailDev processes keeping their mail in this data directory. */
async function maildevProcesses(dataDir: string): Promise<string[]> {
  const { stdout } = await run('ps', ['-eo', 'args']);
  return stdout
    .split('\n')
    .filter((line) => line.includes('maildev') && line.includes(join(dataDir, 'mail')));
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('npm start (local runtime)', () => {
  let dataDir: string;
  let server: LocalServer | undefined;
  let token: string;
  let customer: { authorization: string };
  let order: { id: string; total: unknown } | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'slimshop-local-'));
    server = await startLocal(dataDir);
    token = (await adminToken(dataDir)).trim();
    customer = { authorization: `Bearer ${(await tokenFor(dataDir, 'customer', 'alice')).trim()}` };
  }, 120_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null) await stop(server);
    await rm(dataDir, { recursive: true, force: true });
  });

  const admin = () => ({ authorization: `Bearer ${token}` });

  it('serves /health', async () => {
    const response = await fetch(`${server?.url}/health`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves the admin console at /admin/, built by npm start itself when dist/admin was missing or stale', async () => {
    const page = await fetch(`${server?.url}/admin/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const script = /<script type="module"[^>]+src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${server?.url}/admin/${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
  });

  it('`npm run token` prints exactly one line: a JWT', async () => {
    const stdout = await adminToken(dataDir);

    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });

  it('seeds a demo catalog: at least 3 categories and 50 products', async () => {
    const products = await fetch(`${server?.url}/products?limit=100`, { headers: admin() });
    const categories = await fetch(`${server?.url}/categories?limit=100`);

    expect(products.status).toBe(200);
    expect(((await products.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(50);
    expect(((await categories.json()) as { items: unknown[] }).items.length).toBeGreaterThanOrEqual(3);
  });

  it('lets a customer fill a cart and place an order at once: demo stock is there and goes down', async () => {
    if (!server) throw new Error('server not started');
    const productId = 'cof-espr-250';
    const stockBefore = await available(server.url, productId);
    expect(stockBefore).toBeGreaterThanOrEqual(2);

    const cart = await fetch(`${server.url}/carts`, { method: 'POST', headers: customer });
    expect(cart.status).toBe(201);
    const { id: cartId } = (await cart.json()) as { id: string };
    const added = await fetch(`${server.url}/carts/${cartId}/items/${productId}`, {
      method: 'PUT',
      headers: { ...customer, ...JSON_TYPE },
      body: JSON.stringify({ quantity: 2 }),
    });
    expect(added.status).toBe(200);

    const placed = await fetch(`${server.url}/orders`, {
      method: 'POST',
      headers: { ...customer, ...JSON_TYPE, 'idempotency-key': 'e2e-first-order' },
      body: JSON.stringify({ cartId }),
    });
    expect(placed.status).toBe(201);
    order = (await placed.json()) as { id: string; total: unknown };
    expect(order).toMatchObject({
      customerId: 'alice',
      status: 'placed',
      items: [{ productId, quantity: 2 }],
    });
    expect(await available(server.url, productId)).toBe(stockBefore - 2);
  });

  it('emails the order confirmation to the customer, into the MailDev the banner names', async () => {
    if (!server || !order) throw new Error('no order was placed');
    const confirmation = `Order ${order.id} confirmed`;

    const subjects = await emailsTo(mailUiOf(server), 'alice@example.com', (seen) =>
      seen.includes(confirmation),
    );

    expect(subjects).toEqual([confirmation]);
  }, 60_000);

  it('takes a guest from order to test payment to shipping: three emails in MailDev, the events in order', async () => {
    if (!server) throw new Error('server not started');
    const url = server.url;
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { ...JSON_TYPE, ...headers },
        body: JSON.stringify(body),
      });
    const { id: cartId } = (await (await fetch(`${url}/carts`, { method: 'POST' })).json()) as { id: string };
    await fetch(`${url}/carts/${cartId}/items/cof-house-250`, {
      method: 'PUT',
      headers: JSON_TYPE,
      body: JSON.stringify({ quantity: 2 }),
    });
    const address = {
      name: 'Ada Lovelace',
      line1: 'Unter den Linden 1',
      postalCode: '10117',
      city: 'Berlin',
      country: 'DE',
    };
    // The demo shop: DE rates (coffee reduced, 7 %), standard shipping 4.90, WELCOME10.
    const placed = await post(
      '/orders',
      {
        cartId,
        email: 'ada@example.com',
        shippingAddress: address,
        shippingMethodId: 'standard',
        discountCode: 'welcome10',
      },
      { 'idempotency-key': 'e2e-guest-order' },
    );
    expect(placed.status).toBe(201);
    const order = (await placed.json()) as {
      id: string;
      accessToken: string;
      total: unknown;
      taxTotal: unknown;
    };
    // 2 × 8.95 = 17.90, 10 % off 1.79, shipping 4.90; tax 16.11 × 7/107 = 1.05 and 4.90 × 19/119 = 0.78.
    expect(order).toMatchObject({
      total: { amount: 2101, currency: 'EUR' },
      taxTotal: { amount: 183, currency: 'EUR' },
    });
    const guest = { 'x-order-token': order.accessToken };

    const payment = await post(`/orders/${order.id}/payment`, {}, guest);
    expect(payment.status).toBe(201);
    const { provider, paymentId } = (await payment.json()) as { provider: string; paymentId: string };
    expect(provider).toBe('test');
    expect((await post(`/payments/test/${paymentId}/succeed`, {})).status).toBe(200);
    const paid = (await (await fetch(`${url}/orders/${order.id}`, { headers: guest })).json()) as {
      status: string;
    };
    expect(paid.status).toBe('paid');
    const shipped = await post(`/orders/${order.id}/status`, { status: 'shipped' }, admin());
    expect(shipped.status).toBe(200);

    const expected = [
      `Order ${order.id} confirmed`,
      `Payment received for order ${order.id}`,
      `Order ${order.id} has shipped`,
    ];
    const subjects = await emailsTo(mailUiOf(server), 'ada@example.com', (seen) => seen.length >= 3);
    expect([...subjects].sort()).toEqual([...expected].sort());

    let events: { orderId: string; type: string; sequence: number }[] = [];
    let cursor: string | null = null;
    do {
      const page = (await (
        await fetch(
          `${url}/events?limit=100${cursor === null ? '' : `&after=${encodeURIComponent(cursor)}`}`,
          {
            headers: admin(),
          },
        )
      ).json()) as { items: typeof events; nextCursor: string | null };
      events = events.concat(page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    const mine = events.filter((event) => event.orderId === order.id);
    expect(mine.map((event) => [event.sequence, event.type])).toEqual([
      [1, 'order.placed'],
      [2, 'order.paid'],
      [3, 'order.shipped'],
    ]);
  }, 90_000);

  it('processes an image uploaded to its local S3 into variants fetchable from there', async () => {
    const { default: sharp } = await import('sharp');
    const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#a05020' } })
      .jpeg()
      .toBuffer();
    const started = await fetch(`${server?.url}/products/cof-espr-250/images`, {
      method: 'POST',
      headers: { ...admin(), ...JSON_TYPE },
      body: JSON.stringify({ contentType: 'image/jpeg', contentLength: photo.length }),
    });
    expect(started.status).toBe(201);
    const { imageId, upload } = (await started.json()) as {
      imageId: string;
      upload: { url: string; method: string; headers: Record<string, string> };
    };
    expect(
      (await fetch(upload.url, { method: upload.method, headers: upload.headers, body: photo })).status,
    ).toBe(200);

    type Image = { id: string; status: string; variants: { width: number; url: string }[] };
    let image: Image | undefined;
    for (let attempt = 0; attempt < 100 && image?.status !== 'ready'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const product = (await (await fetch(`${server?.url}/products/cof-espr-250`)).json()) as {
        images?: Image[];
      };
      image = product.images?.find((candidate) => candidate.id === imageId);
    }
    expect(image?.status).toBe('ready');
    expect([...new Set(image?.variants.map((v) => v.width))].sort((a, b) => a - b)).toEqual([320, 768, 900]);
    const variant = await fetch(image?.variants[0]?.url as string);
    expect(variant.status).toBe(200);
  });

  it('accepts a token from `npm run token` for an admin write, and keeps the data across a restart', async () => {
    if (!server) throw new Error('server not started');
    const created = await fetch(`${server.url}/categories`, {
      method: 'POST',
      headers: { ...admin(), 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Survives restarts' }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const countBefore = await productCount(server.url);

    expect(await stop(server)).toBe(0);
    server = await startLocal(dataDir);

    const fetched = await fetch(`${server.url}/categories/${id}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toMatchObject({ id, name: 'Survives restarts' });
    // The demo catalog is seeded only into an empty table: a restart adds nothing.
    expect(await productCount(server.url)).toBe(countBefore);
    // Orders and stock (PostgreSQL under DATA_DIR) survive too; used-up stock is not refilled.
    if (!order) throw new Error('no order was placed');
    const kept = await fetch(`${server.url}/orders/${order.id}`, { headers: customer });
    expect(kept.status).toBe(200);
    expect(await kept.json()).toMatchObject({ id: order.id, total: order.total });
    expect(await available(server.url, 'cof-espr-250')).toBe(98);
    // So do the emails (DATA_DIR/mail), and the order's event is not emailed a second time.
    const keptEmails = await emailsTo(mailUiOf(server), 'alice@example.com', (seen) => seen.length > 0);
    expect(keptEmails).toEqual([`Order ${order.id} confirmed`]);
  }, 120_000);

  it('on SIGTERM finishes the request in flight, then exits 0 and stops PostgreSQL and MailDev', async () => {
    if (!server) throw new Error('server not started');
    expect(await maildevProcesses(dataDir)).not.toEqual([]);
    const body = JSON.stringify({ name: 'Sent during shutdown' });
    const { hostname, port } = new URL(server.url);
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        {
          hostname,
          port,
          method: 'POST',
          path: '/categories',
          headers: {
            ...admin(),
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      request.on('error', reject);
      // Half the body now: the server has the request in hand but cannot answer it yet.
      request.write(body.slice(0, 10));
      setTimeout(() => {
        server?.child.kill('SIGTERM');
        setTimeout(() => request.end(body.slice(10)), 500);
      }, 300);
    });

    const answer = await response;
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'Sent during shutdown' });
    expect(await server.exited).toBe(0);
    expect(await postgresProcesses(dataDir)).toEqual([]);
    expect(await maildevProcesses(dataDir)).toEqual([]);
  }, 30_000);
});

describe('npm start with a port taken', () => {
  it.each(['DYNAMODB_PORT', 'POSTGRES_PORT', 'S3_PORT', 'SMTP_PORT', 'MAIL_UI_PORT'])(
    '%s: exits 1 at once with a message naming it, leaving no PostgreSQL or MailDev behind',
    async (variable) => {
      const dataDir = await mkdtemp(join(tmpdir(), 'slimshop-local-port-'));
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
      try {
        const port = (blocker.address() as AddressInfo).port;
        const child = spawnLocal(dataDir, { [variable]: String(port), SEED_DEMO: 'false' });
        let output = '';
        child.stderr?.on('data', (chunk) => {
          output += chunk;
        });
        const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

        expect(code).toBe(1);
        expect(output).toContain(`${variable} ${port} is already in use`);
        expect(await postgresProcesses(dataDir)).toEqual([]);
        expect(await maildevProcesses(dataDir)).toEqual([]);
      } finally {
        await new Promise((resolve) => blocker.close(resolve));
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});

async function available(url: string, productId: string): Promise<number> {
  const response = await fetch(`${url}/inventory/${productId}`);
  return ((await response.json()) as { available: number }).available;
}

async function productCount(url: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = (await (await fetch(`${url}/products?limit=100${query}`)).json()) as {
      items: unknown[];
      nextCursor: string | null;
    };
    count += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return count;
}
