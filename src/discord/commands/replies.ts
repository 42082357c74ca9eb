import type { FeedbackAction } from '../../alerts/feedback.js';
import type { Profile } from '../../guide/profile.js';
import type { Watchlist } from '../../matching/rules.js';
import { formatPounds as pounds } from '../../notices/money.js';

// The sentences the configuration and bidder commands answer with. Whatever a person typed reaches these
// functions already shortened (options.ts `short`); replies are private and mention no one.

export const CHANNEL_NUDGES_ON =
  'Nudges on for this channel: each new matching opportunity posted here is followed by a plain-English ' +
  'guide ' +
  'to bidding.';
export const CHANNEL_NUDGES_OFF = 'Nudges off for this channel: alerts only.';
export const NUDGES_OFF = 'Nudges off. I will not send you direct messages, including reminders.';

/** The reply to /nudges on for a person: what they will get, in their areas if the profile names any. */
export function nudgesOn(profileAreas: string[]): string {
  const areas =
    profileAreas.length > 0
      ? ` in your areas (${profileAreas.join(', ')})`
      : ' in any service area (set yours with /profile)';
  return (
    `Nudges on. I will send you a direct message with a guide for each new opportunity${areas}, deadline ` +
    'reminders you ask for, and a weekly digest on Mondays. Direct messages from server members must be ' +
    'allowed in your Discord privacy settings.'
  );
}

function workforceAnswer(value: boolean | null): string {
  if (value === null) return 'not said';
  return value ? 'yes (reserved contracts for supported employment providers may be open to you)' : 'no';
}

/** A profile, one fact a line. */
export function describeProfile(p: Profile): string {
  return [
    `New to bidding: ${p.newToBidding ? 'yes' : 'no'}.`,
    `Service areas: ${p.areas.length > 0 ? p.areas.join(', ') : 'any'}.`,
    `Region: ${p.region ?? 'not set'}. Size: ${p.size ?? 'not set'}.`,
    `At least 30% of workers disabled or disadvantaged: ${workforceAnswer(p.disabledWorkforce30)}.`,
  ].join('\n');
}

export const notInGlossary = (typed: string, terms: string[]) =>
  `"${typed}" is not in the glossary yet. Terms: ${terms.join(', ')}.`;

export const notAnArea = (typed: string, ids: string[]) =>
  `"${typed}" is not a service area. Choose from: ${ids.join(', ')}.`;

export const notARegion = (typed: string) =>
  `"${typed}" is not a UK region. Use an English region or nation (for example North West, Wales) or an ` +
  `ITL ` +
  'code such as UKD.';

export const WEBHOOK_ONLY =
  'This Tender Nudge posts through webhooks only: add webhook_url (Channel settings → Integrations → ' +
  'Webhooks).';

/** "This channel" for the one the command was run in, "That channel" for one its channel option named. */
const whichChannel = (named: boolean) => (named ? 'That channel' : 'This channel');

export const noSubscriptionHere = (named: boolean) =>
  `${whichChannel(named)} has no subscription. Someone with Manage Server can start one with /subscribe.`;

export function otherChannels(count: number): string {
  if (count === 0) return '';
  return `\n${count} other channel${count === 1 ? '' : 's'} on this server also get alerts.`;
}

export const noWatchlist = (id: string) =>
  `There is no watchlist "${id}" on this server. See /watchlist list.`;

/** The first problem with a watchlist, as one sentence. */
export function invalidWatchlist(message: string | undefined, path: PropertyKey[]): string {
  const where = path.length > 0 ? ` (${path.map(String).join('.')})` : '';
  return `${message ?? 'That is not a valid watchlist'}${where}.`;
}

/** A watchlist, one kind of evidence or filter a line. */
export function describeWatchlist(w: Watchlist): string {
  const list = (name: string, items: string[]) =>
    `${name}: ${items.length > 0 ? items.map((i) => `"${i}"`).join(', ') : 'none'}`;
  const min = w.minValue !== null ? `from ${pounds(w.minValue)}` : 'no minimum';
  const max = w.maxValue !== null ? `up to ${pounds(w.maxValue)}` : 'no maximum';
  return [
    `Watchlist "${w.id}": ${w.name}`,
    list('Phrases', w.phrases),
    list('Exclusions', w.exclusions),
    list('Acronyms', w.acronyms),
    list('CPV codes', w.cpvPrefixes),
    list('Buyers', w.buyers),
    list('Regions', w.regions),
    list('Stages', w.stages),
    `Value: ${min}, ${max}`,
  ].join('\n');
}

export const notJson = (line: number, reason: string) => `line ${line}: not valid JSON (${reason})`;

export function watchlistDeleted(id: string, followers: number): string {
  if (followers === 0) return `Deleted "${id}".`;
  const subs = `${followers} channel subscription${followers === 1 ? '' : 's'}`;
  return `Deleted "${id}". ${subs} followed it; they keep their other settings.`;
}

export function nothingImported(errors: string[]): string {
  const more = errors.length > 15 ? `\n…and ${errors.length - 15} more` : '';
  return `Nothing was imported. Please fix:\n${errors.slice(0, 15).join('\n')}${more}`;
}

/** The reply to "Remind me" or "Interested": when the reminders come, and a word if nudges are off. */
export function remindersScheduled(when: string[], nudgesOff: boolean): string {
  const optedOut = nudgesOff
    ? ' You have nudges turned off, so turn them on (/nudges on) to receive these.'
    : '';
  return (
    `I will send you a direct message ${when.join(', ')}. If the deadline moves or the notice is ` +
    `cancelled, I ` +
    `will tell you.${optedOut}`
  );
}

export const NO_FUTURE_DEADLINES = 'There are no future deadlines on this notice to remind you about.';
export const ALREADY_PRESSED = 'You had already pressed that for this notice.';

export const UNKNOWN_COMMAND = 'That command is not known to this version of Tender Nudge.';
export const OUR_PROBLEM =
  'Sorry, that did not work because of a problem on our side. Please try again in a minute.';
export const NOT_STORED_BUTTON = 'That notice is no longer stored, so the button does nothing.';

/** What a feedback button says it saved. */
export const FEEDBACK_WORDS: Record<FeedbackAction, string> = {
  remind: 'Saved.',
  interested: 'Saved: you are interested. Your coordinator sees this in the relevance report (/status).',
  'not-relevant': 'Saved: not relevant. Thank you; this helps tune what the channel receives (see /status).',
};

export const unsubscribed = (named: boolean) =>
  `Unsubscribed: ${whichChannel(named).toLowerCase()} will get no more alerts. ` +
  'Anything still waiting to be sent is dropped.';
export const nothingToUnsubscribe = (named: boolean) =>
  `${whichChannel(named)} has no subscription, so nothing changed.`;
export const WEBHOOK_OR_CHANNEL =
  'Give a channel or a webhook URL, not both: a webhook posts to its own channel.';
export const NO_EVERYONE =
  'Tender Nudge does not mention @everyone. Choose a role for the people who want these alerts.';

export const NO_CALENDAR = 'This notice gives no deadlines, so there is no calendar file.';
