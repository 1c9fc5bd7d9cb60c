import { describe, expect, it } from 'vitest';
import { checkPopulationOptions } from './population-options';

const asForm = (field: string) => field;
const asFlag = (field: string) => `--${field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

describe('checkPopulationOptions', () => {
  it('trims the options and reads the year', () => {
    expect(checkPopulationOptions({ lsoaNameField: ' LSOA name ', codeField: ' ', valueField: 'Total ', year: '2021' }, asForm)).toEqual({
      options: { codeField: undefined, lsoaNameField: 'LSOA name', valueField: 'Total', year: 2021 },
    });
  });

  it('names every field at fault, in the caller\'s words', () => {
    const checked = checkPopulationOptions({ codeField: 'a', lsoaNameField: 'b', valueField: '', year: '21' }, asFlag);
    expect(checked).toEqual({
      problems: [
        { field: 'lsoaNameField', detail: 'give exactly one of --code-field (district codes) and --lsoa-name-field (LSOA names such as "Burnley 001A")' },
        { field: 'valueField', detail: 'required: the column holding the number of people' },
        { field: 'year', detail: 'must be a year such as 2021, got "21"' },
      ],
    });
  });

  it('asks for the code column when neither key column is given, and keeps years within 1800–2100', () => {
    expect(checkPopulationOptions({ valueField: 'Total', year: 1799 }, asForm)).toEqual({
      problems: [
        { field: 'codeField', detail: 'give exactly one of codeField (district codes) and lsoaNameField (LSOA names such as "Burnley 001A")' },
        { field: 'year', detail: 'must be a year such as 2021, got "1799"' },
      ],
    });
    expect(checkPopulationOptions({ codeField: 'c', valueField: 'v', year: 2100 }, asForm)).toMatchObject({ options: { year: 2100 } });
    expect(checkPopulationOptions({ codeField: 'c', valueField: 'v', year: '2101' }, asForm)).toMatchObject({ problems: [{ field: 'year' }] });
  });
});
