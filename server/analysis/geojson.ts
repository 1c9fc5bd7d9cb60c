import { bngToLonLat } from '../../geodata/bng';
import type { AnalysisResult } from './result';

/**
 * The cells of a result as an RFC 7946 FeatureCollection in WGS84: each BNG square's four
 * corners reprojected (a 50–5000 m square stays a quadrilateral to well under a metre), with
 * that cell's columns as properties. For GIS users; the map uses the compact form.
 */
export function analysisToGeoJson(result: AnalysisResult): string {
  const { grid, cells } = result;
  const columns = Object.entries(cells).filter(([name]) => name !== 'index');
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  const features = cells.index!.map((index, k) => {
    const col = index! % grid.cols;
    const row = Math.floor(index! / grid.cols);
    const x0 = grid.originX + col * grid.cellSize;
    const y0 = grid.originY + row * grid.cellSize;
    const ring = [[x0, y0], [x0 + grid.cellSize, y0], [x0 + grid.cellSize, y0 + grid.cellSize], [x0, y0 + grid.cellSize], [x0, y0]]
      .map(([x, y]) => bngToLonLat(x!, y!).map(round));
    const properties: Record<string, unknown> = { cell: index, col, row };
    for (const [name, values] of columns) properties[name] = values[k];
    return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties };
  });
  const { cells: _cells, ...rest } = result;
  return JSON.stringify({ type: 'FeatureCollection', ...rest, features });
}
