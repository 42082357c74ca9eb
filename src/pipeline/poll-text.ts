// The sentences the poll cycle logs and records as a source's errors (shown by /status).

export const pageCapText = (max: number, host: string) =>
  `The window needed more than ${max} pages from ${host} (POLL_MAX_PAGES_PER_WINDOW); ` +
  'it is read again on a later cycle';

export const cycleDeadlineText = (ms: number, host: string) =>
  `Reading ${host} took longer than this cycle allows (${Math.round(ms / 1000)} s, ` +
  'POLL_CYCLE_DEADLINE_SECONDS); it resumes from here on a later cycle';

export const deferredText = (host: string, until: number) =>
  `${host} asked to wait until ${new Date(until).toISOString()} (Retry-After, capped at ` +
  'HTTP_MAX_RETRY_AFTER_MS); its polls are skipped until then';
