import { describe, expect, it } from 'vitest';
import { cpvAncestors, toCpv } from './cpv.js';

describe('CPV codes', () => {
  it('lists a code and its ancestors, most specific first', () => {
    expect(cpvAncestors('85312300')).toEqual(['85312300', '85312000', '85310000', '85300000', '85000000']);
    expect(cpvAncestors('85000000')).toEqual(['85000000']);
    expect(cpvAncestors('79211110')).toEqual([
      '79211110',
      '79211100',
      '79211000',
      '79210000',
      '79200000',
      '79000000',
    ]);
  });

  it('reads codes with or without the check digit, and refuses others', () => {
    expect(toCpv('85312300-2')).toBe('85312300');
    expect(toCpv('85000000')).toBe('85000000');
    expect(toCpv('85000000-AA01')).toBeNull();
    expect(toCpv('8531')).toBeNull();
  });
});
