import { z } from 'zod';

/** What an organisation told us about itself with /profile (validated before it is stored). */
export const Profile = z.object({
  newToBidding: z.boolean(),
  areas: z.array(z.string()),
  region: z.string().nullable(),
  size: z.enum(['micro', 'small', 'medium']).nullable(),
  disabledWorkforce30: z.boolean().nullable(),
});
export type Profile = z.infer<typeof Profile>;

/** Nudges are turned on or off for a person, or for a channel. */
export type NudgeScope = 'user' | 'channel';
