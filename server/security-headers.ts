import { randomBytes } from 'node:crypto';

/** What the headers of one response depend on. */
export interface SecurityHeaderOptions {
  /** This site's origin (see `siteOrigin`); its websocket is allowed. Null: 'self' only. */
  site: string | null;
  /** A fresh random value for this response's scripts and style elements. */
  nonce: string;
  /** Development: React and hot reloading need eval and unnonced style elements. */
  dev: boolean;
  /** Served over https (`PUBLIC_URL`): browsers are told to keep to it. */
  https: boolean;
  /** The request's path; JSON routes (under /api/) are never cached. */
  pathname: string;
}

/** A nonce for one response: 128 random bits. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The Content-Security-Policy of every response. Scripts run only with this
 * response's nonce (Next.js puts it on its own script tags, read from the
 * request's copy of this header) or when loaded by such a script. Style
 * elements need the nonce too (TipTap's is given it); style *attributes*
 * are allowed inline, because ProseMirror draws the other delegates' carets
 * with them and React renders delegation colours as `style` props.
 */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const nonce = `'nonce-${options.nonce}'`;
  // 'self' covers ws: and wss: of this host in CSP 3 only; name the socket for older browsers.
  const socket = options.site ? ` ${options.site.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'self'",
    `script-src 'self' ${nonce} 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' ${options.dev ? "'unsafe-inline'" : nonce}`,
    "style-src-attr 'unsafe-inline'",
    `connect-src 'self'${socket}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(options.https ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** The security headers of every response: pages, routes, assets and 404s alike. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(options),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    // The Origin of same-site requests is still sent; other sites learn nothing of our URLs.
    'referrer-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'cross-origin-opener-policy': 'same-origin',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000' } : {}),
    // A route may still set its own (e.g. a download).
    ...(options.pathname.startsWith('/api/') ? { 'cache-control': 'no-store' } : {}),
  };
}
