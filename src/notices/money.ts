import type { Money, Notice } from './notice.js';
import type { OcdsValue } from './ocds-release.js';

/**
 * An amount that says something: feeds publish 0, 0.01 or £1 for "not stated" (a Contracts Finder `value` of
 * 0 beside a minimum of £685,000, an FTS UK2 `amountGross: 0`, a Sell2Wales 0.01), and these must never show
 * as £0 nor be compared as 0 by a value filter.
 */
function realAmount(n: number | undefined): number | null {
  return n !== undefined && Number.isFinite(n) && n > 1 ? n : null;
}

/** A notice value from OCDS `value` (and Contracts Finder's `minValue`); null when nothing real is stated. */
export function toMoney(value?: OcdsValue, min?: OcdsValue): Money | null {
  const amount = realAmount(value?.amount);
  const amountGross = realAmount(value?.amountGross);
  const minimum = realAmount(min?.amount);
  if (amount === null && amountGross === null && minimum === null) return null;
  return { amount, amountGross, min: minimum, currency: value?.currency ?? min?.currency ?? 'GBP' };
}

/** Whole pounds in UK style: "£240,000"; another currency by its code: "135,630,400 PYG". */
export function formatPounds(amount: number, currency: string | null = 'GBP'): string {
  const whole = Math.round(amount).toLocaleString('en-GB');
  return currency && currency !== 'GBP' ? `${whole} ${currency}` : `£${whole}`;
}

/** A notice value in words: "£240,000", "£60,000–£150,000", "from £60,000" or "not stated". */
export function formatMoney(money: Money | null): string {
  if (!money) return 'not stated';
  const top = money.amount ?? money.amountGross;
  const show = (amount: number) => formatPounds(amount, money.currency);
  if (money.min !== null && top !== null && money.min !== top) return `${show(money.min)}–${show(top)}`;
  if (top !== null) return show(top);
  return money.min !== null ? `from ${show(money.min)}` : 'not stated';
}

/**
 * The value compared with thresholds, floors and ceilings: VAT-inclusive when the notice gives it (thresholds
 * are VAT-inclusive), else net, else the bottom of a range; null when no value is stated.
 */
export function comparableValue(notice: Notice): number | null {
  return notice.value ? (notice.value.amountGross ?? notice.value.amount ?? notice.value.min) : null;
}
