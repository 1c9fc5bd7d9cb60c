import { type Kysely, sql } from 'kysely';

// Frozen once released.
//
// Profiles and comparisons need located incidents per (district, month, category, force) for
// every district of a kind: on 1,000,000 incidents counting them from `incidents` took 1.0–1.4 s
// (a hash aggregate over ~970k rows) on every request. This table holds those counts, a few
// thousand rows, so the same figures are read in milliseconds.
//
// Statement-level triggers with transition tables keep it exact on every write path without
// touching the writers: batch inserts, the staged bulk insert, COPY, force-month replace deletes,
// district re-assignment (an UPDATE of district_code, also the ON DELETE SET NULL of a removed
// district) and TRUNCATE. Each statement adds its rows' counts in one grouped upsert (not one per
// row), and a count that reaches 0 is deleted, so a row exists only where incidents do. `n >= 0`
// makes a drift (subtracting what was never counted) fail loudly instead of going unnoticed.
//
// Incidents without a district (unlocated, or outside every boundary) are not counted here: no
// profile reads them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table incident_counts (
    district_code text not null,
    month date not null,
    category text not null,
    force text not null,
    n integer not null check (n >= 0),
    primary key (district_code, month, category, force)
  )`.execute(db);

  // One function for the three row events: old_rows / new_rows are the statement's transition
  // tables; a branch naming one its trigger does not have is never run. Keys are upserted in
  // sorted order so concurrent writers lock shared rows in the same order.
  await sql`create function incident_counts_apply() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into incident_counts as c (district_code, month, category, force, n)
          select district_code, month, category, force, count(*)::int from new_rows
          where district_code is not null
          group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (district_code, month, category, force) do update set n = c.n + excluded.n;
      elsif tg_op = 'DELETE' then
        update incident_counts c set n = c.n - d.n
          from (select district_code, month, category, force, count(*)::int as n from old_rows
                where district_code is not null group by 1, 2, 3, 4) d
          where c.district_code = d.district_code and c.month = d.month and c.category = d.category and c.force = d.force;
        delete from incident_counts c
          using (select distinct district_code, month, category, force from old_rows where district_code is not null) d
          where c.district_code = d.district_code and c.month = d.month and c.category = d.category and c.force = d.force
            and c.n = 0;
      elsif tg_op = 'UPDATE' then
        -- Net change per key, so an update that moves no row between keys (another column) writes
        -- nothing. Gains are upserted and losses subtracted apart: a CHECK is tested on the row an
        -- upsert proposes before its conflict, so a negative proposal would fail.
        insert into incident_counts as c (district_code, month, category, force, n)
          select district_code, month, category, force, sum(dn)::int from (
            select district_code, month, category, force, 1 as dn from new_rows where district_code is not null
            union all
            select district_code, month, category, force, -1 as dn from old_rows where district_code is not null) s
          group by 1, 2, 3, 4 having sum(dn) > 0 order by 1, 2, 3, 4
        on conflict (district_code, month, category, force) do update set n = c.n + excluded.n;
        update incident_counts c set n = c.n + d.dn
          from (select district_code, month, category, force, sum(dn)::int as dn from (
                  select district_code, month, category, force, 1 as dn from new_rows where district_code is not null
                  union all
                  select district_code, month, category, force, -1 as dn from old_rows where district_code is not null) s
                group by 1, 2, 3, 4 having sum(dn) < 0) d
          where c.district_code = d.district_code and c.month = d.month and c.category = d.category and c.force = d.force;
        delete from incident_counts c
          using (select distinct district_code, month, category, force from old_rows where district_code is not null) d
          where c.district_code = d.district_code and c.month = d.month and c.category = d.category and c.force = d.force
            and c.n = 0;
      elsif tg_op = 'TRUNCATE' then
        delete from incident_counts;
      end if;
      return null;
    end $$`.execute(db);
  // Transition tables allow one event per trigger, hence three triggers on one function.
  await sql`create trigger incident_counts_insert after insert on incidents
    referencing new table as new_rows for each statement execute function incident_counts_apply()`.execute(db);
  await sql`create trigger incident_counts_delete after delete on incidents
    referencing old table as old_rows for each statement execute function incident_counts_apply()`.execute(db);
  await sql`create trigger incident_counts_update after update on incidents
    referencing old table as old_rows new table as new_rows for each statement execute function incident_counts_apply()`.execute(db);
  await sql`create trigger incident_counts_truncate after truncate on incidents
    for each statement execute function incident_counts_apply()`.execute(db);

  await sql`insert into incident_counts (district_code, month, category, force, n)
    select district_code, month, category, force, count(*)::int from incidents
    where district_code is not null group by 1, 2, 3, 4`.execute(db);
  await sql`analyze incident_counts`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of ['incident_counts_truncate', 'incident_counts_update', 'incident_counts_delete', 'incident_counts_insert']) {
    await sql`drop trigger if exists ${sql.id(name)} on incidents`.execute(db);
  }
  await sql`drop function if exists incident_counts_apply()`.execute(db);
  await sql`drop table if exists incident_counts`.execute(db);
}
