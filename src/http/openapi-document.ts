import * as z from '../domain/shared/zod.js';
import type { BodyContentSpec, ResponseSpec, RouteSpec, Schema } from './route.js';

type JsonSchema = Record<string, unknown>;

export interface DocumentInfo {
  info: {
    title: string;
    version: string;
    description: string;
    license: { name: string; identifier?: string; url?: string };
  };
  servers: {
    url: string;
    description: string;
    variables?: Record<string, { default: string; description: string }>;
  }[];
  tags: { name: string; description: string }[];
  securitySchemes: Record<string, unknown>;
}

const COMPONENT_REF = '#/components/schemas/';

/**
 * Which side of a schema a conversion describes. Requests are described as a client sends them (a field
 * with a default may be left out); responses as the server sends them (that field is always there, so it is
 * required, and the default says nothing a client needs).
 */
type Side = 'input' | 'output';

/**
 * The OpenAPI 3.1 document of the routes, from the same zod schemas that validate. A schema with an `id`
 * in its metadata (`.register(z.globalRegistry, { id })`) becomes a shared component and is referenced
 * where used; every other schema is written inline. A component must mean one thing: a schema used both in
 * requests and in responses whose two sides differ is an error here, not a silently wrong document.
 */
export function openApiDocument(routes: readonly RouteSpec[], about: DocumentInfo): JsonSchema {
  const components: Record<string, { side: Side; json: JsonSchema }> = {};
  const convert = (schema: Schema, side: Side): JsonSchema => {
    const {
      $schema: _,
      $defs,
      ...json
    } = z.toJSONSchema(schema, {
      io: side,
      unrepresentable: 'any',
      override: ({ jsonSchema }) => withoutNoise(jsonSchema, side),
    });
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const component = pointAtComponents(definition);
      const known = components[id];
      if (known === undefined) components[id] = { side, json: component };
      else if (known.side !== side && JSON.stringify(known.json) !== JSON.stringify(component)) {
        throw new Error(
          `Schema component ${id} differs between requests and responses: register each side under its own id.`,
        );
      }
    }
    return pointAtComponents(json);
  };

  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of routes) {
    const { params, query, headers, body } = spec.request ?? {};
    const parameters = [
      ...parametersOf(params, 'path', convert),
      ...parametersOf(query, 'query', convert),
      ...parametersOf(headers, 'header', convert),
    ];
    const operations = paths[spec.path] ?? {};
    paths[spec.path] = operations;
    operations[spec.method] = {
      operationId: spec.operationId,
      tags: spec.tags,
      summary: spec.summary,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      security: spec.security,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(body
        ? { requestBody: { required: body.required, content: requestContentOf(body.content, convert) } }
        : {}),
      responses: Object.fromEntries(
        Object.entries(spec.responses).map(([status, response]) => [status, responseOf(response, convert)]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: about.info,
    servers: about.servers,
    tags: about.tags,
    paths,
    components: {
      schemas: Object.fromEntries(
        Object.entries(components)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([id, { json }]) => [id, json]),
      ),
      securitySchemes: about.securitySchemes,
    },
  };
}

type Convert = (schema: Schema, side: Side) => JsonSchema;

/** Each property of a params, query or headers object schema is one parameter. */
function parametersOf(
  schema: Schema | undefined,
  location: 'path' | 'query' | 'header',
  convert: Convert,
): JsonSchema[] {
  if (schema === undefined) return [];
  const { properties = {}, required = [] } = convert(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, { description, ...property }]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    ...(typeof description === 'string' ? { description } : {}),
    schema: property,
  }));
}

function responseOf(response: ResponseSpec, convert: Convert): JsonSchema {
  return {
    description: response.description,
    ...(response.headers ? { headers: response.headers } : {}),
    ...(response.content
      ? {
          content: Object.fromEntries(
            Object.entries(response.content).map(([mediaType, { schema }]) => [
              mediaType,
              { schema: convert(schema, 'output') },
            ]),
          ),
        }
      : {}),
  };
}

function requestContentOf(
  content: Record<string, BodyContentSpec>,
  convert: Convert,
): Record<string, { schema: JsonSchema }> {
  return Object.fromEntries(
    Object.entries(content).map(([mediaType, { schema, documentedAs }]) => [
      mediaType,
      { schema: convert(documentedAs?.() ?? schema, 'input') },
    ]),
  );
}

/**
 * Drops what zod writes for every integer and timestamp (bounds no value reaches, a 400-character regex)
 * and, in responses, defaults: a response field with a default is simply always there.
 */
function withoutNoise(json: JsonSchema, side: Side): void {
  if (json.type === 'integer') {
    if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
    if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  }
  if (json.format === 'date-time') delete json.pattern;
  if (side === 'output') delete json.default;
}

/** zod names shared schemas `#/$defs/<id>`; in OpenAPI they live under components. */
function pointAtComponents(json: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENT_REF}`));
}
