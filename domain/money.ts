/** Amounts travel as decimal numbers; comparisons happen in whole cents to avoid float drift. */

/** The amount in whole cents. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** The amount of whole cents as a decimal number. */
export function fromCents(cents: number): number {
  return Math.round(cents) / 100;
}

/** True when the two amounts are equal to the cent. */
export function sameAmount(a: number, b: number): boolean {
  return toCents(a) === toCents(b);
}

/** "EUR 1,234.56" for people to read. */
export function formatMoney(amount: number | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return 'unknown amount';
  const fixed = Math.abs(amount).toFixed(2);
  const [whole = '0', cents = '00'] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency ?? ''} ${amount < 0 ? '-' : ''}${grouped}.${cents}`.trim();
}
