import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as TJS from 'typescript-json-schema';
import { DTO_NAMES, DTO_SCHEMAS } from './dto-schemas.generated';

/**
 * The JSON Schemas of the response DTOs (TypeScript interfaces of libs/contracts/src/lib/api) in
 * `dto-schemas.generated.ts` are what `typescript-json-schema` makes of the interfaces now: this test regenerates
 * them and fails when the file is stale. `UPDATE_OPENAPI_SCHEMAS=1 npx jest -c apps/ingester/jest.config.js
 * dto-schemas` rewrites the file (after adding a DTO's name to `DTO_NAMES` there, or changing a DTO).
 */

const ROOT = join(__dirname, '../../../..');
const FILE = join(__dirname, 'dto-schemas.generated.ts');
type Schema = Record<string, unknown>;

/** OpenAPI component names allow only these characters (OpenAPI 3.1 §4.8.7.1). */
const COMPONENT_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Definitions of `typescript-json-schema` as OpenAPI components: references to `#/components/schemas/<name>`,
 * anonymous or generic definitions (`Record<string,number>`, `{lat:number;…}`: not valid component names) inlined.
 */
function asComponents(definitions: Record<string, Schema>): Record<string, Schema> {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as Schema)['$ref'];
    if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
      const name = decodeURIComponent(ref.slice('#/definitions/'.length));
      if (!COMPONENT_NAME.test(name)) return rewrite(definitions[name]);
      return { $ref: `#/components/schemas/${name}` };
    }
    return Object.fromEntries(
      Object.entries(node)
        .filter(([k]) => k !== '$schema')
        .map(([k, v]) => [k, rewrite(v)]),
    );
  };
  return Object.fromEntries(
    Object.entries(definitions)
      .filter(([name]) => COMPONENT_NAME.test(name))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, schema]) => [name, rewrite(schema) as Schema]),
  );
}

function generate(): Record<string, Schema> {
  const program = TJS.getProgramFromFiles([join(ROOT, 'libs/contracts/src/lib/api/index.ts')], {
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    target: 'es2022',
  });
  const generator = TJS.buildGenerator(program, {
    required: true,
    ref: true,
    strictNullChecks: true,
    ignoreErrors: true,
  });
  if (!generator) throw new Error('typescript-json-schema could not read libs/contracts');
  const schema = generator.getSchemaForSymbols([...DTO_NAMES]);
  return asComponents((schema.definitions ?? {}) as Record<string, Schema>);
}

function render(schemas: Record<string, Schema>): string {
  const before = readFileSync(FILE, 'utf8');
  const head = before.slice(0, before.indexOf('export const DTO_SCHEMAS'));
  return `${head}export const DTO_SCHEMAS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = ${JSON.stringify(schemas, null, 2)};\n`;
}

describe('response DTO schemas (typescript-json-schema over libs/contracts)', () => {
  it('dto-schemas.generated.ts is what the DTO interfaces give now', () => {
    const schemas = generate();
    if (process.env['UPDATE_OPENAPI_SCHEMAS'] === '1') writeFileSync(FILE, render(schemas));
    for (const name of DTO_NAMES) expect(schemas[name]).toBeDefined();
    expect(DTO_SCHEMAS).toEqual(schemas);
  }, 180_000);
});
