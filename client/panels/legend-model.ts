import { EMERGING_CATEGORIES } from '../../geodata/emerging';
import { CATEGORIES, PRESETS } from '../../geodata/categories';
import { DEFAULT_HARM_WEIGHTS } from '../../geodata/harm';
import { type LayerData, STREET_ZOOM } from '../map/build-layers';
import { DISTRICT_LINE } from '../map/district-layers';
import { CELL_ALPHA, DENSITY_COLOURS, EMERGING_COLOURS, HOTSPOT_COLOURS, HOTSPOT_LABELS, PATROL_COLOUR, PATROL_FILL_ALPHA, POINT_COLOUR, type Rgb, heatColour } from '../map/palettes';
import { type ViewState, monthLabel } from '../state/view-state';
import type { AnalysisResponse } from '../types';
import { planLegendSection } from '../plans/plan-legend';

export interface LegendItem {
  colour: Rgb;
  alpha: number;
  label: string;
  description?: string;
  /** 'fill' square, 'line' outline, 'zone' outlined translucent square, 'dot' marker, 'dash' dashed line. */
  swatch: 'fill' | 'line' | 'zone' | 'dot' | 'dash';
}

export interface LegendSection {
  id: string;
  title: string;
  /** Units, period and what was analysed. */
  caption: string;
  items: LegendItem[];
}

const number = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 3 });

/** What was analysed, in words, from the parameters the server actually used. */
export function whatLabel(parameters: Record<string, unknown>): string {
  const preset = parameters.preset as keyof typeof PRESETS | null | undefined;
  if (preset && preset in PRESETS) return PRESETS[preset].label;
  const categories = (parameters.categories as string[] | undefined) ?? [];
  if (categories.length === 0 || categories.length === CATEGORIES.length) return 'All crime and ASB';
  if (categories.length <= 2) return categories.map((s) => CATEGORIES.find((c) => c.slug === s)?.name ?? s).join(', ');
  return `${categories.length} categories`;
}

/**
 * What harm means in this result, from the weights the server used: the unit, the source and the
 * analysed categories' weights, heaviest first, e.g. "Harm: Cambridge Crime Harm Index days per
 * incident (Robbery 365, Burglary 245, …)". Says so when the request overrode the defaults.
 */
export function harmCaption(parameters: Record<string, unknown>): string {
  const weights = (parameters.weights ?? {}) as Record<string, number>;
  const analysed = ((parameters.categories as string[] | undefined) ?? []).filter((slug) => slug in weights);
  const custom = analysed.some((slug) => weights[slug] !== DEFAULT_HARM_WEIGHTS[slug as keyof typeof DEFAULT_HARM_WEIGHTS]);
  const listed = [...analysed].sort((a, b) => weights[b]! - weights[a]!).slice(0, 4)
    .map((slug) => `${CATEGORIES.find((c) => c.slug === slug)?.name ?? slug} ${number.format(weights[slug]!)}`);
  const more = analysed.length > listed.length ? ', …' : '';
  return `Harm: ${custom ? 'custom weights' : 'Cambridge Crime Harm Index days'} per incident (${listed.join(', ')}${more})`;
}

/** The analysis filters of a view in words, e.g. "Serious violence, latest months with data, 2 districts, 250 m cells, counts". */
export function filtersLabel(state: ViewState): string {
  const period = state.from || state.to ? `${state.from ? monthLabel(state.from) : 'first month'} – ${state.to ? monthLabel(state.to) : 'last month'}` : 'latest months with data';
  const districts = state.districts.length ? `${state.districts.length} district${state.districts.length === 1 ? '' : 's'}` : 'all districts';
  const cells = state.cellSize ? `${state.cellSize} m cells` : 'automatic cell size';
  return `${whatLabel({ preset: state.preset, categories: state.categories })}, ${period}, ${districts}, ${cells}, ${state.weighting === 'harm' ? 'harm-weighted' : 'counts'}`;
}

/** "Jan 2025 – Dec 2025 (12 months)", or "(16 of 24 months loaded)" when some months have no data. */
function periodLabel(period: AnalysisResponse['period']): string {
  if (!period.from || !period.to) return 'no months loaded';
  const months = period.loadedMonths < period.months ? `${period.loadedMonths} of ${period.months} months loaded` : `${period.months} months`;
  return `${monthLabel(period.from)} – ${monthLabel(period.to)} (${months})`;
}

/** "; 705 incidents outside the districts not analysed", when there are any. */
function outsideLabel(r: AnalysisResponse): string {
  const outside = r.analysis === 'emerging' ? 0 : r.summary.incidentsOutsideStudyArea;
  return outside > 0 ? `; ${number.format(outside)} ${outside === 1 ? 'incident' : 'incidents'} outside the districts not analysed` : '';
}

/** The legend of every visible layer, from the view and the data drawn. Pure. */
export function legendModel(state: ViewState, data: LayerData): LegendSection[] {
  const sections: LegendSection[] = [];
  const analysis = data.analysis;
  if (analysis && !state.hidden.includes('analysis')) {
    const r = analysis.response;
    const harm = r.parameters.weighting === 'harm';
    const base = `${whatLabel(r.parameters)}, ${periodLabel(r.period)}; ${r.grid.cellSize} m cells (British National Grid)${outsideLabel(r)}${harm ? `. ${harmCaption(r.parameters)}` : ''}`;
    if (r.analysis === 'density' && analysis.heat) {
      const unit = harm ? 'harm per km²' : 'incidents per km²';
      const max = analysis.heat.domainMax;
      const p = r.parameters as { kernel?: string; bandwidth?: number; bandwidthRule?: string };
      const items = [1, 0.75, 0.5, 0.25, 0].map((t): LegendItem => ({ colour: heatColour(t), alpha: CELL_ALPHA / 255, swatch: 'fill', label: number.format(t * max) }));
      sections.push({
        id: 'density',
        title: `Density heatmap (${unit})`,
        caption: `${base}. Kernel density: ${p.kernel ?? 'quartic'} kernel, bandwidth ${number.format(p.bandwidth ?? 0)} m${p.bandwidthRule ? ` (${p.bandwidthRule})` : ''}, estimated at each cell centre and blended between them. Continuous colours from 0 to the surface's maximum, ${number.format(max)}; low values fade out.`,
        items,
      });
    } else if (r.analysis === 'density') {
      const unit = harm ? 'harm per km²' : 'incidents per km²';
      const items: LegendItem[] = [];
      const offset = DENSITY_COLOURS.length - analysis.breaks.length;
      let lower = 0;
      analysis.breaks.forEach((upper, i) => {
        items.push({ colour: DENSITY_COLOURS[offset + i]!, alpha: CELL_ALPHA / 255, swatch: 'fill', label: `${number.format(lower)} – ${number.format(upper)}` });
        lower = upper;
      });
      sections.push({ id: 'density', title: `Density (${unit})`, caption: `${base}. Classes are quantiles of the non-empty cells; empty cells are not coloured.`, items });
    } else if (r.analysis === 'hotspots') {
      const adjustment = r.parameters.adjustment === 'fdr' ? 'p-values corrected for multiple testing (FDR)' : `p-value adjustment: ${String(r.parameters.adjustment)}`;
      const items = [3, 2, 1, -1, -2, -3].map((bin): LegendItem => ({ colour: HOTSPOT_COLOURS[bin]!, alpha: CELL_ALPHA / 255, swatch: 'fill', label: HOTSPOT_LABELS[bin]! }));
      sections.push({
        id: 'hotspots',
        title: `Hot spots (Getis-Ord Gi*, ${harm ? 'harm' : 'counts'})`,
        caption: `${base}; ${adjustment}. Not significant: not coloured.`,
        items,
      });
    } else {
      // Only the patterns present in this result, so the legend stays short enough to read.
      const present = (r.summary as { categoryCounts?: Record<string, number> }).categoryCounts;
      const items = EMERGING_CATEGORIES.filter((c) => c.code !== 0 && (!present || (present[String(c.code)] ?? 0) > 0)).map(
        (c): LegendItem => ({ colour: EMERGING_COLOURS[c.code]!, alpha: CELL_ALPHA / 255, swatch: 'fill', label: c.label, description: c.description }),
      );
      sections.push({ id: 'emerging', title: 'Emerging hot spots (monthly Gi* trends)', caption: `${base}. ${items.length ? '' : 'No cell shows a pattern. '}No pattern detected: not coloured.`, items });
    }
  }
  if (data.patrol) {
    const m = data.patrol.metadata;
    const rankBy = typeof m.parameters.rankBy === 'string' ? m.parameters.rankBy : 'rank';
    sections.push({
      id: 'patrol',
      title: `Patrol zones (${data.patrol.features.length})`,
      caption: data.patrol.features.length
        ? `${m.area}, ${monthLabel(m.period.from)} – ${monthLabel(m.period.to)}; ranked by ${rankBy} (table in the Patrol zones page).`
        : (m.message ?? 'No patrol zones.'),
      items: [{ colour: PATROL_COLOUR, alpha: PATROL_FILL_ALPHA / 255, swatch: 'zone', label: 'Patrol zone' }],
    });
  }
  if (data.plans?.length) sections.push(planLegendSection(data.plans));
  if (data.points && !state.hidden.includes('points')) {
    sections.push({
      id: 'points',
      title: 'Incidents at snap points',
      caption: `Shown at street level (zoom ${STREET_ZOOM} and closer). One marker per police.uk snap point, sized and labelled by its count of incidents${data.points.truncated ? '; this very large view shows only the points near its centre' : ''}. Locations are anonymised: "on or near" a place, not an address.`,
      items: [{ colour: POINT_COLOUR, alpha: 0.9, swatch: 'dot', label: 'Incidents on or near this point' }],
    });
  }
  if (!state.hidden.includes('districts') && data.districts.features.length) {
    sections.push({ id: 'districts', title: 'Boundaries', caption: 'Local authority districts (ONS).', items: [{ colour: DISTRICT_LINE, alpha: 1, swatch: 'line', label: 'District boundary' }] });
  }
  return sections;
}
