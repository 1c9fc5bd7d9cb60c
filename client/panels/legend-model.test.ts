import { describe, expect, it } from 'vitest';
import { DEFAULT_HARM_WEIGHTS } from '../../geodata/harm';
import { harmCaption } from './legend-model';

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
