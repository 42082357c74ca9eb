import { STAGE_GROUP_NAMES, type Subscription } from '../../alerts/subscription.js';
import { pounds } from './options.js';

/** A subscription in plain words, for /subscribe, /subscriptions and /explain. */
export function describeSubscription(sub: Subscription, areaLabel: (id: string) => string): string {
  const follows = [
    ...(sub.areas.length === 7 ? ['all seven service areas'] : sub.areas.map(areaLabel)),
    ...sub.watchlists.map((w) => `watchlist "${w}"`),
  ];
  const value =
    sub.minValue !== null && sub.maxValue !== null
      ? `from ${pounds(sub.minValue)} to ${pounds(sub.maxValue)}`
      : sub.minValue !== null
        ? `${pounds(sub.minValue)} or more`
        : sub.maxValue !== null
          ? `up to ${pounds(sub.maxValue)}`
          : 'any value';
  const where =
    sub.target.kind === 'webhook'
      ? 'through a webhook'
      : sub.target.kind === 'forum'
        ? 'as one forum post per notice'
        : 'in this channel';
  const mode =
    sub.mode === 'instant'
      ? 'as soon as they are found'
      : sub.mode === 'daily'
        ? 'in a daily digest at 8am'
        : 'in a weekly digest on Monday at 8am';
  return [
    `Alerts ${where}, ${mode} (time zone ${sub.timezone}).`,
    `Follows: ${follows.length > 0 ? follows.join(', ') : 'nothing yet'}.`,
    `Notice stages: ${sub.stages.map((s) => STAGE_GROUP_NAMES[s]).join('; ')}.`,
    `Regions: ${sub.regions.length > 0 ? sub.regions.join(', ') : 'anywhere'}. Value: ${value}. ${sub.reservedOnly ? 'Only reserved contracts.' : 'Reserved or not.'}`,
    `At most ${sub.dailyCap} alerts a day; more go to /recent.`,
    ...(sub.pausedReason ? [`Paused: ${sub.pausedReason}. Fix it and run /subscribe again to restart.`] : []),
  ].join('\n');
}
