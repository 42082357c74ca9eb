import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseRadarArgs } from '../../src/cli/radar-args.js';
import { dorsetAdvocacyAwardRaw, dorsetPinRaw, labelledRelease } from '../support/radar.js';

const run = promisify(execFile);
const radar = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'src/cli/radar.ts', ...args]);
const FIXTURES = [
  'fts/fts-page-2026-09-03-p001.json',
  'fts/fts-page-2026-09-03-p002.json',
  'fts/fts-uk7-contract-028961-2025.json',
  'fts/fts-uk6-award-029664-2025.json',
  'fts/fts-member-083650-2026-UK6-award.json',
  'fts/fts-pcr-award-celex24-029615-2025.json',
  'cf/cf-award-zero-value-ocds-b5fd17-afdd98b7-3f47-4299-9674-29edc2388b46.json',
  'cf/cf-award-minvalue-ocds-b5fd17-a19ca91d-0873-4826-84d3-f45ba55f0ed4.json',
].map((f) => `test/fixtures/${f}`);

describe('npm run radar (offline)', () => {
  it('--all: one line per recorded contract ending within 18 months of --as-of, soonest first', async () => {
    const { stdout, stderr } = await radar([...FIXTURES, '--as-of', '2026-09-03', '--all']);
    expect(stdout.trim().split('\n')).toEqual([
      'West Northamptonshire Council | Passenger Transport Services 2026 - Area Based | star cab daventry limited | ends 20 Sep 2026 | value not stated | no service area',
      'West of England Combined Authority | Mayoral Priority Skills Fund (MPSF) Phase One Evaluation | ERS Ltd | ends 30 Sep 2026 | £66,800 | no service area',
      'The Water Services Regulation Authority | Wholesaler/Retailer Risk Allocation Model | supplier not named | ended 21 Aug 2026, can be extended to 31 Dec 2026 | £35,000 (£42,000 including VAT) | no service area',
      'Wiltshire Council | HC2645 Evaluation of the Emtional Me in Wiltshire Schools | Oxford Brookes Enterprises Limited | ends 31 Mar 2027 | £32,800 (£37,440 including VAT) | no service area',
      'Hertsmere Borough Council | HBC0524 2024 INSURANCE LOTS 1-5 - AWARD | Zurich Insurance Company t/a Zurich Municipal | ends 31 Jul 2027 | £500,000–£2,000,000 (for the whole procurement; the award gives no value of its own) | no service area',
      'Gov Facility Services Ltd | Cameras | RELIANCE HIGH TECH LTD | ends 30 Sep 2027 | £47,795 (£57,354 including VAT) | no service area',
    ]);
    expect(stderr.trim()).toBe(
      '6 of 10 contracts in any field end within 18 months of 3 Sep 2026; 2 of the contracts give no end ' +
        'date, so the radar cannot place them.',
    );
  }, 30_000);

  it('without --all only the service areas; --months narrows the span', async () => {
    const none = await radar([...FIXTURES, '--as-of', '2026-09-03']);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('0 of 10 contracts in the service areas (--all for every field)');
    const six = await radar([...FIXTURES, '--as-of', '2026-09-03', '--months', '6', '--all']);
    expect(six.stdout.trim().split('\n')).toHaveLength(3); // Wiltshire's ends 31 Mar 2027, after 3 Mar
  }, 30_000);

  it('names the notice in the files that may re-procure a contract', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'radar-cli-'));
    const file = join(dir, 'dorset.jsonl');
    // The labelled award excerpt as it is (no awards array) records no contract, and the summary says so.
    const bare = { ...labelledRelease('page-122'), ocid: 'ocds-test-bare-award', id: 'bare' };
    const lines = [dorsetAdvocacyAwardRaw(), dorsetPinRaw(), bare].map((r) => JSON.stringify(r));
    writeFileSync(file, lines.join('\n'));
    const { stdout, stderr } = await radar([file, '--as-of', '2023-08-01']);
    expect(stderr.trim()).toBe(
      '1 of 1 contracts in the service areas (--all for every field) end within 18 months of 1 Aug 2023; 1 ' +
        'award or contract notice lists no award or contract, or only cancelled or unsuccessful ones.',
    );
    expect(stdout.trim()).toBe(
      'Dorset Council | Advocacy Services of Adults | Advocacy Partners (example supplier) | ends 31 Jul 2024 | ' +
        '£3,304,534 (for the whole procurement; the award gives no value of its own) | Advocacy | may be re-procured by: The Provision of Advocacy and an Independent Visitor ' +
        'Scheme for Children and Young People 2024 (page-099)',
    );
  }, 30_000);

  it('reads its arguments, refusing a bad date or span with the usage', () => {
    const now = Date.parse('2026-12-01T09:00:00Z');
    expect(parseRadarArgs(['a.json', '--months', '6'], now, 18)).toEqual({
      files: ['a.json'],
      asOf: now,
      months: 6,
      all: false,
    });
    expect(parseRadarArgs(['a.json', '--as-of', '2026-09-03', '--all'], now, 18).asOf).toBe(
      Date.parse('2026-09-02T23:00:00Z'),
    );
    expect(() => parseRadarArgs([], now, 18)).toThrow(/^Usage: npm run radar/);
    expect(() => parseRadarArgs(['a.json', '--as-of', '3/9/2026'], now, 18)).toThrow(/is not a date/);
    expect(() => parseRadarArgs(['a.json', '--months', '0'], now, 18)).toThrow(/--months must be/);
  });
});
