import { describe, expect, it } from 'vitest';
import { databaseUnavailable } from './database-errors';

const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('databaseUnavailable', () => {
  it('reads connection failures from postgres.js, Node sockets and SQLSTATE class 08 / 57P0x', () => {
    for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03', '08006', '08001']) {
      expect(databaseUnavailable(coded(code)), code).toBe('unreachable');
    }
  });

  it('finds the code in a cause chain and in an AggregateError (dual-stack connect)', () => {
    expect(databaseUnavailable(new Error('wrapped', { cause: coded('57P01') }))).toBe('unreachable');
    expect(databaseUnavailable(new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]))).toBe('unreachable');
  });

  it('tells a statement timeout (57014) apart', () => {
    expect(databaseUnavailable(coded('57014', 'canceling statement due to statement timeout'))).toBe('statement-timeout');
  });

  it('leaves every other error to be a 500', () => {
    for (const error of [new Error('boom'), coded('23505'), coded('42P01'), coded('57000'), coded('0800'), 'text', null, undefined]) {
      expect(databaseUnavailable(error)).toBeUndefined();
    }
  });
});
