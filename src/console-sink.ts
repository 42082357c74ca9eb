import { alertSummary } from './alerts/alert-text.js';
import type { AlertSink } from './pipeline/delivery-ports.js';
import { toContractRecord } from './radar/contract.js';
import { radarShortLine } from './radar/radar-text.js';

/**
 * The console sink, used when no Discord is set up: each matched notice's alert lead, with its source and
 * link, printed once (the console is a subscription like any other, so a restart never prints it again). A
 * radar announcement prints as one "Coming up:" line.
 */
export function createConsoleSink(
  print: (line: string) => void,
  labels: { areaLabel: (rule: string) => string; sourceLabel: (id: string) => string },
): AlertSink {
  return {
    deliver(item, now) {
      const { notice } = item;
      const record = item.kind === 'radar' ? toContractRecord(notice, item.match) : null;
      const lead =
        item.kind === 'radar'
          ? `Coming up: ${record ? radarShortLine(record, now) : notice.title}`
          : alertSummary(notice, item.match, item.kind, item.changes, now, labels.areaLabel);
      const link = notice.url ? ` ${notice.url}` : '';
      print(`${lead} (${labels.sourceLabel(notice.source)})${link}`);
      return Promise.resolve({ ok: true, messageId: null, threadId: null, found: false });
    },
    deliverDigest: () => Promise.resolve({ ok: true, messageId: null, threadId: null, found: false }),
    deliverOverflow: () => Promise.resolve({ ok: true, messageId: null, threadId: null, found: false }),
  };
}
