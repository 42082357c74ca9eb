import { ButtonStyle, ComponentType, type RESTPostAPIChannelMessageJSONBody } from 'discord-api-types/v10';
import type { ContractRecord } from '../radar/contract.js';
import { RADAR_BUTTONS, radarParagraphs } from '../radar/radar-text.js';
import { escapeText, isHttpUrl, LIMITS, noMentions, trimTo } from './embeds.js';

// The Discord body of a radar "coming up" announcement: plain text first (the lead, what later notices did,
// any notice already published about what comes next, what to do now), every notice word escaped, no mention
// possible; a link to the award notice, "Remind me" (12 and 6 months before the end) and "Not relevant".

export interface RadarMessageInput {
  contract: ContractRecord;
  /** The title of a notice already published about the contract's replacement, when one is linked. */
  successor: string | null;
  now: number;
  areaLabel: (id: string) => string;
  /** The contract notice's row id, for button ids that survive restarts. */
  noticeRef: number;
}

export function buildRadarMessage(input: RadarMessageInput): RESTPostAPIChannelMessageJSONBody {
  const { contract } = input;
  const text = radarParagraphs(contract, input.now, input.areaLabel, input.successor)
    .map(escapeText)
    .join('\n\n');
  const link = isHttpUrl(contract.url)
    ? [
        {
          type: ComponentType.Button as const,
          style: ButtonStyle.Link as const,
          label: RADAR_BUTTONS.open,
          url: contract.url,
        },
      ]
    : [];
  const button = (style: ButtonStyle.Primary | ButtonStyle.Secondary, label: string, id: string) =>
    ({ type: ComponentType.Button, style, label, custom_id: id }) as const;
  return {
    content: trimTo(text, LIMITS.content),
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          ...link,
          button(ButtonStyle.Primary, RADAR_BUTTONS.remind, `tn:radar-remind:${input.noticeRef}`),
          button(ButtonStyle.Secondary, RADAR_BUTTONS.notRelevant, `tn:not-relevant:${input.noticeRef}`),
        ],
      },
    ],
    allowed_mentions: noMentions(),
  };
}
