import { Hono } from 'hono';
import { districtFeatures } from '../../db/districts';
import type { AppDeps } from '../deps';

export function districtRoutes({ database }: AppDeps) {
  return new Hono().get('/', async (c) => {
    return c.json(await districtFeatures(database.db), 200, { 'content-type': 'application/geo+json' });
  });
}
