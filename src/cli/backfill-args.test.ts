import cliProgress from 'cli-progress';
import { describe, expect, it } from 'vitest';
import { etaText } from './backfill-args.js';

// Found by an outside walkthrough: before a window had finished, the backfill's bar read "ETA LLs".
describe("the backfill bar's time left", () => {
  const options = { autopaddingChar: ' ' };
  const eta = etaText(cliProgress.Format.TimeFormat);

  it('is "not known yet" while cli-progress has no estimate (its NULL and INF)', () => {
    // What cli-progress's own formatter makes of them (ETA.calculate sets the strings).
    expect(cliProgress.Format.TimeFormat('NULL' as unknown as number, options, 5)).toBe('LLs');
    expect(eta('NULL', options, 5)).toBe('not known yet');
    expect(eta('INF', options, 5)).toBe('not known yet');
  });

  it("is cli-progress's own wording once there is one", () => {
    for (const seconds of [0, 7, 125, 7_300])
      expect(eta(seconds, options, 5)).toBe(cliProgress.Format.TimeFormat(seconds, options, 5));
    expect(eta(125, options, 5)).toBe(' 2m 5s');
  });
});
