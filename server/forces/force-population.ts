import type { ForceAreaRecord } from '../../db/police-force-areas';

/**
 * Largest gap allowed between a PFA's area and the summed area of the local authority districts
 * loaded inside it, as a share of the PFA's. LADs nest exactly in PFAs, so the only gap a full set
 * leaves is the two generalised layers' different coastlines and edges (0.02 % for Lancashire's
 * 14 LADs of December 2024 in its PFA of December 2023); a missing district leaves a gap of
 * several per cent (Ribble Valley, the smallest of Lancashire's by population, is 18 % of its area).
 */
export const COVERAGE_TOLERANCE = 0.005;

export type ForcePopulation =
  | { population: number; year: number; districts: number }
  | { population: null; reason: string };

/**
 * The residents of a police force area, when the loaded districts can give them: the sum of the
 * populations of the local authority districts inside it, provided every one has a population of
 * the same year and together they cover the PFA (COVERAGE_TOLERANCE). Otherwise null and why: a
 * rate from part of an area, or from populations of different years, would be a guess.
 */
export function forcePopulation(area: ForceAreaRecord): ForcePopulation {
  const gap = area.areaKm2 > 0 ? Math.abs(area.areaKm2 - area.districtAreaKm2) / area.areaKm2 : 1;
  const name = area.name;
  if (area.districtAreaKm2 === 0) {
    return { population: null, reason: `${name} has no population: no local authority districts inside it are loaded (import boundaries and population for its districts).` };
  }
  if (gap > COVERAGE_TOLERANCE) {
    return { population: null, reason: `${name} has no population: the local authority districts loaded inside it cover ${pct(area.districtAreaKm2 / area.areaKm2)} of its area, not all of it.` };
  }
  if (area.districtsWithoutPopulation > 0 || area.districtPopulation === null) {
    return { population: null, reason: `${name} has no population: ${area.districtsWithoutPopulation} of the local authority districts inside it have none loaded.` };
  }
  if (area.districtPopulationYears.length !== 1) {
    return { population: null, reason: `${name} has no population: its districts' populations are of different years (${area.districtPopulationYears.join(', ')}).` };
  }
  return { population: area.districtPopulation, year: area.districtPopulationYears[0]!, districts: area.districtCount };
}

const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
