'use client';

import { useState, type FormEvent } from 'react';
import { STAND_IN_DELEGATIONS, type StandInIdentity } from './stand-in-identity';

/** Asks who the visitor is, until sign-in replaces it. */
export function JoinForm({ onJoin }: { onJoin: (identity: StandInIdentity) => void }) {
  const [error, setError] = useState<string | null>(null);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = String(data.get('name') ?? '').trim();
    const delegation = String(data.get('delegation') ?? '');
    const form = event.currentTarget;
    if (!name) {
      form.querySelector<HTMLInputElement>('#join-name')?.focus();
      return setError('Type the name the other delegations will see.');
    }
    if (!STAND_IN_DELEGATIONS.some((d) => d.code === delegation)) {
      form.querySelector<HTMLSelectElement>('#join-delegation')?.focus();
      return setError('Choose your delegation.');
    }
    onJoin({ name: name.slice(0, 60), delegation });
  }

  return (
    <form className="join-form" onSubmit={submit} aria-labelledby="join-heading" noValidate>
      <h2 id="join-heading">Join the draft</h2>
      <p className="hint" id="join-hint">
        Sign-in is not available yet: say who you are for the other delegations.
      </p>
      <label htmlFor="join-name">Your name</label>
      <input id="join-name" name="name" type="text" autoComplete="name" autoFocus maxLength={60} />
      <label htmlFor="join-delegation">Delegation</label>
      <select id="join-delegation" name="delegation" defaultValue="">
        <option value="" disabled>
          Choose…
        </option>
        {STAND_IN_DELEGATIONS.map((d) => (
          <option key={d.code} value={d.code}>
            {d.name} ({d.code})
          </option>
        ))}
      </select>
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <button type="submit">Join</button>
    </form>
  );
}
