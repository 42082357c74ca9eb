import { reportMissedCommand } from './corrections.js';
import { glossaryCommand, guideCommand, nudgesCommand, profileCommand } from './bidders.js';
import { explainCommand, helpCommand, recentCommand, statusCommand } from './info.js';
import { buyerCommand, radarCommand } from './radar.js';
import { subscribeCommand, subscriptionsCommand, unsubscribeCommand } from './subscribe.js';
import type { Command } from './types.js';
import { watchlistCommand } from './watchlist.js';

/** Every slash command, in one static list shared by the runtime dispatcher and `npm run deploy-commands`. */
export const commands: Command[] = [
  subscribeCommand,
  unsubscribeCommand,
  subscriptionsCommand,
  watchlistCommand,
  reportMissedCommand,
  recentCommand,
  radarCommand,
  buyerCommand,
  explainCommand,
  statusCommand,
  helpCommand,
  nudgesCommand,
  profileCommand,
  guideCommand,
  glossaryCommand,
];
