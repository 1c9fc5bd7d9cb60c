import { describe, expect, it } from 'vitest';
import { parsePoliceFileName } from './police-file-name';

describe('parsePoliceFileName', () => {
  it.each([
    ['2025-12-lancashire-street.csv', '2025-12', 'lancashire'],
    ['2024-01-lancashire-street.csv.gz', '2024-01', 'lancashire'],
    ['2025-12/2025-12-cumbria-street.csv', '2025-12', 'cumbria'],
    ['data/2025-12/2025-12-avon-and-somerset-street.csv.gz', '2025-12', 'avon-and-somerset'],
    ['C:\\downloads\\2025-12\\2025-12-btp-street.csv', '2025-12', 'btp'],
    ['/srv/in/2025-12-merseyside-street.csv.gz', '2025-12', 'merseyside'],
  ])('%s → %s %s', (name, month, force) => {
    expect(parsePoliceFileName(name)).toEqual({ month, force });
  });

  it.each([
    '2025-12-lancashire-outcomes.csv',
    '2025-12-lancashire-stop-and-search.csv',
    '2025-13-lancashire-street.csv',
    '2025-1-lancashire-street.csv',
    '2025-12-street.csv',
    '2025-12-Lancashire-street.csv',
    '2025-12-lancashire-street.csv.zip',
    '2025-11/2025-12-lancashire-street.csv',
    'lancashire-street.csv',
    '',
  ])('rejects %j', (name) => {
    expect(parsePoliceFileName(name)).toBeNull();
  });
});
