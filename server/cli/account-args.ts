import type { Kysely } from 'kysely';
import { unknownDistrictCodes } from '../../db/districts';
import type { Database, Role } from '../../db/schema';
import { CliError } from './cli-error';

export const ROLES: readonly Role[] = ['viewer', 'analyst', 'editor', 'admin'];

/** Lower case, 2–64 of letters, digits and . _ @ - (so e-mail addresses work as names). */
export function accountName(raw: string | undefined): string {
  const name = (raw ?? '').trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9._@-]{1,63}$/.test(name)) {
    throw new CliError(`Invalid user name "${raw ?? ''}": use 2–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit.`);
  }
  return name;
}

export function role(raw: string | undefined): Role {
  if (raw === undefined) throw new CliError(`Give the role: --role ${ROLES.join('|')}.`);
  if (!(ROLES as readonly string[]).includes(raw)) throw new CliError(`Unknown role "${raw}": expected ${ROLES.join(', ')}.`);
  return raw as Role;
}

/** The districts an editor edits, checked against the loaded districts; none for other roles. */
export async function districtsFor(db: Kysely<Database>, r: Role, raw: string | undefined): Promise<string[]> {
  const codes = [...new Set((raw ?? '').split(',').map((s) => s.trim()).filter(Boolean))];
  if (r !== 'editor') {
    if (codes.length) throw new CliError(`--districts is for editors only; a ${r} is not scoped to districts.`);
    return [];
  }
  if (codes.length === 0) throw new CliError('An editor needs the districts they edit: --districts E07000117,E07000120.');
  const unknown = await unknownDistrictCodes(db, codes);
  if (unknown.length) throw new CliError(`Unknown district code${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}: not among the loaded districts.`);
  return codes;
}
