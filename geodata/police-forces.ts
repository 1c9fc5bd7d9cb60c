/**
 * Which police.uk force publishes the crime of each ONS police force area (PFA).
 *
 *   policeUkForceId(pfaCode) = the `id` of /api/forces at data.police.uk, or null
 *
 * An incident's force is the police.uk force id in its street-level file's name
 * (`2025-12-lancashire-street.csv`), which is the force its rows "Fall within"; a PFA boundary
 * carries an ONS code instead. This table joins the two, one row per PFA of England and Wales.
 *
 * Sources: the PFA codes and names are ONS's ("Local Authority District to Community Safety
 * Partnerships to Police Force Areas (December 2019) Lookup in England and Wales", Open Geography
 * Portal; the same 43 codes name the December 2023 boundaries); the force ids are data.police.uk's
 * (https://data.police.uk/docs/method/forces/, the list behind https://data.police.uk/api/forces).
 * Written out explicitly rather than derived from the names, since two do not follow the pattern
 * (Metropolitan Police → metropolitan, "London, City of" → city-of-london) and "Devon & Cornwall"
 * spells its "and" differently. British Transport Police (`btp`) and the Police Service of
 * Northern Ireland have no PFA of England and Wales, so they are in no row.
 *
 * @example
 * policeUkForceId('E23000003'); // → 'lancashire'
 * policeUkForceId('E99999999'); // → null
 */
export const PFA_FORCE_IDS: Readonly<Record<string, string>> = Object.freeze({
  E23000001: 'metropolitan',
  E23000002: 'cumbria',
  E23000003: 'lancashire',
  E23000004: 'merseyside',
  E23000005: 'greater-manchester',
  E23000006: 'cheshire',
  E23000007: 'northumbria',
  E23000008: 'durham',
  E23000009: 'north-yorkshire',
  E23000010: 'west-yorkshire',
  E23000011: 'south-yorkshire',
  E23000012: 'humberside',
  E23000013: 'cleveland',
  E23000014: 'west-midlands',
  E23000015: 'staffordshire',
  E23000016: 'west-mercia',
  E23000017: 'warwickshire',
  E23000018: 'derbyshire',
  E23000019: 'nottinghamshire',
  E23000020: 'lincolnshire',
  E23000021: 'leicestershire',
  E23000022: 'northamptonshire',
  E23000023: 'cambridgeshire',
  E23000024: 'norfolk',
  E23000025: 'suffolk',
  E23000026: 'bedfordshire',
  E23000027: 'hertfordshire',
  E23000028: 'essex',
  E23000029: 'thames-valley',
  E23000030: 'hampshire',
  E23000031: 'surrey',
  E23000032: 'kent',
  E23000033: 'sussex',
  E23000034: 'city-of-london',
  E23000035: 'devon-and-cornwall',
  E23000036: 'avon-and-somerset',
  E23000037: 'gloucestershire',
  E23000038: 'wiltshire',
  E23000039: 'dorset',
  W15000001: 'north-wales',
  W15000002: 'gwent',
  W15000003: 'south-wales',
  W15000004: 'dyfed-powys',
});

/** The police.uk force id publishing this PFA's crime, or null for a code not in the table. */
export function policeUkForceId(pfaCode: string): string | null {
  return Object.hasOwn(PFA_FORCE_IDS, pfaCode) ? PFA_FORCE_IDS[pfaCode]! : null;
}
