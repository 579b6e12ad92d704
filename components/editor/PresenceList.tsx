'use client';

import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { delegationColorProperty } from '@/lib/accounts/delegation-color';
import type { AwarenessUser } from '@/lib/collab/protocol';

interface Present extends Pick<AwarenessUser, 'name' | 'color' | 'delegation' | 'role'> {
  clientId: number;
  self: boolean;
}

function readPresence(provider: WebsocketProvider): Present[] {
  const self = provider.awareness.clientID;
  const present: Present[] = [];
  provider.awareness.getStates().forEach((state, clientId) => {
    const user: unknown = state.user;
    if (typeof user !== 'object' || user === null) return;
    const { name, color, delegation, role } = user as Partial<AwarenessUser>;
    if (typeof name !== 'string' || typeof color !== 'string') return;
    present.push({
      clientId,
      self: clientId === self,
      name,
      color,
      delegation: typeof delegation === 'string' ? delegation : '',
      role: typeof role === 'string' ? role : '',
    });
  });
  return present.sort((a, b) => Number(b.self) - Number(a.self) || a.name.localeCompare(b.name));
}

/** Whether two lists show the same people, in the same order (carets left aside). */
function samePresence(a: readonly Present[], b: readonly Present[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!;
      return (
        p.clientId === q.clientId &&
        p.self === q.self &&
        p.name === q.name &&
        p.color === q.color &&
        p.delegation === q.delegation &&
        p.role === q.role
      );
    })
  );
}

/** Who is in the draft now, from the awareness protocol. */
export function PresenceList({ provider }: { provider: WebsocketProvider }) {
  const [present, setPresent] = useState<Present[]>(() => readPresence(provider));
  useEffect(() => {
    // Awareness changes with every caret move, the list seldom: a re-render for nothing would
    // make React walk the whole editor's DOM for the selection at commit, on every key.
    const onChange = () => {
      const next = readPresence(provider);
      setPresent((current) => (samePresence(current, next) ? current : next));
    };
    provider.awareness.on('change', onChange);
    onChange();
    return () => provider.awareness.off('change', onChange);
  }, [provider]);

  return (
    <section className="presence" aria-label="Delegates in this draft">
      <ul>
        {present.map((p) => (
          <li
            key={p.clientId}
            data-testid="presence-entry"
            title={`${p.name} (${p.delegation}${p.role ? `, ${p.role}` : ''})`}
          >
            <span
              className="presence-dot"
              // The draft's colour for the delegation where the page has one.
              style={{
                backgroundColor: p.delegation
                  ? `var(${delegationColorProperty(p.delegation)}, ${p.color})`
                  : p.color,
              }}
              aria-hidden
            />
            <span className="presence-name">{p.name}</span>
            <span className="presence-delegation">{p.delegation}</span>
            {p.self ? <span className="presence-self">(you)</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
