import type { CollabStatus } from './useCollabSession';

const LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  offline: 'Offline — changes are kept and sent when back online',
  closed: 'Disconnected',
} as const;

/** The state of the link to the collaboration server, announced to screen readers. */
export function ConnectionIndicator({ status }: { status: CollabStatus }) {
  return (
    <p
      className={`connection connection-${status.connection}`}
      role="status"
      aria-live="polite"
      data-state={status.connection}
    >
      <span className="connection-dot" aria-hidden />
      {LABELS[status.connection]}
    </p>
  );
}
