import type { Block } from '../markdown.js';
import { channelLine } from '../messages.js';
import { GLOSSARY } from '../../alerts/glossary.js';
import type { FeedbackAction } from '../../alerts/feedback.js';
import type { RuleMatch } from '../../matching/match-result.js';
import { timeAgo } from '../../notices/date-text.js';
import type { DeliveryRecord, SourceStatus } from './context.js';

// The words of /recent, /explain, /status and /help. Notice text reaches these functions already escaped.

export const NAV_LABELS = { previous: 'Previous page', next: 'Next page' } as const;

export function noRecent(days: number, areaLabel: string | null): string {
  return `No matched notices in the last ${days} days${areaLabel ? ` for ${areaLabel}` : ''}.`;
}

export function recentHeading(page: number, pages: number, total: number, days: number): string {
  return `Matched notices, newest first (page ${page} of ${pages}, ${total} in the last ${days} days):`;
}

/** "3. Title, Buyer. Closes … Areas: Advocacy. Id for /explain: 012345-2026". */
export function recentLine(position: number, line: string, areas: string[], releaseId: string): string {
  return `${position}. ${line} Areas: ${areas.join(', ')}. Id for /explain: ${releaseId}`;
}

export function notStored(reference: string): string {
  return (
    `Tender Nudge has not stored a notice "${reference}". It may be older than the first poll, or from ` +
    'another source.'
  );
}

export const NO_VERDICT = 'It was stored before matching was switched on, so it has no verdict.';
export const NO_AREA = 'It matched no service area.';
export const NO_SUBSCRIPTION = 'This channel has no subscription, so nothing is posted here.';

export function matchedLines(areas: RuleMatch[], label: (id: string) => string): string {
  const each = areas.map((a) => `${label(a.rule)} (${a.band}, score ${a.score}): ${a.reasons.join('; ')}`);
  return `Matched: ${each.join('\n')}`;
}

export const rejectedLine = (label: string, reasons: string[]) => `Not ${label}: ${reasons.join('; ')}`;

/** What happened to the notice in this channel, from its outbox row. */
export function deliveryLine(delivery: DeliveryRecord): string {
  switch (delivery.status) {
    case 'sent': {
      const when = delivery.sentAt ? ` on <t:${Math.floor(delivery.sentAt / 1000)}:f>` : '';
      return `Already posted here${when}.`;
    }
    case 'capped':
      return 'For this channel it is held back by the daily limit (see /recent).';
    case 'digest':
      return 'For this channel it is waiting for the next digest.';
    case 'failed':
      return `For this channel it is not delivered: ${delivery.lastError ?? 'unknown error'}.`;
    default:
      return 'For this channel it is queued to be posted.';
  }
}

/** For a notice with no outbox row here: why it fits but was not posted, or why it does not fit. */
export function verdictLine(deliver: boolean, why: string): string {
  if (!deliver) return `Not posted here because ${why}.`;
  return (
    `It fits this channel (${why}), but it arrived before the subscription or as a first-run baseline, so ` +
    `it ` +
    'was not posted.'
  );
}

export const NO_POLL_YET = 'No poll has finished yet.';

/** One source in /status: when it was last read, what it found, and whether it failed. */
export function sourceStatusLine(name: string, run: SourceStatus, now: number): string {
  const skipped = run.skipped ? `, ${run.skipped} unreadable skipped` : '';
  const found = `${run.requests} requests, ${run.new} new, ${run.updated} updated${skipped}`;
  const last = run.errors.length > 0 ? `Last run failed: ${run.errors.join('; ')}.` : 'Last run OK.';
  const never = run.lastSuccessAt === null ? ' No successful run yet.' : '';
  return (
    `${name}: last read ${timeAgo(run.endedAt, now)} (${found}). ${last} ` +
    `Failures in the last day: ${run.failuresLastDay}.${never}`
  );
}

export const queueLine = (depth: number) => `Alerts waiting to be sent (all servers): ${depth}.`;

/** A subscribed channel where the bot lacks what it needs to post. */
export const missingLine = (channelId: string, missing: string[]): Block =>
  channelLine(
    'In ',
    channelId,
    `, the bot lacks ${missing.join(', ')}: grant them to its role in that channel's permissions.`,
  );

/** When the bot token was refused: nothing is lost, and what to do. */
export const deliveryPausedLine = (reason: string) =>
  `All delivery is paused: ${reason}. Nothing is lost: every alert waits in the queue and goes out once ` +
  `the ` +
  'token is fixed and the worker restarted.';

/** "Paused: #channel: the reason. …", with the channel as a link (a channel link pings no one). */
export const pausedLine = (channelId: string, reason: string): Block =>
  channelLine('Paused: ', channelId, `: ${reason}. Fix it and run /subscribe for it again.`);

export function feedbackLine(days: number, report: [string, Record<FeedbackAction, number>][]): string {
  const each = report.map(
    ([area, c]) =>
      `${area}: ${c.interested} interested, ${c['not-relevant']} not relevant, ${c.remind} reminders`,
  );
  return `Feedback in the last ${days} days: ${each.join('; ')}.`;
}

/** /help: what the bot does, the commands, the areas and the jargon. */
export function helpText(areas: { id: string; label: string }[]): string[] {
  const terms = ['CPV', 'Lot', 'Light touch', 'Reserved contract'];
  return [
    "Tender Nudge tells disabled people's user-led organisations about public contracts they could win.",
    'Commands: /subscribe (choose areas, regions, value, stages, instant or digest, and the channel or ' +
      'forum, default this one; Manage Server), ' +
      '/unsubscribe, /subscriptions, /watchlist (shared lists of phrases, CPV codes and buyers; Manage ' +
      'Server), ' +
      "/recent, /radar (contracts ending soon, which may be bought again), /buyer (a buyer's contracts " +
      'and ' +
      'contacts), /explain, /status, /help.',
    `Service areas: ${areas.map((a) => `${a.id} (${a.label})`).join(', ')}.`,
    'Alert buttons: "Remind me", "Interested" and "Not relevant" are saved for you and feed the relevance ' +
      'report in /status.',
    `Words you will meet: ${terms.map((k) => `${k}: ${GLOSSARY[k]}`).join(' ')}`,
  ];
}

export const ALERTS_HERE =
  'This channel will now hear, once each, when a feed has been failing for a while, when it recovers, and ' +
  'when a subscription in this server is paused. /status alerts:off stops it.';
export const ALERTS_OFF = 'This server will no longer get feed and pause alerts.';
export const ALERTS_WERE_OFF = 'This server had no alerts channel; nothing changed.';
export const ALERTS_UNAVAILABLE = 'This Tender Nudge worker does not send feed and pause alerts.';

export function alertsChannelLine(channelId: string | null): Block {
  return channelId
    ? channelLine('Feed and pause alerts go to ', channelId, '.')
    : 'No channel gets feed and pause alerts yet (/status alerts:here chooses this one).';
}
