import { describe, expect, it } from 'vitest';
import { incidentPoints } from '../test-support/layer-fixtures';
import { busiestPoints } from './snap-points';

describe('busiestPoints', () => {
  it('orders the points in view by incidents, most first', () => {
    // counts [1, 4, 2] at lon −0.09, −0.08, −0.07
    expect(busiestPoints(incidentPoints(), () => true)).toEqual([1, 2, 0]);
    expect(busiestPoints(incidentPoints(), () => true, 2)).toEqual([1, 2]);
  });

  it('leaves out the points outside the view', () => {
    expect(busiestPoints(incidentPoints(), (lon) => lon < -0.075)).toEqual([1, 0]);
  });
});
