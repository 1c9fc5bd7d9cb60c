/**
 * Patrol zones as KML 2.2 (OGC 07-147r2, http://www.opengis.net/kml/2.2) for tools that want it.
 *
 * One Document named after the area and period, one shared Style, and one Placemark per zone in
 * rank order: name "<rank>. <id>", a plain-text description, ExtendedData with the same fields
 * as the GeoJSON properties, and a Polygon (outerBoundaryIs / innerBoundaryIs LinearRings) or a
 * MultiGeometry of Polygons. Coordinates are "lon,lat" tuples from ./export-zone: 6 decimals,
 * rings closed, outer rings anticlockwise as KML asks, holes clockwise.
 *
 * Text and attribute values are XML-escaped (& < > " ') and characters XML 1.0 forbids (C0
 * controls other than tab, LF, CR; U+FFFE, U+FFFF; lone surrogates) are removed, so the file
 * is well-formed whatever the district names hold.
 *
 * Units: degrees (lon, lat); area in m²; harm in Cambridge Crime Harm Index days.
 *
 * @example
 * zonesToKml([], { area: 'Burnley', period: { from: '2025-01', to: '2025-12' }, parameters: {} });
 * // '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>…'
 */

import {
  EMPTY_MESSAGE,
  normalizeGeometry,
  orderedZones,
  type ExportMetadata,
  type ExportZone,
  num,
} from './export-zone';

/** XML-escaped text with characters XML 1.0 forbids removed. */
export function xmlEscape(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const el = (tag: string, text: string) => `<${tag}>${xmlEscape(text)}</${tag}>`;

function placemark(zone: ExportZone, total: number): string {
  const g = normalizeGeometry(zone.geometry, zone.id);
  const ring = (r: [number, number][]) => `<LinearRing><coordinates>${r.map(([x, y]) => `${num(x)},${num(y)}`).join(' ')}</coordinates></LinearRing>`;
  const polygon = (p: [number, number][][]) =>
    `<Polygon><outerBoundaryIs>${ring(p[0])}</outerBoundaryIs>${p.slice(1).map((h) => `<innerBoundaryIs>${ring(h)}</innerBoundaryIs>`).join('')}</Polygon>`;
  const geometry = g.polygons.length === 1 ? polygon(g.polygons[0]) : `<MultiGeometry>${g.polygons.map(polygon).join('')}</MultiGeometry>`;
  const districts = zone.districts.map((d) => `${d.name} (${d.code})`).join(', ');
  const categories = Object.keys(zone.incidentsByCategory).sort();
  const description =
    `Rank ${zone.rank} of ${total}. ${num(zone.incidents)} incidents, harm ${num(zone.harm)}, ` +
    `${num(zone.areaM2, 2)} m² (${num(zone.cells)} cells)` +
    (districts ? `, in ${districts}` : '') +
    (zone.visitsPerWeek !== undefined ? `. Suggested ${num(zone.visitsPerWeek)} visits per week.` : '.');
  const data: [string, string][] = [
    ['id', zone.id],
    ['rank', String(zone.rank)],
    ['districts', districts],
    ['incidents', num(zone.incidents)],
    ...categories.map((c): [string, string] => [`incidents_${c}`, num(zone.incidentsByCategory[c])]),
    ['harm', num(zone.harm)],
    ['area_m2', num(zone.areaM2, 2)],
    ['cells', num(zone.cells)],
    ['centroid', `${num(zone.centroid[0])},${num(zone.centroid[1])}`],
    ...(zone.visitsPerWeek !== undefined ? [['visits_per_week', num(zone.visitsPerWeek)] as [string, string]] : []),
  ];
  // KML ids are xs:ID, so only ids that are valid NCNames are written as attributes.
  const idAttr = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(zone.id) ? ` id="${zone.id}"` : '';
  return (
    `<Placemark${idAttr}>${el('name', `${zone.rank}. ${zone.id}`)}${el('description', description)}<styleUrl>#patrol-zone</styleUrl>` +
    `<ExtendedData>${data.map(([k, v]) => `<Data name="${xmlEscape(k)}">${el('value', v)}</Data>`).join('')}</ExtendedData>` +
    `${geometry}</Placemark>`
  );
}

/** The KML document (module doc). */
export function zonesToKml(zones: readonly ExportZone[], metadata: ExportMetadata): string {
  const ordered = orderedZones(zones);
  const notes = [
    `${ordered.length} patrol zones, ${metadata.period.from} to ${metadata.period.to}.`,
    metadata.dosageRule,
    metadata.source,
    metadata.message ?? (ordered.length === 0 ? EMPTY_MESSAGE : undefined),
  ].filter((s): s is string => s !== undefined);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    el('name', `Patrol zones: ${metadata.area}, ${metadata.period.from} to ${metadata.period.to}`),
    el('description', notes.join(' ')),
    '<Style id="patrol-zone"><LineStyle><color>ff0000cc</color><width>2</width></LineStyle><PolyStyle><color>550000cc</color></PolyStyle></Style>',
    ...ordered.map((z) => placemark(z, ordered.length)),
    '</Document>',
    '</kml>',
    '',
  ].join('\n');
}
