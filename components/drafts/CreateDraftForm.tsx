'use client';

import { useActionState } from 'react';
import { createDraftAction, type CreateDraftState } from '@/app/actions';

export function CreateDraftForm() {
  const [state, action, pending] = useActionState<CreateDraftState, FormData>(
    createDraftAction,
    {},
  );
  return (
    <form
      action={action}
      className="create-draft"
      aria-labelledby="create-draft-heading"
      noValidate
    >
      <h2 id="create-draft-heading">New draft</h2>
      <p className="hint">Your delegation holds the pen (facilitator) on the drafts it starts.</p>
      <label htmlFor="draft-title">Title</label>
      <div className="field-row">
        <input
          id="draft-title"
          name="title"
          type="text"
          defaultValue={state.title}
          maxLength={300}
          aria-invalid={state.error ? true : undefined}
          aria-describedby={state.error ? 'draft-title-error' : undefined}
          placeholder="e.g. Enhancement of international cooperation in the field of human rights"
        />
        <button type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create draft'}
        </button>
      </div>
      <label htmlFor="draft-from" className="file-label">
        Or start from a resolution text (Markdown or AKN4UN XML, e.g. last year’s resolution):
      </label>
      <input
        id="draft-from"
        name="from"
        type="file"
        accept=".md,.markdown,.txt,.xml,text/markdown,text/plain,application/xml,text/xml"
      />
      {state.error ? (
        <p id="draft-title-error" role="alert" className="field-error">
          {state.error}
        </p>
      ) : null}
    </form>
  );
}
