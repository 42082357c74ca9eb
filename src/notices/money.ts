import type { Money, Notice } from './notice.js';

/** Whole pounds in UK style: "£240,000". */
export function formatPounds(amount: number): string {
  return `£${Math.round(amount).toLocaleString('en-GB')}`;
}

/** A notice value in words: "£240,000", "£60,000–£150,000", "from £60,000" or "not stated". */
export function formatMoney(money: Money | null): string {
  if (!money) return 'not stated';
  const top = money.amount ?? money.amountGross;
  if (money.min !== null && top !== null && money.min !== top)
    return `${formatPounds(money.min)}–${formatPounds(top)}`;
  if (top !== null) return formatPounds(top);
  return money.min !== null ? `from ${formatPounds(money.min)}` : 'not stated';
}

/**
 * The value compared with thresholds, floors and ceilings: VAT-inclusive when the notice gives it (thresholds
 * are VAT-inclusive), else net, else the bottom of a range; null when no value is stated.
 */
export function comparableValue(notice: Notice): number | null {
  return notice.value ? (notice.value.amountGross ?? notice.value.amount ?? notice.value.min) : null;
}
