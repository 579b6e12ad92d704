'use client';

import { useActionState, type ReactNode } from 'react';
import type { AdminFormState } from './admin-form-state';

/** A Secretariat form bound to a server action, with its result announced beside it. */
export function AdminForm({
  action,
  submitLabel,
  label,
  className,
  children,
}: {
  action: (state: AdminFormState, form: FormData) => Promise<AdminFormState>;
  submitLabel: string;
  /** Accessible name of the form. */
  label: string;
  className?: string;
  children: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={className ?? 'admin-form'} aria-label={label}>
      {children}
      <button type="submit" disabled={pending}>
        {pending ? 'Working…' : submitLabel}
      </button>
      {state.message ? (
        <p
          key={state.at}
          className={state.ok ? 'form-status' : 'field-error'}
          role={state.ok ? 'status' : 'alert'}
        >
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
