import { type RawBuilder, sql } from 'kysely';

// A JS value as a json/jsonb SQL value. It is bound as text and cast in SQL because postgres.js
// JSON-encodes a string bound to a json-typed parameter a second time (storing a JSON string, not
// the object), while PGlite passes it through: binding text behaves the same on both.

/** `value` as SQL json (for json_to_recordset and friends). */
export function json(value: unknown): RawBuilder<unknown> {
  return sql`cast(${JSON.stringify(value)}::text as json)`;
}

/** `value` as SQL jsonb (for jsonb columns). */
export function jsonb(value: unknown): RawBuilder<string> {
  return sql<string>`cast(${JSON.stringify(value)}::text as jsonb)`;
}
