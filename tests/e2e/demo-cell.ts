import { bngToLonLat } from '../../geodata/bng';
import { generateDemo } from '../../geodata/demo/index';

// Where the map tests look: the demo's first planted night-time-economy hot spot (Kingsmere town
// centre) and the centre of the 250 m cell holding it. The planted spots come from the demo's
// geography alone, so no incidents need generating to read them.
export const NTE = generateDemo({ incidents: 0 }).truth.nightTimeEconomy[0]!;
export const CELL = { x: Math.floor(NTE.easting / 250) * 250 + 125, y: Math.floor(NTE.northing / 250) * 250 + 125 };
export const [CELL_LON, CELL_LAT] = bngToLonLat(CELL.x, CELL.y);
