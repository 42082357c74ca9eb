import { describe, expect, it } from 'vitest';
import { parseRepairedJson } from './json-repair.js';

describe('parseRepairedJson', () => {
  it('turns 1e9999 into a large finite number', () => {
    expect(parseRepairedJson('{"maximumLotsBidPerSupplier": 1e9999, "b": [1e9999]}')).toEqual({
      maximumLotsBidPerSupplier: 9999999,
      b: [9999999],
    });
  });

  it('finds 1E9999 too, after other runs of nines, and leaves plain nines alone', () => {
    expect(parseRepairedJson('{"id": "99999", "n": 99999, "m": 2.5E9999}')).toEqual({
      id: '99999',
      n: 99999,
      m: 9999999,
    });
    expect(parseRepairedJson('[9999, 19999.9999]')).toEqual([9999, 19999.9999]);
  });

  it('repairs numbers with leading zeros such as " 000,"', () => {
    expect(parseRepairedJson('{"a": 000, "b": 007.5, "c": 0, "d": 10}')).toEqual({
      a: 0,
      b: 7.5,
      c: 0,
      d: 10,
    });
  });

  it('leaves strings alone', () => {
    expect(parseRepairedJson('{"ref": "000123", "t": "1e9999"}')).toEqual({ ref: '000123', t: '1e9999' });
  });

  it('still refuses truncated JSON', () => {
    expect(() => parseRepairedJson('{"releases": [{"id": "1"')).toThrow(SyntaxError);
  });
});
