import http from 'node:http';
import WebSocket, { type RawData } from 'ws';
import { CloseCode } from '@/lib/collab/protocol';
import type { ClusterMember } from './draft-leases';

/**
 * Marks a websocket or request one Concord process forwarded to another (the
 * draft's owner), with the forwarding process's id: it is served where it
 * arrives, never forwarded again. A client sending it gains nothing: it is
 * authenticated all the same, and served only by the draft's owner.
 */
export const FORWARDED_BY = 'x-concord-forwarded-by';

/** Headers of the client's request that the owner needs to authenticate it as the first process did. */
const PASSED_HEADERS = [
  'cookie',
  'host',
  'origin',
  'user-agent',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-port',
  'x-forwarded-proto',
] as const;

function passedHeaders(req: http.IncomingMessage, self: ClusterMember): Record<string, string> {
  const headers: Record<string, string> = { [FORWARDED_BY]: self.id };
  for (const name of PASSED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}

/** Close codes a server may send on (1005, 1006 and 1015 only report what happened). */
function mayForwardClose(code: number): boolean {
  return code === 1000 || code === 1001 || (code >= 1007 && code <= 1014) || code >= 3000;
}

export interface ForwardedSocket {
  /** Sends a message of the client to the owner (queued until the owner's socket opens). */
  send(message: Uint8Array): void;
  /** The client went away: close the owner's socket. */
  close(): void;
}

/**
 * Forwards a client's collaboration websocket to the process that owns the
 * draft (issue 24): every message both ways, unchanged, and the close.
 * `onFailed` is called, instead of anything reaching the client, when the
 * owner cannot be reached at all (it died before its lease expired): the
 * caller tries again once the lease moves. When the owner's socket ends
 * without a close a client may read (the owner died), the client is told to
 * reconnect, and its provider does.
 */
export function forwardSocket(
  client: WebSocket,
  req: http.IncomingMessage,
  owner: ClusterMember,
  self: ClusterMember,
  options: { maxPayload: number; onFailed: () => void },
): ForwardedSocket {
  const target = new URL(req.url ?? '/', owner.url);
  target.protocol = target.protocol === 'https:' ? 'wss:' : 'ws:';
  const upstream = new WebSocket(target, {
    headers: passedHeaders(req, self),
    maxPayload: options.maxPayload,
    perMessageDeflate: false,
    handshakeTimeout: 5000,
  });
  const queued: Uint8Array[] = [];
  let opened = false;
  upstream.on('open', () => {
    opened = true;
    for (const message of queued.splice(0)) upstream.send(message);
  });
  upstream.on('message', (data: RawData, isBinary) => {
    if (client.readyState !== client.OPEN) return;
    client.send(data as Buffer, { binary: isBinary });
  });
  upstream.on('unexpected-response', (_request, response) => {
    // The owner refused the upgrade (the session ended meanwhile, say): the client's close says so.
    response.resume();
    const code = response.statusCode === 401 ? CloseCode.SessionEnded : CloseCode.AccessWithdrawn;
    opened = true; // not a failure to reach it
    if (client.readyState === client.OPEN) client.close(code, `refused (${response.statusCode})`);
  });
  upstream.on('error', () => {
    if (!opened) {
      opened = true;
      options.onFailed();
    }
  });
  upstream.on('close', (code, reason) => {
    if (!opened || client.readyState !== client.OPEN) return;
    if (mayForwardClose(code)) client.close(code, reason);
    else client.close(CloseCode.ServerShutdown, 'the draft’s server went away; reconnect');
  });
  return {
    send(message) {
      if (upstream.readyState === upstream.OPEN) upstream.send(message);
      else if (upstream.readyState === upstream.CONNECTING) queued.push(message);
    },
    close() {
      if (upstream.readyState === upstream.OPEN) upstream.close(1000);
      else upstream.terminate();
    },
  };
}

/**
 * Forwards an HTTP request about a draft to the process that owns it (its
 * decisions, rounds and discussion run there, once), and its answer back.
 * Resolves false, with nothing sent, when the owner cannot be reached (the
 * caller answers); the request's body is only read once the owner is there.
 */
export function forwardRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  owner: ClusterMember,
  self: ClusterMember,
): Promise<boolean> {
  return new Promise((resolve) => {
    const target = new URL(req.url ?? '/', owner.url);
    const headers: http.OutgoingHttpHeaders = { ...req.headers, [FORWARDED_BY]: self.id };
    delete headers.connection;
    const upstream = http.request(target, { method: req.method, headers });
    let connected = false;
    upstream.on('socket', (socket) => {
      const send = () => {
        connected = true;
        req.pipe(upstream);
      };
      // A kept-alive socket is connected already.
      if (socket.connecting) socket.once('connect', send);
      else send();
    });
    upstream.on('response', (response) => {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
      response.on('end', () => resolve(true));
      response.on('error', () => res.destroy());
    });
    upstream.on('error', () => {
      if (!connected) return resolve(false);
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: 'The Concord process serving this draft stopped while answering: try again.',
          }),
        );
      } else res.destroy();
      resolve(true);
    });
    upstream.setTimeout(120_000, () => upstream.destroy(new Error('owner timed out')));
  });
}
