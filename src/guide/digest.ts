import { DateTime } from 'luxon';
import type { StoredNoticeView } from '../alerts/stored-notice.js';
import { formatWhen } from '../notices/date-text.js';
import type { Profile } from './profile.js';

const TIPS = [
  "Register on the big portals now (Find a Tender, Contracts Finder and your council's own), before you " +
    'need them: it can take days.',
  'Keep a "bid library": your policies, insurance certificates, accounts and three short case studies, ' +
    'ready to reuse.',
  'Ask questions. Clarification questions are free, and the answers often show what the buyer really wants.',
  'Early engagement notices are the best time to influence a service: reply, and ask for lots small ' +
    'organisations can bid for.',
  'You do not have to bid alone: partnering or subcontracting with another organisation is a good first ' +
    'step.',
  'Social value counts: write down what your organisation adds, such as lived experience, local jobs and ' +
    'volunteering.',
  'If you lose, ask for feedback. Buyers must explain their scores, and it makes the next bid better.',
];

/** The ISO week a digest belongs to, e.g. "2026-W48". */
export function isoWeek(now: number): string {
  return DateTime.fromMillis(now, { zone: 'Europe/London' }).toFormat("kkkk-'W'WW");
}

/**
 * The weekly "new to bidding" digest for one person: closing soon, new, early engagement (in their profile's
 * areas), contracts coming up in their area (`comingUp`: raw lines, escaped with the rest when sent), and one
 * tip. Null when there is nothing to tell them.
 */
export function bidderDigestText(
  views: StoredNoticeView[],
  profile: Profile | null,
  now: number,
  comingUp: string[] = [],
): string | null {
  const wanted = profile?.areas ?? [];
  const mine = views.filter(
    (v) =>
      (v.match?.areas.length ?? 0) > 0 &&
      (wanted.length === 0 || v.match?.areas.some((a) => wanted.includes(a.rule))),
  );
  const fortnight = now + 14 * 86_400_000;
  const closing = mine.filter(
    (v) =>
      v.notice.stage === 'tender' &&
      v.notice.dates.tenderDeadline &&
      Date.parse(v.notice.dates.tenderDeadline) > now &&
      Date.parse(v.notice.dates.tenderDeadline) <= fortnight,
  );
  const fresh = mine.filter(
    (v) => v.notice.stage === 'tender' && !closing.includes(v) && v.updatedAt >= now - 7 * 86_400_000,
  );
  const early = mine.filter((v) => v.notice.stage === 'planning' && v.updatedAt >= now - 7 * 86_400_000);
  if (closing.length + fresh.length + early.length + comingUp.length === 0) return null;
  const line = (v: StoredNoticeView) => {
    const buyer = v.notice.buyer.name ? `, ${v.notice.buyer.name}` : '';
    const deadline = v.notice.dates.tenderDeadline;
    const closes = deadline ? `. Closes ${formatWhen(deadline, now)}` : '';
    return `- ${v.notice.title}${buyer}${closes}. Guide: /guide ${v.notice.releaseId}`;
  };
  const week = Number(DateTime.fromMillis(now).toFormat('W'));
  return [
    'Your weekly Tender Nudge digest for new bidders.',
    ...(closing.length > 0 ? [`Closing soon (${closing.length}):`, ...closing.slice(0, 8).map(line)] : []),
    ...(fresh.length > 0 ? [`New this week (${fresh.length}):`, ...fresh.slice(0, 8).map(line)] : []),
    ...(early.length > 0
      ? [`Early engagement, a chance to shape the service (${early.length}):`, ...early.slice(0, 8).map(line)]
      : []),
    ...(comingUp.length > 0
      ? [
          `Coming up in your area: contracts nearing their end, so ask the buyer about their plans ` +
            `(${comingUp.length}):`,
          ...comingUp.slice(0, 8).map((line) => `- ${line}`),
        ]
      : []),
    `Tip of the week: ${TIPS[week % TIPS.length]}`,
    'Turn these off any time with /nudges off.',
  ].join('\n');
}
