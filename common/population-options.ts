// The options of a population import (CLI flags or upload form fields), checked once here; the
// CLI names a problem by its flag, the API by its form field.

export const POPULATION_YEAR = { min: 1800, max: 2100 } as const;

export interface PopulationOptionsInput {
  codeField?: string;
  lsoaNameField?: string;
  valueField?: string;
  /** As given: a form field or flag is text. */
  year?: string | number;
}

export interface PopulationOptions {
  codeField?: string;
  lsoaNameField?: string;
  valueField: string;
  year: number;
}

export type PopulationOptionField = 'codeField' | 'lsoaNameField' | 'valueField' | 'year';

export interface PopulationOptionProblem {
  field: PopulationOptionField;
  /** What is wrong, e.g. `must be a year such as 2021, got "x"`; the caller puts the field's name before it. */
  detail: string;
}

/**
 * The options trimmed (blank counts as not given), or every problem with them. `name` says how
 * the caller's user calls a field (`--code-field` on the CLI, `codeField` in the form).
 */
export function checkPopulationOptions(
  input: PopulationOptionsInput,
  name: (field: PopulationOptionField) => string,
): { options: PopulationOptions } | { problems: PopulationOptionProblem[] } {
  const problems: PopulationOptionProblem[] = [];
  const codeField = input.codeField?.trim() || undefined;
  const lsoaNameField = input.lsoaNameField?.trim() || undefined;
  const valueField = input.valueField?.trim() ?? '';
  const yearText = String(input.year ?? '').trim();
  const year = Number(yearText);
  if (!codeField === !lsoaNameField) {
    problems.push({
      field: codeField ? 'lsoaNameField' : 'codeField',
      detail: `give exactly one of ${name('codeField')} (district codes) and ${name('lsoaNameField')} (LSOA names such as "Burnley 001A")`,
    });
  }
  if (!valueField) problems.push({ field: 'valueField', detail: 'required: the column holding the number of people' });
  if (!/^\d{4}$/.test(yearText) || year < POPULATION_YEAR.min || year > POPULATION_YEAR.max) {
    problems.push({ field: 'year', detail: `must be a year such as 2021, got "${yearText}"` });
  }
  return problems.length ? { problems } : { options: { codeField, lsoaNameField, valueField, year } };
}
