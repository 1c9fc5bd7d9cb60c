import { describe, expect, it } from 'vitest';
import { DEFAULT_HARM_WEIGHTS } from '../../geodata/harm';
import { DISTRICT_LINE } from '../map/district-layers';
import { CELL_ALPHA, DENSITY_COLOURS, EMERGING_COLOURS, HOTSPOT_COLOURS, PATROL_COLOUR, POINT_COLOUR } from '../map/palettes';
import { patrolPreview } from '../state/patrol-state';
import { DEFAULT_STATE, type ViewState } from '../state/view-state';
import { PATROL_ZONES, densityResponse, emergingResponse, hotspotsResponse, incidentPoints, layerData, prepared } from '../test-support/layer-fixtures';
import { type LegendSection, harmCaption, legendModel } from './legend-model';

describe('harmCaption', () => {
  it('names the scale and the analysed categories heaviest first, at most four', () => {
    const caption = harmCaption({
      categories: ['anti-social-behaviour', 'robbery', 'burglary', 'shoplifting', 'violent-crime', 'drugs'],
      weights: { ...DEFAULT_HARM_WEIGHTS },
    });
    expect(caption).toBe('Harm: Cambridge Crime Harm Index days per incident (Robbery 365, Burglary 245, Violence and sexual offences 194, Drugs 3.66, …)');
  });

  it('says the weights are custom when the request overrode an analysed category', () => {
    const caption = harmCaption({ categories: ['burglary', 'robbery'], weights: { ...DEFAULT_HARM_WEIGHTS, burglary: 500 } });
    expect(caption).toBe('Harm: custom weights per incident (Burglary 500, Robbery 365)');
  });
});

const state = (change: Partial<ViewState> = {}): ViewState => ({ ...DEFAULT_STATE, ...change });
const section = (sections: LegendSection[], id: string) => sections.find((s) => s.id === id)!;

describe('legendModel', () => {
  it('hot spots: six significance classes, hot first, and the caption says what, when, cell size and the correction', () => {
    const sections = legendModel(state(), layerData({ analysis: prepared(hotspotsResponse()) }));
    expect(sections.map((s) => s.id)).toEqual(['hotspots', 'districts']);
    const hot = section(sections, 'hotspots');
    expect(hot.title).toBe('Hot spots (Getis-Ord Gi*, counts)');
    expect(hot.caption).toBe('Burglary, Jan 2024 – Jun 2024 (6 months); 250 m cells (British National Grid); p-values corrected for multiple testing (FDR). Not significant: not coloured.');
    expect(hot.items.map((i) => i.label)).toEqual([
      'Hot spot, 99 % confidence',
      'Hot spot, 95 % confidence',
      'Hot spot, 90 % confidence',
      'Cold spot, 90 % confidence',
      'Cold spot, 95 % confidence',
      'Cold spot, 99 % confidence',
    ]);
    expect(hot.items[0]).toEqual({ colour: HOTSPOT_COLOURS[3], alpha: CELL_ALPHA / 255, swatch: 'fill', label: 'Hot spot, 99 % confidence' });
  });

  it('density: one entry per class with its range per km², and the harm unit and weights when harm-weighted', () => {
    const counts = section(legendModel(state({ mode: 'density' }), layerData({ analysis: prepared(densityResponse()) })), 'density');
    expect(counts.title).toBe('Density (incidents per km²)');
    expect(counts.items.map((i) => i.label)).toEqual(['0 – 16', '16 – 32', '32 – 48', '48 – 64']);
    expect(counts.items.map((i) => i.colour)).toEqual(DENSITY_COLOURS.slice(2));
    expect(counts.caption).toBe('Burglary, Robbery, Jan 2024 – Jun 2024 (6 months); 250 m cells (British National Grid). Classes are quantiles of the non-empty cells; empty cells are not coloured.');

    const harm = densityResponse({ weighting: 'harm', weights: { ...DEFAULT_HARM_WEIGHTS } });
    const weighted = section(legendModel(state({ mode: 'density', weighting: 'harm' }), layerData({ analysis: prepared(harm) })), 'density');
    expect(weighted.title).toBe('Density (harm per km²)');
    expect(weighted.caption).toContain('(British National Grid). Harm: Cambridge Crime Harm Index days per incident (Robbery 365, Burglary 245). Classes');
  });

  it('emerging: only the patterns present in the result, with their descriptions', () => {
    const emerging = section(legendModel(state({ mode: 'emerging' }), layerData({ analysis: prepared(emergingResponse()) })), 'emerging');
    expect(emerging.title).toBe('Emerging hot spots (monthly Gi* trends)');
    expect(emerging.items.map((i) => [i.label, i.colour])).toEqual([
      ['New hot spot', EMERGING_COLOURS[1]],
      ['Persistent hot spot', EMERGING_COLOURS[4]],
    ]);
    expect(emerging.items[0]!.description).toBe('A significant hot spot in the latest period, and never before.');
    expect(emerging.caption).toBe('All crime and ASB, Jan 2024 – Jun 2024 (6 months); 250 m cells (British National Grid). No pattern detected: not coloured.');
  });

  it('snap points, patrol zones and boundaries: one section each, with their captions', () => {
    const sections = legendModel(state(), layerData({ points: incidentPoints(true), patrol: patrolPreview(PATROL_ZONES) }));
    expect(sections.map((s) => s.id)).toEqual(['patrol', 'points', 'districts']);
    const patrol = section(sections, 'patrol');
    expect(patrol.title).toBe('Patrol zones (2)');
    expect(patrol.caption).toBe('Burnley, Jan 2024 – Jun 2024; ranked by harm per km² (table in the Patrol zones page).');
    expect(patrol.items[0]!.colour).toEqual(PATROL_COLOUR);
    const points = section(sections, 'points');
    expect(points.caption).toContain('zoom 14 and closer');
    expect(points.caption).toContain('this very large view shows only the points near its centre');
    expect(points.items).toEqual([{ colour: POINT_COLOUR, alpha: 0.9, swatch: 'dot', label: 'Incidents on or near this point' }]);
    expect(section(sections, 'districts').items).toEqual([{ colour: DISTRICT_LINE, alpha: 1, swatch: 'line', label: 'District boundary' }]);
  });

  it('leaves out the sections of hidden layers', () => {
    const data = layerData({ analysis: prepared(hotspotsResponse()), points: incidentPoints() });
    expect(legendModel(state({ hidden: ['analysis', 'points', 'districts'] }), data)).toEqual([]);
  });
});
describe('legendModel: months without data and incidents outside the districts', () => {
  it('says how many of the period\'s months are loaded, and how many incidents were not analysed', () => {
    const response = hotspotsResponse();
    response.period = { ...response.period, months: 24, loadedMonths: 16 };
    response.summary = { ...response.summary, incidentsOutsideStudyArea: 705 };
    const [hot] = legendModel(DEFAULT_STATE, layerData({ analysis: prepared(response) }));
    expect(hot!.caption).toMatch(/^Burglary, Jan 2024 – Jun 2024 \(16 of 24 months loaded\); 250 m cells \(British National Grid\); 705 incidents outside the districts not analysed; /);
  });
});
