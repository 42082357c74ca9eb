import { cronErrors, cronGapsMs, isTimeZone } from './checks.js';
import {
  backoffOrder,
  badCron,
  badTimezone,
  deadlineNotUnderInterval,
  duplicateId,
  keyLabel,
  rssIdTaken,
  type Origin,
} from './config-text.js';
import { getKey, isObject } from './layers.js';
import { originOf } from './layers.js';
import type { Config } from './schema.js';

// Checks on values the schema accepts as strings or numbers but the worker could not use: cron expressions,
// time zones, ids that must be unique. They run on the raw layers, so they are reported together with the
// schema's problems in one message.

const strings = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** Every problem with the values zod cannot judge; each names its key and where it came from. */
export function semanticProblems(raw: unknown, origins: Map<string, Origin>): string[] {
  const problems: string[] = [];
  const at = (path: string[], message: string) =>
    problems.push(`${keyLabel(path.join('.'), originOf(origins, path))}: ${message}`);

  const cron = strings(getKey(raw, ['poll', 'cron']));
  const errors = cron === null ? null : cronErrors(cron);
  if (cron !== null && errors) at(['poll', 'cron'], badCron(cron, errors));
  const zone = strings(getKey(raw, ['poll', 'timezone']));
  if (zone !== null && !isTimeZone(zone)) at(['poll', 'timezone'], badTimezone(zone));

  const base = getKey(raw, ['http', 'backoffBaseMs']);
  const max = getKey(raw, ['http', 'backoffMaxMs']);
  if (Number(max) < Number(base)) at(['http', 'backoffMaxMs'], backoffOrder);

  const webhooks = getKey(raw, ['discord', 'webhooks']);
  const names = new Set<string>();
  (Array.isArray(webhooks) ? webhooks : []).forEach((hook, i) => {
    if (!isObject(hook)) return;
    const tz = strings(hook.timezone);
    if (tz !== null && !isTimeZone(tz)) at(['discord', 'webhooks', String(i), 'timezone'], badTimezone(tz));
    const name = strings(hook.name);
    if (name !== null && names.has(name))
      at(['discord', 'webhooks', String(i), 'name'], duplicateId('webhooks', name));
    if (name !== null) names.add(name);
  });

  const sources = getKey(raw, ['sources']);
  const builtIn = Object.keys(isObject(sources) ? sources : {}).filter((k) => k !== 'rss');
  const feeds = getKey(raw, ['sources', 'rss']);
  const ids = new Set<string>();
  (Array.isArray(feeds) ? feeds : []).forEach((feed, i) => {
    const id = isObject(feed) ? strings(feed.id) : null;
    if (id === null) return;
    if (builtIn.includes(id)) at(['sources', 'rss', String(i), 'id'], rssIdTaken(id));
    else if (ids.has(id)) at(['sources', 'rss', String(i), 'id'], duplicateId('RSS feeds', id));
    ids.add(id);
  });
  return problems;
}

/**
 * Settings that work, but not as their owner probably means; each names its keys and where they came from.
 * Run on the parsed configuration, once it has no problems.
 */
export function semanticWarnings(config: Config, origins: Map<string, Origin>): string[] {
  const warnings: string[] = [];
  const { cron, timezone, cycleDeadlineSeconds } = config.poll;
  const label = (path: string[]) => keyLabel(path.join('.'), originOf(origins, path));
  const gapMs = Math.min(...cronGapsMs(cron, timezone));
  // Equal is a race: the deadline's abort and the next tick come at the same moment.
  if (Number.isFinite(gapMs) && cycleDeadlineSeconds * 1000 >= gapMs)
    warnings.push(
      deadlineNotUnderInterval({
        deadlineKey: label(['poll', 'cycleDeadlineSeconds']),
        cronKey: label(['poll', 'cron']),
        expression: cron,
        deadlineMs: cycleDeadlineSeconds * 1000,
        gapMs,
      }),
    );
  return warnings;
}
