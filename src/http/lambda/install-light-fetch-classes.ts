import { runInThisContext } from 'node:vm';
import { LightHeaders } from './light-headers.js';
import { LightRequest } from './light-request.js';
import { LightResponse } from './light-response.js';
import { nativeFetchClass } from './native-fetch-classes.js';

type FetchClasses = Record<'Request' | 'Response' | 'Headers', unknown>;

const LIGHT: FetchClasses = { Request: LightRequest, Response: LightResponse, Headers: LightHeaders };
const SET_BINDINGS = Symbol.for('slimshop.fetchClassBindings');

/**
 * The setter of three global `let` bindings, Request, Response and Headers, declared once per process by a
 * classic script. A global lexical binding shadows the global object's property of the same name for every
 * lookup of the bare name (in modules too), so the globals are replaced without reading or redefining
 * those properties: on Node 22 they are lazy data properties, and Object.getOwnPropertyDescriptor or
 * Object.defineProperty on one loads undici at once.
 */
function fetchClassBindings(): (classes: FetchClasses) => void {
  const holder = globalThis as { [SET_BINDINGS]?: (classes: FetchClasses) => void };
  const declared = holder[SET_BINDINGS];
  if (declared !== undefined) return declared;
  const setBindings: (classes: FetchClasses) => void = runInThisContext(
    'let Request, Response, Headers; (classes) => { ({ Request, Response, Headers } = classes); }',
    { filename: 'slimshop:light-fetch-classes' },
  );
  holder[SET_BINDINGS] = setBindings;
  return setBindings;
}

/**
 * Points the names Request, Response and Headers at the light classes, for the Lambda runtime only.
 *
 * Why: Node's globals are lazy, and the first touch loads its bundled undici (~20 ms of the API's cold
 * start). Hono's Context builds every response with the global Response and Headers at call time, so a
 * light adapter alone is not enough: the names must mean the light classes (@hono/node-server swaps them
 * for its server in the same way). `globalThis.Response` and `fetch` stay Node's: nativeFetchClass reads
 * them for what the light classes leave to undici, and jose fetches the JWKS, both loading undici on first
 * use, not on every cold start.
 *
 * Never called by the container server (it serves through @hono/node-server) nor by tests that do not
 * ask for it. Returns a function that points the names back at Node's classes.
 *
 * @example
 *   const uninstall = installLightFetchClasses();
 *   new Response('ok') instanceof LightResponse; // true
 *   uninstall();
 */
export function installLightFetchClasses(): () => void {
  const setBindings = fetchClassBindings();
  setBindings(LIGHT);
  return () =>
    setBindings({
      Request: nativeFetchClass('Request'),
      Response: nativeFetchClass('Response'),
      Headers: nativeFetchClass('Headers'),
    });
}
