const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const UN_DATE = /^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$/;

/** "28 October 2022" → "2022-10-28"; null when the text is not such a date. */
export function parseUnDate(text: string): string | null {
  const match = UN_DATE.exec(text.trim());
  if (!match) return null;
  const [, day = '', monthName = '', year = ''] = match;
  const month = MONTHS.indexOf(monthName as (typeof MONTHS)[number]) + 1;
  const dayNumber = Number(day);
  if (month === 0 || dayNumber < 1) return null;
  const daysInMonth = new Date(Date.UTC(Number(year), month, 0)).getUTCDate();
  if (dayNumber > daysInMonth) return null;
  return `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** "2022-10-28" → "28 October 2022", as UN documents print dates; other text is returned as is. */
export function formatUnDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = MONTHS[Number(match?.[2]) - 1];
  if (!match || !month) return iso;
  return `${Number(match[3])} ${month} ${match[1]}`;
}
