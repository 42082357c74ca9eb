import { afterEach, describe, expect, it, vi } from 'vitest';
import { printUnmatched, syncConsoleSubscription } from '../../src/app.js';
import { sourceLabel } from '../../src/sources/registry.js';
import { buildNotice } from '../support/builders.js';
import { deliveryWorld } from '../support/delivery.js';
import { realMatch } from '../support/matcher.js';

const AREAS = ['advocacy', 'direct-payments-payroll', 'information-advice', 'peer-support', 'user-voice'];

describe('the console, when no Discord is set up', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints each matched notice once, with the alert lead, the source and the link, across restarts', async () => {
    const w = deliveryWorld(Date.parse('2026-09-03T12:00:00Z'));
    syncConsoleSubscription(w.subscriptions, true, AREAS);
    const printed: string[] = [];
    const console1 = w.makeDelivery({ print: (line) => printed.push(line) });
    w.ingest([
      buildNotice({ title: 'Independent Advocacy Service' }),
      buildNotice({ title: 'Road resurfacing, A61', ocid: 'ocds-h6vhtk-000009', releaseId: '000009-2026' }),
    ]);
    expect((await console1.delivery.drain()).sent).toBe(1);
    expect(printed).toEqual([
      'New opportunity: Independent Advocacy Service, Leeds City Council. Closes Thursday 1 October ' +
        '(in 28 days). advocacy. Could be reserved for supported employment providers. (Find a Tender) ' +
        'https://www.find-tender.service.gov.uk/Notice/000001-2026',
    ]);
    // A restart (a new delivery on the same database) prints nothing again.
    expect((await w.makeDelivery({ print: (line) => printed.push(line) }).delivery.drain()).sent).toBe(0);
    expect(printed).toHaveLength(1);
  });

  it('with --all (CONSOLE_ALL_NOTICES) prints the notices that matched nothing as they are saved', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const options = { areaLabel: (id: string) => id, sourceLabel: sourceLabel(), all: false };
    const road = buildNotice({ title: 'Road resurfacing, A61' });
    const saved = { notice: road, outcome: 'new' as const, changes: [], match: realMatch(road) };
    const at = Date.parse('2026-09-03T12:00:00Z');
    printUnmatched(saved, options, at);
    expect(log).not.toHaveBeenCalled();
    printUnmatched(saved, { ...options, all: true }, at);
    expect(String(log.mock.calls[0]?.[0])).toMatch(
      /^New opportunity: Road resurfacing, A61, Leeds City Council\./,
    );
  });

  it('is removed when Discord is set up', () => {
    const w = deliveryWorld();
    syncConsoleSubscription(w.subscriptions, true, AREAS);
    expect(w.subscriptions.forChannel('config', 'console')?.target).toEqual({ kind: 'console' });
    syncConsoleSubscription(w.subscriptions, false, AREAS);
    expect(w.subscriptions.forChannel('config', 'console')).toBeNull();
  });
});
