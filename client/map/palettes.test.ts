import { describe, expect, it } from 'vitest';
import { DENSITY_COLOURS, heatAlpha, heatColour } from './palettes';

describe('heatmap colour ramp', () => {
  it('runs through the density classes\' colours, continuously, and fades out near zero', () => {
    expect(heatColour(0)).toEqual(DENSITY_COLOURS[0]);
    expect(heatColour(1)).toEqual(DENSITY_COLOURS.at(-1));
    expect(heatColour(2)).toEqual(DENSITY_COLOURS.at(-1));
    // Halfway between the 3rd and 4th stops (t = 0.5 with six stops): the mean of the two colours.
    const [a, b] = [DENSITY_COLOURS[2]!, DENSITY_COLOURS[3]!];
    expect(heatColour(0.5)).toEqual([0, 1, 2].map((c) => Math.round((a[c]! + b[c]!) / 2)));
    expect(heatAlpha(0)).toBe(0);
    expect(heatAlpha(0.04)).toBe(105);
    expect(heatAlpha(0.5)).toBe(210);
  });
});
