import { STAGE_GROUP_NAMES, type Subscription } from '../../alerts/subscription.js';
import { pounds } from './options.js';

// A subscription in plain words, for /subscribe, /subscriptions and /explain.

function valueRange(min: number | null, max: number | null): string {
  if (min !== null && max !== null) return `from ${pounds(min)} to ${pounds(max)}`;
  if (min !== null) return `${pounds(min)} or more`;
  return max !== null ? `up to ${pounds(max)}` : 'any value';
}

const WHERE: Record<Subscription['target']['kind'], string> = {
  webhook: 'through a webhook',
  forum: 'as one forum post per notice',
  channel: 'in this channel',
  console: 'printed by the worker (no Discord is set up)',
};

function when(mode: Subscription['mode'], digestHour: number): string {
  const at = digestHour === 12 ? 'noon' : `${digestHour % 12 || 12}${digestHour < 12 ? 'am' : 'pm'}`;
  if (mode === 'instant') return 'as soon as they are found';
  return mode === 'daily' ? `in a daily digest at ${at}` : `in a weekly digest on Monday at ${at}`;
}

function radarLine(months: number): string {
  if (months === 0) return 'Coming-up contracts (the radar): off.';
  return (
    `Coming-up contracts (the radar): each contract in these areas is announced once, ${months} months ` +
    `before ` +
    'it ends, so you can talk to the buyer before it is bought again.'
  );
}

/** The whole subscription, one fact a line. `areas` is every service area there is. */
export function describeSubscription(
  sub: Subscription,
  areas: { id: string; label: string }[],
  digestHour = 8,
  radarDefault = 18,
): string {
  const label = (id: string) => areas.find((a) => a.id === id)?.label ?? id;
  const all = sub.areas.length === areas.length && areas.every((a) => sub.areas.includes(a.id));
  const follows = [
    ...(all ? [`all ${areas.length} service areas`] : sub.areas.map(label)),
    ...sub.watchlists.map((w) => `watchlist "${w}"`),
  ];
  const reserved = sub.reservedOnly ? 'Only reserved contracts.' : 'Reserved or not.';
  const regions = sub.regions.length > 0 ? sub.regions.join(', ') : 'anywhere';
  return [
    `Alerts ${WHERE[sub.target.kind]}, ${when(sub.mode, digestHour)} (time zone ${sub.timezone}).`,
    `Follows: ${follows.length > 0 ? follows.join(', ') : 'nothing yet'}.`,
    `Notice stages: ${sub.stages.map((s) => STAGE_GROUP_NAMES[s]).join('; ')}.`,
    `Regions: ${regions}. Value: ${valueRange(sub.minValue, sub.maxValue)}. ${reserved}`,
    `At most ${sub.dailyCap} alerts a day; more go to /recent.`,
    sub.mentionRoleId
      ? 'Each alert mentions the role chosen with mention_role (the only mention Tender Nudge makes).'
      : 'Alerts mention no one.',
    radarLine(sub.radarMonths ?? radarDefault),
    ...(sub.pausedReason ? [`Paused: ${sub.pausedReason}. Fix it and run /subscribe again to restart.`] : []),
  ].join('\n');
}
