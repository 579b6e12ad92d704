/** How the site's own origin is found: the configured address, or the request's. */
export interface SiteOriginOptions {
  /** `PUBLIC_URL`: when set, the only origin the site has. */
  publicUrl?: string | undefined;
  /** `TRUST_PROXY`: the scheme and host come from `X-Forwarded-Proto` and `X-Forwarded-Host`. */
  trustProxy: boolean;
}

/** A request header by lower-case name, from Node's or the Fetch API's headers. */
export type HeaderReader = (name: string) => string | null | undefined;

/** Reads Node's `IncomingMessage.headers` (a repeated header: its first value). */
export function nodeHeaderReader(
  headers: Record<string, string | string[] | undefined>,
): HeaderReader {
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
}

function firstValue(value: string | null | undefined): string | undefined {
  return value?.split(',')[0]?.trim() || undefined;
}

/**
 * The origin (scheme, host and port) browsers use for this site: that of
 * `PUBLIC_URL` when set, else the request's own as the server sees it. The
 * server itself speaks plain http, so the scheme is https only when a
 * trusted proxy says so. Null when the request names no host.
 */
export function siteOrigin(header: HeaderReader, options: SiteOriginOptions): string | null {
  if (options.publicUrl) return new URL(options.publicUrl).origin;
  const host = (options.trustProxy && firstValue(header('x-forwarded-host'))) || header('host');
  const scheme = (options.trustProxy && firstValue(header('x-forwarded-proto'))) || 'http';
  if (!host || (scheme !== 'http' && scheme !== 'https')) return null;
  const url = `${scheme}://${host}`;
  // URL parsing drops a default port (":80" on http) as browsers do in Origin.
  return URL.canParse(url) ? new URL(url).origin : null;
}

/** Whether an `Origin` header names exactly this site: same scheme, host and port. */
export function isSiteOrigin(origin: string | null | undefined, site: string | null): boolean {
  return !!origin && site !== null && URL.canParse(origin) && new URL(origin).origin === site;
}
