import { ICalCalendarMethod, default as ical } from 'ical-generator';
import type { Notice } from '../notices/notice.js';

/**
 * An iCalendar file with the notice's deadlines (clarification, expressions of interest, submission), each an
 * event with the notice link, built with ical-generator rather than by hand.
 */
export function noticeCalendar(notice: Notice): string | null {
  const entries: [string, string | null][] = [
    ['Questions to the buyer close', notice.dates.enquiryDeadline],
    ['Expressions of interest close', notice.dates.expressionOfInterestDeadline],
    ['Bids close', notice.dates.tenderDeadline],
  ];
  const dated = entries.filter((e): e is [string, string] => e[1] !== null);
  if (dated.length === 0) return null;
  const calendar = ical({
    name: `Tender Nudge: ${notice.title}`,
    prodId: { company: 'Tender Nudge', product: 'tender-nudge', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
  });
  for (const [label, instant] of dated) {
    const end = new Date(instant);
    calendar.createEvent({
      id: `${notice.source}-${notice.ocid}-${label.replace(/\W+/g, '-').toLowerCase()}@tender-nudge`,
      start: new Date(end.getTime() - 30 * 60_000),
      end,
      summary: `${label}: ${notice.title}`,
      description:
        `${label} for "${notice.title}"${notice.buyer.name ? ` (${notice.buyer.name})` : ''}. ` +
        `Reference ${notice.releaseId}.`,
      url: notice.url ?? undefined,
      alarms: [{ triggerBefore: 24 * 3600 }],
    });
  }
  return calendar.toString();
}
