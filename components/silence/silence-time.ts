/** New York: where the General Assembly and its committees meet. */
export const NEW_YORK = 'America/New_York';

/** A moment in the delegate's own time zone, or in `timeZone`: "Tue, 8 Dec 2026, 18:00 GMT+1". */
export function formatMoment(ms: number, timeZone?: string): string {
  return new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  }).format(ms);
}

/** How long until `deadline`: "2 days 3 h left", "45 min left", "less than a minute left". */
export function timeLeft(deadline: number, now: number): string {
  const minutes = Math.floor((deadline - now) / 60_000);
  if (deadline <= now) return 'the deadline has passed';
  if (minutes < 1) return 'less than a minute left';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'} ${hours} h left`;
  if (hours > 0) return `${hours} h ${rest} min left`;
  return `${rest} min left`;
}
