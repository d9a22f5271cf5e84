/**
 * Builds the bundled outline of the present Bắc Ninh province (Bắc Ninh + Bắc Giang, merged by Nghị quyết
 * 202/2025/QH15) from the Open Development Mekong provincial boundaries (CC BY-SA 4.0).
 *
 *   node apps/dashboard/scripts/build-province-outline.mjs <diaphantinh.json> [tolerance-degrees]
 *
 * Input: the ODM "Địa phận tỉnh" dataset as TopoJSON (object `diaphantinh`, property `ten_tinh`), e.g.
 * `data/diaphantinh.json` of github.com/phamductu/vietnamese-provincial-icons (commit 8eb9ac1). The two former
 * provinces share their arcs in the topology, so `topojson.merge` unites them exactly (no slivers); the union is then
 * simplified (Douglas–Peucker, `tolerance` in degrees, default 0.0002° ≈ 22 m) and rounded to 5 decimals (≈ 1 m).
 * Output: src/features/map/data/bac-ninh-2025.geo.json (one Feature; areas in km² in its properties).
 * Run once by a developer; nothing is fetched at run time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature, merge } from 'topojson-client';
import simplify from '@turf/simplify';
import area from '@turf/area';

const [input, toleranceArg] = process.argv.slice(2);
if (!input) {
  console.error('usage: build-province-outline.mjs <diaphantinh.json> [tolerance-degrees]');
  process.exit(2);
}
const tolerance = toleranceArg ? Number(toleranceArg) : 0.0002;
const FORMER = ['Bắc Ninh', 'Bắc Giang'];

const topology = JSON.parse(fs.readFileSync(input, 'utf8'));
const object = topology.objects.diaphantinh;
const parts = object.geometries.filter((g) => FORMER.includes(g.properties?.ten_tinh));
if (parts.length !== FORMER.length) throw new Error(`expected ${FORMER.join(' + ')}, found ${parts.length}`);

const km2 = (geometry) => Math.round(area({ type: 'Feature', properties: {}, geometry }) / 1e5) / 10;
const formerAreas = Object.fromEntries(parts.map((g) => [g.properties.ten_tinh, km2(feature(topology, g).geometry)]));
const union = merge(topology, parts);
const simplified = simplify({ type: 'Feature', properties: {}, geometry: union }, { tolerance, highQuality: true });
const round = (c) => (typeof c[0] === 'number' ? c.map((v) => Math.round(v * 1e5) / 1e5) : c.map(round));

const out = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: {
        name: 'Bắc Ninh',
        basis: 'Nghị quyết 202/2025/QH15: Bắc Ninh + Bắc Giang',
        source: 'Open Development Mekong, Địa phận tỉnh (data: Department of Survey and Mapping, Viet Nam); the dataset of geoBoundaries gbOpen VNM ADM1',
        licence: 'CC BY-SA 4.0',
        simplifiedToleranceDeg: tolerance,
        areaKm2: km2(union),
        formerAreasKm2: formerAreas,
        approximate: false,
      },
      geometry: { type: union.type, coordinates: round(simplified.geometry.coordinates) },
    },
  ],
};
const dest = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/features/map/data/bac-ninh-2025.geo.json');
fs.writeFileSync(dest, JSON.stringify(out) + '\n');
const vertices = JSON.stringify(out.features[0].geometry.coordinates).split('],[').length;
console.log(`${dest}: ${fs.statSync(dest).size} bytes, ${vertices} vertices, ${out.features[0].properties.areaKm2} km²`);
