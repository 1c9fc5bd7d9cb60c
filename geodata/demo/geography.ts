/**
 * The fixed geography of the demo county "Mereshire": outline, ten districts, their towns,
 * villages, retail parks and the planted hotspots. It does not depend on the seed (the seed only
 * varies the incidents), so the documented places hold for every seed.
 *
 * Placement: centred on E 410000, N 245000 (EPSG:27700), about 61 km × 43 km, bbox
 * E 381517–442491, N 224078–266783 (about 1,935 km²). That lies over the Worcestershire / Warwickshire /
 * north Gloucestershire countryside, wholly in England and clear of Birmingham, so BNG metric
 * cells and areas are true. Every name is invented; district codes start with "X", which no
 * ONS GSS code does.
 *
 * Districts tile the county: the Voronoi cells of the town centres clipped to the outline
 * (voronoi-tiling.ts; the tests check it against turf.voronoi + turf.intersect). Vertices are
 * rounded to 1 cm, so the copies of a shared vertex computed for two neighbours coincide.
 *
 * @example
 * const geo = buildGeography();
 * geo.districts.length; // 10
 */
import { type MultiPolygonCoords, type Ring, distanceToRing, pointInRing, rewindMultiPolygon, ringBbox } from './planar';
import { createRng } from './prng';
import { voronoiTiling } from './voronoi-tiling';

export const COUNTY_NAME = 'Mereshire';
const CENTRE_E = 410_000;
const CENTRE_N = 245_000;

export interface Town {
  name: string;
  code: string;
  population: number;
  /** Town centre, EPSG:27700 metres; also the district's Voronoi site. */
  e: number;
  n: number;
  /** Standard deviations (m) of the dense core and of the wider built-up area. */
  coreSigmaM: number;
  bodySigmaM: number;
}

export interface Spot {
  label: string;
  e: number;
  n: number;
  /** Radius (m) holding ~96 % of the spot's incidents: the kernel's sigma is radiusM / 2.5. */
  radiusM: number;
  categories: string[];
  /** Relative weight among spots of the same kind. */
  weight: number;
}

export interface Village {
  e: number;
  n: number;
  weight: number;
}

export interface Geography {
  outline: Ring;
  districts: { town: Town; coordinates: MultiPolygonCoords }[];
  towns: Town[];
  villages: Village[];
  retailParks: Spot[];
  nightTimeEconomy: Spot[];
  asbClusters: Spot[];
  growing: Spot;
  fading: Spot;
}

// name, population (2021, invented), centre offset from the county centre (m), core and body sigma (m)
// Offsets avoid round numbers so that no outline vertex (whole metres) lies on a Voronoi edge.
const TOWN_TABLE: [string, number, number, number, number, number][] = [
  ['Kingsmere', 196_400, 230, 1_170, 600, 2_300],
  ['Hallowford', 128_700, 14_310, 11_840, 500, 1_900],
  ['Ashby Vale', 112_300, -13_870, 12_260, 480, 1_800],
  ['Northmoor', 104_900, 1_420, 15_930, 450, 1_700],
  ['Brackenridge', 93_800, 20_760, -7_310, 430, 1_600],
  ['Elderbrook', 86_200, 8_190, -12_640, 420, 1_500],
  ['Greywater', 74_500, -6_330, -14_780, 400, 1_400],
  ['Merrowby', 68_100, 25_140, 5_720, 380, 1_300],
  ['Oakhurst Downs', 61_900, -17_690, -8_420, 360, 1_250],
  ['Larkspur Heath', 55_300, -21_830, 2_350, 350, 1_200],
];

function countyOutline(): Ring {
  const ring: Ring = [];
  const vertices = 256;
  for (let i = 0; i < vertices; i++) {
    const t = (2 * Math.PI * i) / vertices;
    // A sum of fixed harmonics keeps the radius single-valued, so the ring is simple.
    const rho =
      1 +
      0.07 * Math.sin(2 * t + 0.6) +
      0.06 * Math.sin(3 * t + 1.9) +
      0.035 * Math.sin(5 * t + 0.4) +
      0.02 * Math.sin(9 * t + 2.5) +
      0.01 * Math.sin(17 * t + 1.0) +
      0.008 * Math.sin(29 * t + 0.7) +
      0.005 * Math.sin(43 * t + 2.2);
    ring.push([Math.round(CENTRE_E + 28_500 * rho * Math.cos(t)), Math.round(CENTRE_N + 21_500 * rho * Math.sin(t))]);
  }
  ring.push([ring[0][0], ring[0][1]]);
  return ring;
}

/** Rounds to 1 cm and drops repeated vertices: identical inputs round identically. */
function roundCoords(coords: MultiPolygonCoords): MultiPolygonCoords {
  const round = (v: number): number => Math.round(v * 100) / 100;
  return coords.map((polygon) =>
    polygon.map((ring) => {
      const out: number[][] = [];
      for (const [x, y] of ring) {
        const prev = out[out.length - 1];
        const p = [round(x), round(y)];
        if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
      }
      return out;
    }),
  );
}

function placeVillages(outline: Ring, towns: Town[]): Village[] {
  const rng = createRng(0x4d455245);
  const [minX, minY, maxX, maxY] = ringBbox(outline);
  const villages: Village[] = [];
  for (let tries = 0; villages.length < 48 && tries < 20_000; tries++) {
    const e = Math.round(minX + rng.uniform() * (maxX - minX));
    const n = Math.round(minY + rng.uniform() * (maxY - minY));
    if (!pointInRing(e, n, outline) || distanceToRing(e, n, outline) < 800) continue;
    if (towns.some((t) => Math.hypot(t.e - e, t.n - n) < 2 * t.bodySigmaM + 1_200)) continue;
    if (villages.some((v) => Math.hypot(v.e - e, v.n - n) < 2_200)) continue;
    villages.push({ e, n, weight: 0.3 + 0.7 * rng.uniform() });
  }
  return villages;
}

function spot(town: Town, label: string, dx: number, dy: number, radiusM: number, categories: string[], weight = 1): Spot {
  return { label: `${town.name}: ${label}`, e: town.e + dx, n: town.n + dy, radiusM, categories, weight };
}

export function buildGeography(): Geography {
  const outline = countyOutline();
  const towns: Town[] = TOWN_TABLE.map(([name, population, dx, dy, coreSigmaM, bodySigmaM], i) => ({
    name,
    code: `X070000${String(i + 1).padStart(2, '0')}`,
    population,
    e: CENTRE_E + dx,
    n: CENTRE_N + dy,
    coreSigmaM,
    bodySigmaM,
  }));
  const polygons = voronoiTiling(outline, towns.map((t) => [t.e, t.n])).map((c) => rewindMultiPolygon(roundCoords(c)));
  const byName = new Map(towns.map((t) => [t.name, t]));
  const town = (name: string): Town => byName.get(name)!;
  const nteCategories = ['violent-crime', 'public-order', 'robbery'];
  return {
    outline,
    districts: towns.map((t, i) => ({ town: t, coordinates: polygons[i] })),
    towns,
    villages: placeVillages(outline, towns),
    retailParks: [
      spot(town('Kingsmere'), 'Meadowside Retail Park', 2_600, -1_300, 200, ['shoplifting'], 1),
      spot(town('Hallowford'), 'Hallowford Gate Retail Park', -1_900, 900, 200, ['shoplifting'], 0.8),
      spot(town('Greywater'), 'Riverside Shopping Park', 1_500, 1_100, 200, ['shoplifting'], 0.6),
    ],
    nightTimeEconomy: [
      spot(town('Kingsmere'), 'Bridge Street night-time economy', 140, -90, 300, nteCategories, 0.5),
      spot(town('Hallowford'), 'Market Square night-time economy', -110, 120, 300, nteCategories, 0.28),
      spot(town('Ashby Vale'), 'Castle Street night-time economy', 90, 130, 300, nteCategories, 0.22),
    ],
    asbClusters: [
      spot(town('Kingsmere'), 'Riverside Park', -1_300, 900, 250, ['anti-social-behaviour'], 1.2),
      spot(town('Northmoor'), 'Castle Fields estate', 200, -1_000, 250, ['anti-social-behaviour'], 1),
      spot(town('Greywater'), 'Recreation Ground', 800, -300, 250, ['anti-social-behaviour'], 0.9),
      spot(town('Brackenridge'), 'Station Road skate park', -400, 700, 250, ['anti-social-behaviour'], 0.9),
    ],
    growing: spot(town('Elderbrook'), 'Canal Wharf (emerging drug market)', 900, 300, 300, ['drugs', 'anti-social-behaviour', 'possession-of-weapons']),
    fading: spot(town('Hallowford'), 'Hillside estate (burglary series, ended)', -800, -900, 300, ['burglary', 'vehicle-crime', 'criminal-damage-arson']),
  };
}
