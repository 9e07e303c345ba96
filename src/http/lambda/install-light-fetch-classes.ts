import { LightHeaders } from './light-headers.js';
import { LightRequest } from './light-request.js';
import { LightResponse } from './light-response.js';

const LIGHT = { Request: LightRequest, Response: LightResponse, Headers: LightHeaders };

/**
 * Points the Request, Response and Headers globals at the light classes, for the Lambda runtime only.
 *
 * Why: Node's globals are lazy, and the first touch loads its bundled undici (~25 ms, ~15 % of the API's
 * cold start). Hono's Context builds every response with the GLOBAL Response and Headers at call time,
 * so a light adapter alone is not enough: the globals must be light too (@hono/node-server swaps them
 * for its server in the same way). `fetch` stays Node's: jose fetches the JWKS with it, and undici is
 * then loaded on that first token, not on every cold start.
 *
 * Never called by the container server (it serves through @hono/node-server) nor by tests that do not
 * ask for it. Returns a function that puts the previous globals back.
 */
export function installLightFetchClasses(): () => void {
  const previous = Object.keys(LIGHT).map(
    (name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const,
  );
  for (const [name, value] of Object.entries(LIGHT)) {
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  }
  return () => {
    for (const [name, descriptor] of previous) {
      if (descriptor !== undefined) Object.defineProperty(globalThis, name, descriptor);
    }
  };
}
