import { formatWhen } from '../notices/date-text.js';

// The words of the coordinators' alerts channel (`/status alerts here`), as raw text: the one message
// builder (discord/messages.ts) escapes them, error texts included.

/** Text around a link to a channel (the message builder renders the link). */
export interface ChannelText {
  before: string;
  channelId: string;
  after: string;
}

/** "7 hours", "2 days", "45 minutes". */
export function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}

export function feedFailingText(
  sourceName: string,
  failingForMs: number,
  since: number,
  lastError: string | null,
) {
  const error = lastError ? ` The last error was: ${lastError}.` : '';
  return (
    `Tender Nudge has not been able to read ${sourceName} for ${duration(failingForMs)} ` +
    `(since ${formatWhen(new Date(since).toISOString(), since)}).${error} It keeps trying; notices ` +
    'published meanwhile are ' +
    'caught up once it answers, and this channel will hear when it does.'
  );
}

export function feedRecoveredText(sourceName: string) {
  return (
    `${sourceName} is being read again. Notices published while it was failing are being caught up ` +
    'now; nothing was skipped.'
  );
}

export function subscriptionPausedText(channelId: string, viaWebhook: boolean, reason: string): ChannelText {
  return {
    before: `Alerts ${viaWebhook ? 'through the webhook set up in ' : 'to '}`,
    channelId,
    after:
      ` are paused: ${reason}. Fix that, then run /subscribe for that channel again to resume (nothing is ` +
      'lost: /recent lists what was matched meanwhile).',
  };
}
