import * as z from '../domain/shared/zod.js';
import type { ResponseSpec, RouteSpec, Schema } from './route.js';

type JsonSchema = Record<string, unknown>;

export interface DocumentInfo {
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  securitySchemes: Record<string, unknown>;
}

const COMPONENT_REF = '#/components/schemas/';

/**
 * The OpenAPI 3.1 document of the routes, from the same zod schemas that validate. A schema with an `id`
 * in its metadata (`.register(z.globalRegistry, { id })`) becomes a shared component and is referenced
 * where used; every other schema is written inline. Request and response schemas are both described as
 * a client sends them (fields with a default are optional).
 */
export function openApiDocument(routes: readonly RouteSpec[], about: DocumentInfo): JsonSchema {
  const components: Record<string, JsonSchema> = {};
  const convert = (schema: Schema): JsonSchema => {
    const {
      $schema: _,
      $defs,
      ...json
    } = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      override: ({ jsonSchema }) => withoutNoise(jsonSchema),
    });
    for (const [id, definition] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      components[id] ??= pointAtComponents(definition);
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
      tags: spec.tags,
      summary: spec.summary,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      ...(spec.security === undefined ? {} : { security: spec.security }),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(body
        ? { requestBody: { required: body.required, content: contentOf(body.content, convert) } }
        : {}),
      responses: Object.fromEntries(
        Object.entries(spec.responses).map(([status, response]) => [status, responseOf(response, convert)]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: about.info,
    tags: about.tags,
    components: { schemas: components, securitySchemes: about.securitySchemes },
    paths,
  };
}

/** Each property of a params, query or headers object schema is one parameter. */
function parametersOf(
  schema: Schema | undefined,
  location: 'path' | 'query' | 'header',
  convert: (schema: Schema) => JsonSchema,
): JsonSchema[] {
  if (schema === undefined) return [];
  const { properties = {}, required = [] } = convert(schema) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, property]) => ({
    schema: property,
    required: location === 'path' || required.includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    name,
    in: location,
  }));
}

function responseOf(response: ResponseSpec, convert: (schema: Schema) => JsonSchema): JsonSchema {
  return {
    description: response.description,
    ...(response.headers ? { headers: response.headers } : {}),
    ...(response.content ? { content: contentOf(response.content, convert) } : {}),
  };
}

function contentOf(
  content: Record<string, { schema: Schema }>,
  convert: (schema: Schema) => JsonSchema,
): Record<string, { schema: JsonSchema }> {
  return Object.fromEntries(
    Object.entries(content).map(([mediaType, { schema }]) => [mediaType, { schema: convert(schema) }]),
  );
}

/** Drops what zod writes for every integer and timestamp: bounds no value reaches, a 400-character regex. */
function withoutNoise(json: JsonSchema): void {
  if (json.type === 'integer') {
    if (json.minimum === Number.MIN_SAFE_INTEGER) delete json.minimum;
    if (json.maximum === Number.MAX_SAFE_INTEGER) delete json.maximum;
  }
  if (json.format === 'date-time') delete json.pattern;
}

/** zod names shared schemas `#/$defs/<id>`; in OpenAPI they live under components. */
function pointAtComponents(json: JsonSchema): JsonSchema {
  return JSON.parse(JSON.stringify(json).replaceAll('"#/$defs/', `"${COMPONENT_REF}`));
}
