import { describe, expect, it } from 'vitest';
import { LocatedPoints } from './located-points';

/** A stand-in for locatePoints that records what it was asked. */
function recordingQuery() {
  const asked: Array<Array<readonly [number, number]>> = [];
  const query = async (points: Array<readonly [number, number]>) => {
    asked.push(points);
    return points.map(([lon, lat]) => `tail ${lon} ${lat}`);
  };
  return { asked, query };
}

describe('LocatedPoints', () => {
  it('asks only for points it has not located, and answers in order', async () => {
    const cache = new LocatedPoints();
    const { asked, query } = recordingQuery();
    cache.useDistricts('v1');
    expect(await cache.locate([[-2.7, 53.7], [-2.6, 53.8]], query)).toEqual(['tail -2.7 53.7', 'tail -2.6 53.8']);
    expect(await cache.locate([[-2.6, 53.8], [-2.5, 53.9], [-2.7, 53.7]], query)).toEqual(['tail -2.6 53.8', 'tail -2.5 53.9', 'tail -2.7 53.7']);
    expect(asked).toEqual([[[-2.7, 53.7], [-2.6, 53.8]], [[-2.5, 53.9]]]);
    expect(await cache.locate([[-2.5, 53.9]], query)).toEqual(['tail -2.5 53.9']);
    expect(asked).toHaveLength(2);
    expect(cache.size).toBe(3);
  });

  it('tells apart points that share a longitude or a latitude', async () => {
    const cache = new LocatedPoints();
    const { query } = recordingQuery();
    cache.useDistricts('v1');
    await cache.locate([[-2.7, 53.7]], query);
    expect(await cache.locate([[-2.7, 53.8], [-2.8, 53.7]], query)).toEqual(['tail -2.7 53.8', 'tail -2.8 53.7']);
  });

  it('forgets every point when the districts change, and keeps them when they do not', async () => {
    const cache = new LocatedPoints();
    const { asked, query } = recordingQuery();
    cache.useDistricts('v1');
    await cache.locate([[-2.7, 53.7]], query);
    cache.useDistricts('v1');
    await cache.locate([[-2.7, 53.7]], query);
    expect(asked).toHaveLength(1);
    cache.useDistricts('v2');
    expect(cache.size).toBe(0);
    await cache.locate([[-2.7, 53.7]], query);
    expect(asked).toHaveLength(2);
  });

  it('starts again rather than grow past its limit', async () => {
    const cache = new LocatedPoints(3);
    const { asked, query } = recordingQuery();
    cache.useDistricts('v1');
    await cache.locate([[1, 1], [2, 2]], query);
    await cache.locate([[3, 3], [4, 4]], query);
    expect(cache.size).toBe(2);
    expect(await cache.locate([[3, 3], [1, 1]], query)).toEqual(['tail 3 3', 'tail 1 1']);
    expect(asked.at(-1)).toEqual([[1, 1]]);
  });
});
