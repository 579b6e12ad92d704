'use client';

import { useActionState, type ReactNode } from 'react';
import type { AdminFormState } from './admin-form-state';

/** A Secretariat form bound to a server action, with its result announced beside it. */
export function AdminForm({
  action,
  submitLabel,
  label,
  className,
  danger = false,
  children,
}: {
  action: (state: AdminFormState, form: FormData) => Promise<AdminFormState>;
  submitLabel: string;
  /** Accessible name of the form. */
  label: string;
  className?: string;
  /** The action removes something: shown as a secondary, red button. */
  danger?: boolean;
  children: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className={className ?? 'admin-form'} aria-label={label}>
      {children}
      <button type="submit" disabled={pending} className={danger ? 'danger-button' : undefined}>
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
