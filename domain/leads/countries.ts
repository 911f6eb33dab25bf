/** Country names as providers write them ("germany", "United States") to the two-letter codes leads and profiles use. */
const NAMES: Record<string, string> = {
  germany: 'DE',
  austria: 'AT',
  switzerland: 'CH',
  netherlands: 'NL',
  'the netherlands': 'NL',
  belgium: 'BE',
  france: 'FR',
  spain: 'ES',
  portugal: 'PT',
  italy: 'IT',
  'united kingdom': 'GB',
  uk: 'GB',
  england: 'GB',
  ireland: 'IE',
  denmark: 'DK',
  sweden: 'SE',
  norway: 'NO',
  finland: 'FI',
  poland: 'PL',
  'czech republic': 'CZ',
  czechia: 'CZ',
  'united states': 'US',
  'united states of america': 'US',
  usa: 'US',
  canada: 'CA',
  mexico: 'MX',
  brazil: 'BR',
  argentina: 'AR',
  india: 'IN',
  china: 'CN',
  japan: 'JP',
  singapore: 'SG',
  australia: 'AU',
  'new zealand': 'NZ',
  'south africa': 'ZA',
  israel: 'IL',
  'united arab emirates': 'AE',
};

/** The two-letter code of a country given by code or name, if known. */
export function countryCode(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^[A-Za-z]{2}$/.test(text)) return text.toUpperCase();
  return NAMES[text.toLowerCase()];
}

/** A head-count as providers write it ("51-200", "10001+", 340) as one number (a range's midpoint). */
export function headcount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.round(value);
  if (typeof value !== 'string') return undefined;
  const range = /^\s*(\d[\d,]*)\s*(?:-|to)\s*(\d[\d,]*)\s*$/.exec(value);
  if (range) return Math.round((Number(range[1]!.replace(/,/g, '')) + Number(range[2]!.replace(/,/g, ''))) / 2);
  const open = /^\s*(\d[\d,]*)\s*\+?\s*$/.exec(value);
  return open ? Number(open[1]!.replace(/,/g, '')) : undefined;
}
