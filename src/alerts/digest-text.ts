// The words of daily and weekly digests and of the daily-limit note.

export const DIGEST_SECTIONS = {
  closingSoon: 'Closing soon (within 7 days)',
  opportunities: 'New opportunities and awards',
  early: 'Early engagement: a chance to talk to the buyer and shape the service',
  updates: 'Updates to notices',
} as const;

/** "Your daily Tender Nudge digest: 3 notices." */
export function digestHeading(period: 'daily' | 'weekly', count: number): string {
  return `Your ${period} Tender Nudge digest: ${count} notice${count === 1 ? '' : 's'}.`;
}

/** The one line a channel gets when it reaches its daily limit. */
export function overflowText(cap: number): string {
  return (
    `This channel has had its limit of ${cap} alerts today. More notices matched; use /recent to see ` +
    `them all.`
  );
}
