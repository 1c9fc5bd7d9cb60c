// Rules on the incident filters that the server's zod schemas enforce and the client's URL state
// applies when it reads a link: one copy, so a limit changed here changes on both sides.
// Pure: no imports, no I/O.

/** A month as police.uk publishes data, 'YYYY-MM'. */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;
export const MONTH_RULE = 'must be a month as YYYY-MM, e.g. 2025-06';

/** An ONS GSS district code: one letter and eight digits, e.g. E07000117 (Burnley). */
export const DISTRICT_CODE_PATTERN = /^[A-Z]\d{8}$/;
export const DISTRICT_CODE_RULE = 'must be a district code like E07000117';

/** A police.uk force id, e.g. lancashire, avon-and-somerset. */
export const FORCE_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Grid cell sizes the analyses accept, metres (below 50 m the snap points dominate; above 5 km there is no map left). */
export const CELL_SIZE_M = { min: 50, max: 5000 } as const;

export function isCellSize(metres: number): boolean {
  return Number.isInteger(metres) && metres >= CELL_SIZE_M.min && metres <= CELL_SIZE_M.max;
}

/** A period reads from `from` to `to`, both 'YYYY-MM' and inclusive; either may be open (unset). */
export function monthsInOrder(from: string | null | undefined, to: string | null | undefined): boolean {
  return !from || !to || from <= to;
}
export const FROM_AFTER_TO_RULE = 'must not be after "to"';
