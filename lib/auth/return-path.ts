/**
 * Where to send someone after signing in: `value` only if, read as a URL
 * against `base` (as a browser would read it: backslashes, tabs and
 * newlines included), it stays on `base`'s origin; then as a path
 * ("/drafts/…?…#…"). Anything else, another site included, gives "/".
 */
export function safeReturnPath(value: unknown, base: string): string {
  if (typeof value !== 'string' || !URL.canParse(value, base)) return '/';
  const url = new URL(value, base);
  if (url.origin !== new URL(base).origin) return '/';
  // "//other.site/…" as a path would be read as another host: keep one slash.
  return `/${url.pathname.replace(/^\/+/, '')}${url.search}${url.hash}`;
}

/** next-auth's `redirect` callback: after signing in or out, only a page of this site. */
export function redirectWithinSite({ url, baseUrl }: { url: string; baseUrl: string }): string {
  return new URL(safeReturnPath(url, baseUrl), baseUrl).href;
}
