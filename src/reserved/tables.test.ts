import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../test/support/builders.js';
import { realTables } from '../../test/support/reservation.js';
import { reservationRegime } from './reservation.js';
import { cpvListed, cpvListFor, thresholdTableFor } from './tables.js';

describe('versioned reservation data', () => {
  it('chooses the 2024 thresholds up to 31 Dec 2025 and the 2026 ones from 1 Jan 2026', () => {
    expect(thresholdTableFor(realTables.thresholds.tables, '2025-12-31').values.subCentral).toBe(214904);
    expect(thresholdTableFor(realTables.thresholds.tables, '2026-01-01').values.subCentral).toBe(207720);
    expect(thresholdTableFor(realTables.thresholds.tables, '2026-01-01').values.central).toBe(135018);
    expect(thresholdTableFor(realTables.thresholds.tables, '2025-12-31').values.lightTouch).toBe(663540);
  });

  it('reads the regime from the date on each side of 24 Feb 2025 when the notice gives no legal basis', () => {
    const on = (published: string) =>
      reservationRegime(
        buildNotice({ regime: null, noticeType: null, dates: { ...buildNotice().dates, published } }),
      );
    expect(on('2025-02-23T23:00:00Z')).toBe('PCR2015');
    expect(on('2025-02-24T09:00:00Z')).toBe('PA2023');
  });

  it('prefers the legal basis the notice states', () => {
    expect(reservationRegime(buildNotice({ regime: 'PCR2015' }))).toBe('PCR2015');
    expect(
      reservationRegime(
        buildNotice({
          regime: 'PA2023',
          dates: { ...buildNotice().dates, published: '2024-01-01T00:00:00Z' },
        }),
      ),
    ).toBe('PA2023');
  });

  it('uses the PCR reg 77 list before 24 Feb 2025 and the (unconfirmed) PA proxy after, each with its source', () => {
    expect(cpvListFor(realTables.cpv.lists, '2025-02-23')).toMatchObject({
      id: 'pcr-reg77',
      confirmed: true,
    });
    expect(cpvListFor(realTables.cpv.lists, '2025-02-24')).toMatchObject({
      id: 'pa-s33-proxy',
      confirmed: false,
    });
    for (const list of realTables.cpv.lists) expect(list.source.length).toBeGreaterThan(20);
    for (const table of realTables.thresholds.tables) expect(table.source.length).toBeGreaterThan(20);
  });

  it('lists all of division 85 and 80511000 as reservable, but not payroll or 98133100', () => {
    const list = cpvListFor(realTables.cpv.lists, '2024-06-01');
    expect(
      ['85000000', '85312300', '85323000', '80511000', '98133000'].every((c) => cpvListed(c, list)),
    ).toBe(true);
    expect(['79211110', '79631000', '98133100', '80500000'].some((c) => cpvListed(c, list))).toBe(false);
  });
});
