import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analysisQuerySchema } from '../analysis/params';
import { patrolQuerySchema } from '../patrol/params';
import { compareQuerySchema, profileQuerySchema } from '../profiles/params';
import { parseBoundaryFile } from './boundary-file';
import { ImportError } from './errors';
import { readPoliceCsv } from './police-csv-reader';

// A fixed seed keeps CI repeatable (a failure names its counterexample); FC_SEED explores others.
fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261202) });

/**
 * Property tests: whatever the input, the parsers either succeed or fail with their own
 * validation error (ImportError, a zod issue list); never a TypeError, RangeError or a hang.
 */
const HEADER = 'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context';

/** Field values near the police.uk shapes plus arbitrary text, so generated rows reach deep into the normaliser. */
const field = fc.oneof(
  fc.string(),
  fc.constantFrom('2025-12', '2025-13', '', '-2.755000', '53.766000', '1e308', 'NaN', '-0', 'Burglary', 'Violence and sexual offences', 'E01000001', '"', '""', '\r', '\n'),
  fc.double().map(String),
);
const policeCsv = fc
  .tuple(fc.array(fc.array(field, { minLength: 0, maxLength: 14 }), { maxLength: 20 }), fc.constantFrom('\n', '\r\n'))
  .map(([rows, eol]) => [HEADER, ...rows.map((r) => r.join(','))].join(eol));

async function readCsvText(content: string | Uint8Array, chunk: number): Promise<unknown> {
  const bytes = Buffer.from(content);
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  try {
    await readPoliceCsv(Readable.from(pieces), { label: 'fuzz.csv', month: '2025-12', force: 'testshire', gzip: false, onRow: () => {} });
    return null;
  } catch (error) {
    return error;
  }
}

function expectOnlyImportError(error: unknown): void {
  if (error !== null) expect(error, String(error)).toBeInstanceOf(ImportError);
}

describe('police.uk CSV reader under arbitrary input', () => {
  it('resolves or throws an ImportError for police-shaped rows, however chunked', async () => {
    await fc.assert(fc.asyncProperty(policeCsv, fc.integer({ min: 1, max: 64 }), async (text, chunk) => expectOnlyImportError(await readCsvText(text, chunk))), { numRuns: 300 });
  });

  it('resolves or throws an ImportError for arbitrary bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => expectOnlyImportError(await readCsvText(bytes, 97))), { numRuns: 300 });
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary' }), async (text) => expectOnlyImportError(await readCsvText(`${HEADER}\n${text}`, 64))), { numRuns: 300 });
  });
});

const coordinate = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER, 400000, 52.5, -1.5), fc.constant(null), fc.string());
const ring = fc.array(fc.oneof(fc.array(coordinate, { maxLength: 4 }), coordinate), { maxLength: 8 });
const geometry = fc.oneof(
  fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Point', 'GeometryCollection', 'Nonsense'), coordinates: fc.oneof(fc.array(ring, { maxLength: 3 }), fc.array(fc.array(ring, { maxLength: 2 }), { maxLength: 2 }), coordinate) }),
  fc.constant(null),
  fc.anything(),
);
const feature = fc.record({
  type: fc.constantFrom('Feature', 'feature', 'Nope'),
  properties: fc.oneof(fc.record({ code: fc.oneof(fc.string(), fc.integer(), fc.constant(null)), name: fc.oneof(fc.string(), fc.constant(undefined)) }), fc.constant(null), fc.anything()),
  geometry,
});
const boundaryDocument = fc.oneof(
  fc.record({ type: fc.constant('FeatureCollection'), features: fc.array(feature, { maxLength: 4 }), crs: fc.oneof(fc.constant(undefined), fc.anything()) }),
  feature,
  fc.record({ type: fc.constant('Topology'), objects: fc.dictionary(fc.string(), fc.anything()), arcs: fc.anything() }),
  fc.anything(),
);

describe('GeoJSON / TopoJSON boundary parser under arbitrary input', () => {
  const parse = (text: string) => {
    try {
      parseBoundaryFile(text, { label: 'fuzz.geojson', codeField: 'code', nameField: 'name' });
    } catch (error) {
      expect(error, String((error as Error)?.stack ?? error)).toBeInstanceOf(ImportError);
    }
  };
  it('parses or throws an ImportError for boundary-shaped documents', () => {
    fc.assert(fc.property(boundaryDocument, (doc) => parse(JSON.stringify(doc) ?? 'undefined')), { numRuns: 1000 });
  });
  it('parses or throws an ImportError for arbitrary text and JSON', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.json()), parse), { numRuns: 500 });
  });
});

const PARAMETERS = ['preset', 'categories', 'from', 'to', 'districts', 'bbox', 'cellSize', 'weighting', 'weights', 'neighbourhood', 'adjustment', 'timeSteps', 'bandwidth', 'smoothing', 'format',
  'rule', 'confidence', 'percent', 'k', 'connectivity', 'maxZoneArea', 'maxZones', 'budgetHours', 'rankBy'];
const paramValue = fc.oneof(
  fc.string(),
  fc.constantFrom('1e308', '-0', 'NaN', 'Infinity', '12345678901234567', '', 'harm', 'robbery:1e308', 'robbery:5', 'distance:500', '-1.5,52.5,-1.4,52.6', 'E07000117,E07000118', '2025-01', 'burglary,robbery', 'fdr', 'kde', 'geojson'),
  fc.double().map(String),
);
const queryArbitrary = fc.dictionary(fc.constantFrom(...PARAMETERS), paramValue, { maxKeys: 8 });

describe('query-parameter schemas under arbitrary input', () => {
  it('parse or return zod issues naming a parameter; never throw', () => {
    for (const schema of [analysisQuerySchema, patrolQuerySchema, profileQuerySchema, compareQuerySchema]) {
      fc.assert(
        fc.property(queryArbitrary, (query) => {
          const result = schema.safeParse(query);
          if (!result.success) for (const issue of result.error.issues) expect(typeof issue.message).toBe('string');
          else expect(JSON.stringify(result.data)).not.toMatch(/Infinity|NaN|null/);
        }),
        { numRuns: 500 },
      );
    }
  });
});
