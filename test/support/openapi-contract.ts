import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { afterEach } from 'vitest';
import { nativeFetchClass } from '../../src/http/lambda/native-fetch-classes.js';

// biome-ignore lint/suspicious/noExplicitAny: the document is JSON walked by key.
type Json = any;

/** What a response is checked against: the request that produced it. */
export interface CheckedRequest {
  method: string;
  /** A path with its query (`/products?limit=2`) or a full URL. */
  url: string;
  headers: Headers;
}

/** A response that does not match the document. Its message lists every difference found. */
export class ContractViolation extends Error {
  override name = 'ContractViolation';
  constructor(readonly problems: string[]) {
    super(`The response does not match the OpenAPI document:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Headers every response may carry without the document declaring them: HTTP's own, the security headers
 * and X-Request-Id that every response gets (the document's description says so), and CORS.
 */
const CROSS_CUTTING_HEADERS = new Set([
  'cache-control',
  'connection',
  'content-length',
  'content-security-policy',
  'content-type',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'date',
  'keep-alive',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'transfer-encoding',
  'vary',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-request-id',
  'x-xss-protection',
]);

/** Pages and files the app serves beside the API (GET and HEAD only): not operations of the document. */
const OUTSIDE_THE_API = [
  /^\/openapi\.json$/,
  /^\/docs(\/.*)?$/,
  /^\/advisor$/,
  /^\/advisor\/(presets\.json|assets\/.+)$/,
  /^\/admin(\/.*)?$/,
];

/**
 * Where the links the API hands out point (the local server's own, for job files): like presigned S3 URLs,
 * link targets a client follows as given, not operations of the document.
 */
const LINK_TARGETS = /^\/jobs\/(uploads|downloads)\/[^/]+$/;

const NO_BODY_STATUSES = new Set([204, 304]);
// The ajv-formats plugin is a CommonJS module whose default export TypeScript sees one level down.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => void;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** Path segments that are not parameters: `/products/{id}/images` beats `/products/{id}` by one. */
  literals: number;
  responses: Record<string, Json>;
}

/**
 * The OpenAPI document as a response checker: status, content type, declared headers (and undeclared
 * ones) and body, with ajv over JSON Schema 2020-12. Built from the document the app itself serves.
 *
 * @example
 * const contract = await OpenApiContract.load(() => app.request('/openapi.json'));
 * const problems = contract.problemsOf({ method: 'GET', url: '/health', headers: new Headers() }, response, bytes);
 */
export class OpenApiContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  private readonly operations: Operation[] = [];
  private readonly validators = new Map<string, ValidateFunction>();

  static async load(fetchDocument: () => Promise<Response>): Promise<OpenApiContract> {
    const response = await fetchDocument();
    if (response.status !== 200) throw new Error(`GET /openapi.json answered ${response.status}`);
    return new OpenApiContract(await response.json());
  }

  constructor(document: Json) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, 'urn:slimshop:openapi');
    for (const [template, operations] of Object.entries<Json>(document.paths)) {
      const segments = template.split('/').slice(1);
      const pattern = new RegExp(
        `^/${segments.map((s) => (s.startsWith('{') ? '[^/]+' : escapeRegExp(s))).join('/')}$`,
      );
      const literals = segments.filter((s) => !s.startsWith('{')).length;
      for (const [method, operation] of Object.entries<Json>(operations)) {
        this.operations.push({ method, template, pattern, literals, responses: operation.responses });
      }
    }
  }

  /** Every way the response differs from what the document says of the request; empty when it conforms. */
  problemsOf(request: CheckedRequest, response: Response, body: Uint8Array): string[] {
    const method = request.method.toLowerCase();
    const path = new URL(request.url, 'http://localhost').pathname;
    // A CORS preflight is answered by the CORS middleware for any path: HTTP machinery, not an operation.
    if (method === 'options' && request.headers.has('access-control-request-method')) return [];
    if ((method === 'get' || method === 'head') && OUTSIDE_THE_API.some((page) => page.test(path))) return [];
    if (LINK_TARGETS.test(path)) return [];

    const operation = this.operations
      .filter((candidate) => candidate.method === (method === 'head' ? 'get' : method))
      .filter((candidate) => candidate.pattern.test(path))
      .sort((a, b) => b.literals - a.literals)[0];
    if (operation === undefined) return this.unknownRoute(request, response, body);

    const where = `${method.toUpperCase()} ${operation.template}`;
    const pointer = `/paths/${escapePointer(operation.template)}/${operation.method}/responses/${response.status}`;
    const documented = operation.responses[String(response.status)];
    if (documented === undefined) {
      return [
        `${where} answered ${response.status}, a status the document does not list (it lists ${Object.keys(operation.responses).join(', ')})`,
      ];
    }
    return [
      ...this.headerProblems(where, response, documented.headers ?? {}, `${pointer}/headers`),
      ...(method === 'head'
        ? []
        : this.bodyProblems(where, response, body, documented.content, `${pointer}/content`)),
    ];
  }

  /** Hono answers a path or method it does not route with our 404 problem: anything else is undocumented. */
  private unknownRoute(request: CheckedRequest, response: Response, body: Uint8Array): string[] {
    const where = `${request.method} ${new URL(request.url, 'http://localhost').pathname}`;
    if (response.status !== 404) {
      return [`${where} is not an operation of the document, yet it answered ${response.status}`];
    }
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    return this.bodyProblems(where, response, body, problem, undefined);
  }

  private headerProblems(where: string, response: Response, declared: Json, pointer: string): string[] {
    const problems: string[] = [];
    const byName = new Map(Object.keys(declared).map((name) => [name.toLowerCase(), name]));
    for (const [lowerName, name] of byName) {
      const value = response.headers.get(lowerName);
      if (value === null) {
        if (declared[name].required)
          problems.push(`${where} ${response.status} lacks the required header ${name}`);
        continue;
      }
      const validate = this.validator(`${pointer}/${escapePointer(name)}/schema`);
      if (!validate(value)) {
        problems.push(
          `${where} ${response.status} header ${name}: ${JSON.stringify(value)} ${describe(validate)}`,
        );
      }
    }
    response.headers.forEach((_, lowerName) => {
      if (
        !byName.has(lowerName) &&
        !CROSS_CUTTING_HEADERS.has(lowerName) &&
        !lowerName.startsWith('access-control-')
      ) {
        problems.push(
          `${where} ${response.status} sends the header ${lowerName}, which the document does not declare`,
        );
      }
    });
    return problems;
  }

  private bodyProblems(
    where: string,
    response: Response,
    body: Uint8Array,
    content: Json,
    pointer: string | undefined,
  ): string[] {
    const status = response.status;
    if (content === undefined) {
      return body.byteLength === 0 ? [] : [`${where} ${status} has a body, but the document declares none`];
    }
    const contentType = response.headers.get('content-type');
    const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
    if (mediaType === undefined || content[mediaType] === undefined) {
      return [
        `${where} ${status} is ${contentType ?? 'without a content type'}, the document says ${Object.keys(content).join(' or ')}`,
      ];
    }
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(body));
    } catch {
      return [`${where} ${status} body is not JSON`];
    }
    const validate =
      pointer === undefined
        ? this.validator('/components/schemas/Problem')
        : this.validator(`${pointer}/${escapePointer(mediaType)}/schema`);
    return validate(value) ? [] : [`${where} ${status} body ${describe(validate)}`];
  }

  private validator(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: `urn:slimshop:openapi#${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }
}

function describe(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .map((error) => {
      const extra = 'additionalProperty' in error.params ? ` (${error.params.additionalProperty})` : '';
      return `${error.instancePath || '(root)'} ${error.message}${extra}`;
    })
    .join('; ');
}

function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function escapeRegExp(text: string): string {
  return text.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Violations a listening server finds arrive while a test waits for its answer; they fail that test when it
 * ends (an afterEach of every test file that imports this module, through test-api.ts).
 */
const unreported: string[] = [];
afterEach(() => {
  if (unreported.length > 0) throw new ContractViolation(unreported.splice(0));
});

/** Throws the violations found outside any test (hooks), if any: for the end of a suite. */
export function throwUnreportedViolations(): void {
  if (unreported.length > 0) throw new ContractViolation(unreported.splice(0));
}

/** The violations a listening server found and no test has failed on yet, taken: for the checker's own test. */
export function takeUnreportedViolations(): string[] {
  return unreported.splice(0);
}

/**
 * Reads the response once, checks it, and returns an equal response to read again. Throws a
 * ContractViolation for a mismatch, or with `report: 'later'` keeps it for the end of the test (a server
 * cannot throw into the test that called it).
 */
export async function checkedResponse(
  contract: Promise<OpenApiContract>,
  request: CheckedRequest,
  response: Response,
  report: 'now' | 'later' = 'now',
): Promise<Response> {
  const body = new Uint8Array(await response.arrayBuffer());
  const problems = (await contract).problemsOf(request, response, body);
  if (problems.length > 0) {
    if (report === 'now') throw new ContractViolation(problems);
    unreported.push(...problems);
  }
  // Node's Response, even while a Lambda-transport test has the light fetch classes installed.
  const NativeResponse = nativeFetchClass('Response');
  return new NativeResponse(NO_BODY_STATUSES.has(response.status) || body.byteLength === 0 ? null : body, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The method, URL and headers of a fetch-style call, whichever form its arguments take. */
function requestOf(input: string | URL | Request, init: RequestInit = {}): CheckedRequest {
  if (input instanceof Request) return { method: input.method, url: input.url, headers: input.headers };
  return { method: init.method ?? 'GET', url: String(input), headers: new Headers(init.headers) };
}

/**
 * An app whose `request` checks every response against the document the app serves, for suites that build
 * their app themselves rather than through startTestApi. The app is changed in place and returned.
 *
 * @example
 * const app = checkResponsesOf(createApp(services));
 * await app.request('/jobs', { method: 'POST', ... }); // throws a ContractViolation on a mismatch
 */
export function checkResponsesOf<App extends { request: (...args: never[]) => unknown }>(app: App): App {
  const send = app.request.bind(app) as unknown as FetchLike;
  const contract = OpenApiContract.load(() => send('/openapi.json'));
  const checked: FetchLike = async (input, init) =>
    checkedResponse(contract, requestOf(input, init), await send(input, init));
  Object.assign(app, { request: checked });
  return app;
}

/**
 * fetch whose responses from a Slimshop API server (`npm start`, the container) are checked against the
 * document that server serves at /openapi.json. Other origins (the local S3 of an image upload) answer no
 * OpenAPI document there, and their responses pass unchecked.
 *
 * @example
 * const fetch = apiCheckingFetch(); // in a suite that starts servers: shadows the global one
 * await fetch(`${server.url}/health`);
 */
export function apiCheckingFetch(): FetchLike {
  const contracts = new Map<string, Promise<OpenApiContract | undefined>>();
  const contractOf = (origin: string) => {
    let contract = contracts.get(origin);
    if (contract === undefined) {
      contract = fetch(`${origin}/openapi.json`).then(async (response) => {
        const document: Json = response.ok ? await response.json().catch(() => undefined) : undefined;
        return document?.openapi === undefined ? undefined : new OpenApiContract(document);
      });
      contracts.set(origin, contract);
    }
    return contract;
  };
  return async (input, init) => {
    const request = requestOf(input, init);
    const response = await fetch(input, init);
    const contract = await contractOf(new URL(request.url).origin);
    return contract === undefined ? response : checkedResponse(Promise.resolve(contract), request, response);
  };
}

/**
 * A Lambda handler (API Gateway payload 2.0 or ALB) whose results are checked against the document the
 * same handler serves: the result is read as the HTTP response it becomes.
 *
 * @example
 * const checked = checkLambdaResults(handler);
 * await checked(apiGatewayV2Event({ method: 'GET', path: '/health' }), lambdaContext());
 */
export function checkLambdaResults<Event extends LambdaHttpEvent, Result extends LambdaHttpResult>(
  handler: (event: Event, context: never) => Promise<Result>,
  documentEvent: Event,
): (event: Event, context: never) => Promise<Result> {
  let contract: Promise<OpenApiContract> | undefined;
  return async (event, context) => {
    contract ??= OpenApiContract.load(async () => responseOf(await handler(documentEvent, context)));
    const result = await handler(event, context);
    const path = event.rawPath ?? event.path ?? '/';
    const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
    const method = event.requestContext?.http?.method ?? event.httpMethod ?? 'GET';
    await checkedResponse(
      contract,
      { method, url: `${path}${query}`, headers: new Headers(definedHeaders(event.headers)) },
      responseOf(result),
    );
    return result;
  };
}

interface LambdaHttpEvent {
  rawPath?: string;
  rawQueryString?: string;
  path?: string;
  httpMethod?: string;
  requestContext?: { http?: { method?: string } };
  headers?: Record<string, string | undefined> | null;
}

interface LambdaHttpResult {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  multiValueHeaders?: Record<string, (string | number | boolean)[]>;
  body?: string;
  isBase64Encoded?: boolean;
}

function definedHeaders(headers: LambdaHttpEvent['headers']): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function responseOf(result: LambdaHttpResult): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(result.headers ?? {})) headers.set(name, String(value));
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) {
    for (const value of values) headers.append(name, String(value));
  }
  const status = result.statusCode ?? 200;
  const body = NO_BODY_STATUSES.has(status)
    ? null
    : Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  const NativeResponse = nativeFetchClass('Response');
  return new NativeResponse(body, { status, headers });
}
