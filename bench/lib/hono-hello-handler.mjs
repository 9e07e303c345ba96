// The framework floor: Hono on Lambda answering GET /health, nothing else (bundled by the cold-start bench).
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const app = new Hono();
app.get('/health', (c) => c.json({ status: 'ok' }));
export const handler = handle(app);
