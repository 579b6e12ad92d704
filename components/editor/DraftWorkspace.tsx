'use client';

import Link from 'next/link';
import { useMemo, useRef, useState, type CSSProperties } from 'react';
import { delegationColorProperty } from '@/lib/accounts/delegation-color';
import { HistoryPanel } from '@/components/audit/HistoryPanel';
import { DiscussionMargin } from '@/components/discussion/DiscussionMargin';
import { DiscussionPanel } from '@/components/discussion/DiscussionPanel';
import { ExportMenu } from '@/components/export/ExportMenu';
import { SilencePanel } from '@/components/silence/SilencePanel';
import { useSilence } from '@/components/silence/useSilence';
import { RevisionsPanel } from '@/components/revisions/RevisionsPanel';
import { AMENDMENT_VIEWS, AMENDMENT_VIEW_LABELS, type AmendmentView } from '@/lib/amendments/model';
import type { AmendmentMode } from '@/lib/amendments/suggesting-mode';
import { can, ROLE_LABELS, type DraftRole } from '@/lib/auth/roles';
import type { AwarenessUser } from '@/lib/collab/protocol';
import { enactingFormula } from '@/lib/schema/resolution-document';
import { ConnectionIndicator } from './ConnectionIndicator';
import { HeaderForm } from './HeaderForm';
import { PresenceList } from './PresenceList';
import { ResolutionEditor } from './ResolutionEditor';
import { useStickyBar } from './sticky-bars';
import { useCollabSession } from './useCollabSession';
import { useDraftHeader } from './useDraftHeader';

/** The signed-in delegate as this page shows them, with their delegation's role on the draft. */
export interface Me extends AwarenessUser {
  userId: string;
  delegationName: string;
  role: DraftRole;
}

/** The delegations' colours as the CSS custom properties the marks, panels and carets read. */
function colorProperties(colors: Readonly<Record<string, string>>): CSSProperties {
  return Object.fromEntries(
    Object.entries(colors).map(([code, color]) => [delegationColorProperty(code), color]),
  ) as CSSProperties;
}

/** The page of one draft: the live editor, who else is here, and the connection. */
export function DraftWorkspace({
  draftId,
  title,
  colors,
  me,
}: {
  draftId: string;
  title: string;
  /** The colour of each delegation of the draft (`draftDelegationColors`). */
  colors: Readonly<Record<string, string>>;
  me: Me;
}) {
  const { session, status, dismissRefusal } = useCollabSession(draftId, me.userId);
  const mayEdit = can(me.role, 'edit');
  const mayDecide = can(me.role, 'decide');
  const header = useDraftHeader(session?.doc ?? null);
  const live = status.synced && status.connection !== 'closed';
  const silence = useSilence(session?.doc ?? null);
  // Under silence the text is read only for everyone (the server refuses every change).
  const silent = silence !== null && silence.outcome === null;
  // Sponsors always suggest; facilitators choose (editing by default); observers change nothing.
  const [facilitatorMode, setFacilitatorMode] = useState<AmendmentMode>('editing');
  const mode: AmendmentMode = mayDecide ? facilitatorMode : 'suggesting';
  const [view, setView] = useState<AmendmentView>('markup');
  const [pendingCount, setPendingCount] = useState(0);
  const bar = useRef<HTMLDivElement>(null);
  useStickyBar(bar);
  // What other pages see of this delegate with each cursor move (the server stamps it anyway).
  const presence = useMemo<AwarenessUser>(
    () => ({ name: me.name, delegation: me.delegation, color: me.color, role: me.role }),
    [me.name, me.delegation, me.color, me.role],
  );
  const author = useMemo(
    () => (mayEdit ? { userId: me.userId, name: me.name, delegation: me.delegation } : null),
    [mayEdit, me.userId, me.name, me.delegation],
  );
  return (
    <main className="workspace" style={colorProperties(colors)}>
      <nav className="breadcrumbs" aria-label="Breadcrumbs">
        <Link href="/">Drafts</Link>
      </nav>
      <h1 className="draft-title">{header.title || title}</h1>
      <div className="workspace-bar" ref={bar}>
        <ConnectionIndicator status={status} />
        <p className={`role-badge role-${me.role}`} data-testid="my-role">
          {me.delegationName}: {ROLE_LABELS[me.role]}
          {mayEdit ? null : <span className="role-note"> · read only</span>}
        </p>
        {session ? <PresenceList provider={session.provider} /> : null}
        {view !== 'markup' ? (
          <p className="view-now" aria-live="polite">
            Viewing: <strong>{AMENDMENT_VIEW_LABELS[view]}</strong> (read only){' '}
            <button type="button" className="link-button" onClick={() => setView('markup')}>
              Back to the marked-up text
            </button>
          </p>
        ) : null}
        <RevisionsPanel draftId={draftId} mayIssue={mayDecide} pendingCount={pendingCount} />
        <DiscussionPanel draftId={draftId} doc={session?.doc ?? null} me={me} live={live} />
        <HistoryPanel draftId={draftId} />
        <ExportMenu draftId={draftId} pendingCount={pendingCount} />
      </div>
      {status.refusal ? (
        <div role="alert" className="banner banner-error refusal-banner">
          <p>{status.refusal}</p>
          <button type="button" onClick={dismissRefusal}>
            Dismiss
          </button>
        </div>
      ) : null}
      {status.closedReason || status.problem ? (
        <p role="alert" className="banner banner-error">
          {status.closedReason ?? status.problem}
          {status.signInAgain ? (
            <>
              {' '}
              <a href={`/sign-in?callbackUrl=${encodeURIComponent(`/drafts/${draftId}`)}`}>
                Sign in again
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      {!mayEdit ? (
        <p className="banner banner-info" role="note">
          Your delegation observes this draft: you follow the text live but cannot change it.
        </p>
      ) : null}
      <SilencePanel draftId={draftId} silence={silence} mayDecide={mayDecide} live={live} />
      {session && status.synced ? (
        <HeaderForm
          key={session.doc.guid}
          doc={session.doc}
          header={header}
          readOnly={!(mayDecide && live) || silent}
        />
      ) : null}
      <div className="amendment-bar" role="group" aria-label="Amendments">
        {mayEdit ? (
          mayDecide ? (
            <fieldset className="mode-switch">
              <legend>Mode</legend>
              {(['editing', 'suggesting'] as const).map((option) => (
                <label key={option} className={option === mode ? 'selected' : undefined}>
                  <input
                    type="radio"
                    name="amendment-mode"
                    value={option}
                    checked={mode === option}
                    onChange={() => setFacilitatorMode(option)}
                  />
                  {option === 'editing' ? 'Editing' : 'Suggesting'}
                </label>
              ))}
            </fieldset>
          ) : null
        ) : null}
        <p className={`mode-badge mode-${mayEdit ? mode : 'reading'}`} data-testid="amendment-mode">
          {!mayEdit
            ? 'Reading'
            : mode === 'suggesting'
              ? `Suggesting: your changes are amendments from ${me.delegation}`
              : 'Editing: your changes go straight into the text'}
        </p>
        <label className="view-select">
          View{' '}
          <select value={view} onChange={(event) => setView(event.target.value as AmendmentView)}>
            {AMENDMENT_VIEWS.map((option) => (
              <option key={option} value={option}>
                {AMENDMENT_VIEW_LABELS[option]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <article className="resolution" aria-busy={!status.synced}>
        <DiscussionMargin doc={status.synced ? (session?.doc ?? null) : null} />
        {!status.synced ? <p className="loading">Loading the draft…</p> : null}
        {session ? (
          <ResolutionEditor
            key={session.doc.guid}
            session={session}
            user={presence}
            author={author}
            draftId={draftId}
            editable={mayEdit && live && !silent}
            mode={mode}
            view={view}
            mayDecide={mayDecide}
            onPendingCount={setPendingCount}
            formula={
              <p className="enacting-formula">
                <em>{enactingFormula(header.organ)}</em>,
              </p>
            }
          />
        ) : null}
      </article>
    </main>
  );
}
