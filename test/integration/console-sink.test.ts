import { afterEach, describe, expect, it, vi } from 'vitest';
import { printSaved } from '../../src/app.js';
import { sourceLabel } from '../../src/sources/registry.js';
import { buildNotice } from '../support/builders.js';
import { realMatch } from '../support/matcher.js';

const options = { areaLabel: (id: string) => id, sourceLabel: sourceLabel(), all: false };
const at = Date.parse('2026-09-03T12:00:00Z');
const saved = (title: string) => {
  const notice = buildNotice({ title });
  return { notice, outcome: 'new' as const, changes: [], match: realMatch(notice) };
};

describe('the console, when no Discord is set up', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints matched notices with the alert lead, the source and the link; the rest only when asked', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    printSaved(saved('Independent Advocacy Service'), options, at);
    printSaved(saved('Road resurfacing, A61'), options, at);
    expect(log.mock.calls.map((c) => String(c[0]))).toEqual([
      'New opportunity: Independent Advocacy Service, Leeds City Council. Closes Thursday 1 October ' +
        '(in 28 days). advocacy. Could be reserved for supported employment providers. (Find a Tender) ' +
        'https://www.find-tender.service.gov.uk/Notice/000001-2026',
    ]);
    printSaved(saved('Road resurfacing, A61'), { ...options, all: true }, at);
    expect(String(log.mock.calls[1]?.[0])).toMatch(
      /^New opportunity: Road resurfacing, A61, Leeds City Council\./,
    );
  });
});
