#!/usr/bin/env node
// Validates every Kubernetes object in deploy/k8s/*.yaml against the Kubernetes OpenAPI schemas, with the npm
// packages kubernetes-models (the API types of each group/version) and @kubernetes-models/validate (their JSON
// schemas, ajv). Usage: node deploy/k8s/validate.mjs [file.yaml …]  (default: every .yaml here but kustomization.yaml)
// Prints one JSON line {file, kind, name, ok, errors?} per object; exits 1 when any object is invalid or unknown.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : readdirSync(here).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort().map((f) => join(here, f));

let failed = 0;
for (const file of files) {
  for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const report = { file: basename(file) };
    if (document.errors.length > 0) {
      Object.assign(report, { ok: false, errors: document.errors.map((e) => e.message) });
    } else {
      const object = document.toJS();
      if (object === null) continue;
      Object.assign(report, { kind: object.kind, name: object.metadata?.name });
      // apiVersion "apps/v1" → kubernetes-models/apps/v1; core "v1" → kubernetes-models/v1
      const models = await import(`kubernetes-models/${object.apiVersion}`).catch(() => undefined);
      const Model = models?.[object.kind];
      if (!Model) {
        Object.assign(report, { ok: false, errors: [`unknown apiVersion/kind ${object.apiVersion} ${object.kind}`] });
      } else {
        try {
          new Model(object).validate();
          Object.assign(report, { ok: true });
        } catch (error) {
          Object.assign(report, { ok: false, errors: [error.message] });
        }
      }
    }
    if (!report.ok) failed++;
    console.log(JSON.stringify(report));
  }
}
process.exit(failed > 0 ? 1 : 0);
