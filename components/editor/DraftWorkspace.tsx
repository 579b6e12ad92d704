'use client';

import Link from 'next/link';
import { useMemo } from 'react';
import { JoinForm } from '@/components/identity/JoinForm';
import {
  delegationColor,
  useStandInIdentity,
  type StandInIdentity,
} from '@/components/identity/stand-in-identity';
import { ConnectionIndicator } from './ConnectionIndicator';
import { PresenceList } from './PresenceList';
import { ResolutionEditor } from './ResolutionEditor';
import { useCollabSession } from './useCollabSession';

/** The page of one draft: who you are, then the live editor. */
export function DraftWorkspace({ draftId, title }: { draftId: string; title: string }) {
  const [identity, setIdentity] = useStandInIdentity();
  return (
    <main className="workspace">
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href="/">Drafts</Link>
      </nav>
      <h1 className="draft-title">{title}</h1>
      {identity === undefined ? (
        <p className="loading">Loading…</p>
      ) : identity === null ? (
        <JoinForm onJoin={setIdentity} />
      ) : (
        <LiveDraft draftId={draftId} identity={identity} onLeave={() => setIdentity(null)} />
      )}
    </main>
  );
}

function LiveDraft({
  draftId,
  identity,
  onLeave,
}: {
  draftId: string;
  identity: StandInIdentity;
  onLeave: () => void;
}) {
  const { session, status } = useCollabSession(draftId);
  const user = useMemo(
    () => ({
      name: identity.name,
      delegation: identity.delegation,
      color: delegationColor(identity.delegation),
    }),
    [identity],
  );
  return (
    <>
      <div className="workspace-bar">
        <ConnectionIndicator status={status} />
        {session ? <PresenceList provider={session.provider} /> : null}
        <button type="button" className="link-button" onClick={onLeave}>
          Not {identity.name}?
        </button>
      </div>
      {status.closedReason || status.problem ? (
        <p role="alert" className="banner banner-error">
          {status.closedReason ?? status.problem}
        </p>
      ) : null}
      <article className="resolution" aria-busy={!status.synced}>
        <p className="enacting-formula">
          <em>The General Assembly</em>,
        </p>
        {!status.synced ? <p className="loading">Loading the draft…</p> : null}
        {session ? (
          <ResolutionEditor
            session={session}
            user={user}
            editable={status.synced && status.connection !== 'closed'}
          />
        ) : null}
      </article>
    </>
  );
}
