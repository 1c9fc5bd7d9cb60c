/**
 * Synthetic boundaries for the national bench: 43 police force areas and ~330 districts tiling
 * England and Wales. Real boundaries (ONS, police.uk force KML) are not on this machine, so these
 * are invented, and say so: the outline is a 40-vertex hand-traced coastline in EPSG:27700
 * metres (within ~10 km of the real one), each force is the Voronoi cell of its approximate
 * headquarters town clipped to the outline, and each force's districts are the Voronoi cells of
 * seeded random sites inside it. Forces are weighted by their approximate share of recorded
 * crime (police.uk, England and Wales, thousands a year, rounded), so the Metropolitan force gets
 * ~18 % of the rows, as it does in the published data.
 *
 * District codes are `X08` + two digits of force + four of district: no ONS GSS code starts
 * with X, and the demo county uses `X07`.
 *
 * @example
 * const geo = buildNationalGeography(20261202);
 * geo.forces.length; // 43
 */
import { type MultiPolygonCoords, type Ring, pointInRing, rewindMultiPolygon, ringBbox, ringSignedArea } from '../../geodata/demo/planar';
import { createRng } from '../../geodata/demo/prng';
import { voronoiTiling } from '../../geodata/demo/voronoi-tiling';

export interface NationalDistrict {
  code: string;
  name: string;
  /** Town centre (the Voronoi site), EPSG:27700 metres. */
  e: number;
  n: number;
  /** Relative size of the district's town (log-normal), a weight within its force. */
  weight: number;
  coordinates: MultiPolygonCoords;
}

export interface NationalForce {
  /** police.uk force slug, e.g. `west-midlands`. */
  slug: string;
  /** Relative recorded crime (thousands a year, approximate). */
  weight: number;
  coordinates: MultiPolygonCoords;
  districts: NationalDistrict[];
}

export interface NationalGeography {
  outline: Ring;
  forces: NationalForce[];
}

// Coastline of England and Wales, counter-clockwise from Land's End, in km (E, N) of BNG.
const OUTLINE_KM: number[][] = [
  [135.4, 25.3], [170.2, 12.1], [250.3, 50.2], [280.1, 38.4], [330.2, 80.1], [368.3, 70.2], [420.1, 85.3], [450.2, 80.4],
  [485.3, 93.1], [560.2, 96.3], [608.1, 117.2], [632.4, 140.1], [640.3, 170.2], [600.2, 185.4], [620.1, 213.3],
  [646.2, 250.1], [655.3, 293.2], [620.4, 343.1], [567.2, 340.3], [558.1, 363.2], [540.3, 410.1], [525.2, 470.3],
  [490.1, 510.2], [452.3, 532.1], [437.2, 570.4], [400.1, 655.2], [370.3, 600.1], [330.2, 570.3], [320.1, 560.2],
  [295.3, 512.4], [335.2, 460.1], [330.4, 390.2], [278.1, 382.3], [230.2, 385.1], [215.4, 330.2], [258.3, 282.1],
  [172.1, 225.3], [195.2, 198.4], [265.3, 190.1], [320.2, 172.3], [355.1, 190.2], [330.3, 160.1], [295.2, 146.3],
  [225.1, 125.2], [180.3, 60.1],
];

// slug, approximate HQ town (E, N in km), recorded crime (thousands a year, approximate).
const FORCES: [string, number, number, number][] = [
  ['avon-and-somerset', 360, 165, 140], ['bedfordshire', 505, 235, 55], ['cambridgeshire', 540, 275, 65],
  ['cheshire', 360, 365, 75], ['city-of-london', 532.5, 181.3, 8], ['cleveland', 450, 518, 70], ['cumbria', 345, 525, 30],
  ['derbyshire', 430, 360, 75], ['devon-and-cornwall', 250, 80, 105], ['dorset', 380, 95, 45], ['durham', 422, 542, 55],
  ['dyfed-powys', 250, 250, 25], ['essex', 572, 210, 165], ['gloucestershire', 385, 215, 40], ['greater-manchester', 385, 400, 330],
  ['gwent', 325, 200, 45], ['hampshire', 450, 120, 160], ['hertfordshire', 520, 215, 80], ['humberside', 505, 440, 95],
  ['kent', 590, 155, 170], ['lancashire', 355, 440, 145], ['leicestershire', 460, 300, 80], ['lincolnshire', 500, 370, 50],
  ['merseyside', 340, 390, 125], ['metropolitan', 527, 178, 840], ['norfolk', 610, 310, 55], ['north-wales', 280, 360, 45],
  ['north-yorkshire', 430, 470, 45], ['northamptonshire', 475, 260, 60], ['northumbria', 425, 570, 135],
  ['nottinghamshire', 460, 345, 95], ['south-wales', 290, 185, 110], ['south-yorkshire', 440, 400, 150],
  ['staffordshire', 395, 320, 85], ['suffolk', 620, 255, 50], ['surrey', 510, 150, 70], ['sussex', 530, 110, 120],
  ['thames-valley', 460, 200, 170], ['warwickshire', 430, 265, 40], ['west-mercia', 360, 270, 85],
  ['west-midlands', 405, 290, 275], ['west-yorkshire', 420, 430, 300], ['wiltshire', 410, 160, 40],
];

/** Districts per force: ~330 in all, more in the bigger forces (the Metropolitan's 31, as London's boroughs). */
function districtCount(slug: string, weight: number): number {
  return slug === 'city-of-london' ? 1 : Math.min(31, 3 + Math.round(weight / 30));
}

function largestRing(coords: MultiPolygonCoords): Ring {
  return coords.map((p) => p[0]!).reduce((a, b) => (Math.abs(ringSignedArea(b)) > Math.abs(ringSignedArea(a)) ? b : a));
}

/** Round to 1 cm and offset 0.37 m so that no vertex lies exactly on a bisector of whole-metre sites. */
const metres = (km: number) => Math.round(km * 1000) + 0.37;

export function buildNationalGeography(seed: number): NationalGeography {
  const outline: Ring = OUTLINE_KM.map(([e, n]) => [metres(e!), metres(n!)]);
  outline.push([...outline[0]!]);
  const forceCells = voronoiTiling(outline, FORCES.map(([, e, n]) => [e * 1000, n * 1000]));
  const rng = createRng(seed ^ 0x4e415449);
  const forces = FORCES.map(([slug, e, n, weight], f): NationalForce => {
    const coordinates = rewindMultiPolygon(forceCells[f]!);
    const ring = largestRing(coordinates);
    const [minX, minY, maxX, maxY] = ringBbox(ring);
    const wanted = districtCount(slug, weight);
    const sites: number[][] = [[e * 1000, n * 1000]];
    for (let tries = 0; sites.length < wanted && tries < 10_000; tries++) {
      const x = Math.round(minX + rng.uniform() * (maxX - minX));
      const y = Math.round(minY + rng.uniform() * (maxY - minY));
      if (pointInRing(x, y, ring) && sites.every(([sx, sy]) => Math.hypot(sx! - x, sy! - y) > 4_000)) sites.push([x, y]);
    }
    const cells = voronoiTiling(ring, sites).map(rewindMultiPolygon);
    // Pieces of the force outside its largest ring (islands, coastline slivers) join its first district.
    cells[0] = [...cells[0]!, ...coordinates.filter((p) => p[0] !== ring)];
    const districts = sites.map(([x, y], d): NationalDistrict => ({
      code: `X08${String(f + 1).padStart(2, '0')}${String(d + 1).padStart(4, '0')}`,
      name: `${slug} district ${d + 1}`,
      e: x!,
      n: y!,
      // The HQ town is the force's biggest; the rest log-normal around a third of it.
      weight: d === 0 ? 3 : Math.exp(0.6 * Math.sqrt(-2 * Math.log(rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform())),
      coordinates: cells[d]!,
    }));
    return { slug, weight, coordinates, districts };
  });
  return { outline, forces };
}
