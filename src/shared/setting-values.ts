import { z } from 'zod';

// How a setting's number or yes/no is read, from the environment (text) or a config file (JSON), with the
// sentence a person reads when it is wrong. z.coerce.number() took "1e3" as 1000, "0x10" as 16 and " " as
// 0, and said "expected number, received NaN" for "abc"; these take digits only, and say what to write.

/** A number written in digits: 15, 0.5, .5, 5., +5, -2. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;

const digits = (v: unknown) => (typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v.trim()) : v);

/** A number setting (at least `min`, at most `max` when given): a JSON number, or text of digits. */
export function settingNumber(min?: number, max?: number) {
  let n = z.number({ error: 'must be a number written in digits, such as 15' });
  if (min !== undefined) n = n.min(min, { error: `must be ${min} or more` });
  if (max !== undefined) n = n.max(max, { error: `must be ${max} or less` });
  return z.preprocess(digits, n);
}

/** A number setting above 0 (at most `max` when given). */
export function settingPositive(max?: number) {
  let n = z.number({ error: 'must be a number written in digits, such as 15' }).positive({
    error: 'must be more than 0',
  });
  if (max !== undefined) n = n.max(max, { error: `must be ${max} or less` });
  return z.preprocess(digits, n);
}

/** A whole-number setting (at least `min`, at most `max` when given). */
export function settingInt(min?: number, max?: number) {
  let n = z
    .number({ error: 'must be a whole number written in digits, such as 15' })
    .int({ error: 'must be a whole number, such as 15' });
  if (min !== undefined) n = n.min(min, { error: `must be ${min} or more` });
  if (max !== undefined) n = n.max(max, { error: `must be ${max} or less` });
  return z.preprocess(digits, n);
}

/** A yes/no setting: true or false (the environment's text "true"/"false" is read as one before this). */
export const settingFlag = () => z.boolean({ error: 'must be true or false' });
