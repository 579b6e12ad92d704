'use client';

import { useCallback, useSyncExternalStore } from 'react';

/**
 * Stand-in for sign-in, until per-delegation accounts land: the visitor
 * names themself and picks a delegation. Kept in localStorage.
 */
export interface StandInIdentity {
  name: string;
  delegation: string;
}

/** A short list of delegations to pick from, with the colour that marks each. */
export const STAND_IN_DELEGATIONS = [
  { code: 'BRA', name: 'Brazil', color: '#1b7f3b' },
  { code: 'CHN', name: 'China', color: '#c0392b' },
  { code: 'CUB', name: 'Cuba', color: '#1f5fa8' },
  { code: 'EU', name: 'European Union', color: '#2c3e99' },
  { code: 'FRA', name: 'France', color: '#7a3fb0' },
  { code: 'G77', name: 'Group of 77 and China', color: '#b9770e' },
  { code: 'KEN', name: 'Kenya', color: '#8e4a1c' },
  { code: 'USA', name: 'United States', color: '#0f7c8c' },
] as const;

const STORAGE_KEY = 'concord.standInIdentity';

export function delegationColor(code: string): string {
  return STAND_IN_DELEGATIONS.find((d) => d.code === code)?.color ?? '#555555';
}

function parse(raw: string | null): StandInIdentity | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      'name' in value &&
      'delegation' in value &&
      typeof value.name === 'string' &&
      typeof value.delegation === 'string' &&
      STAND_IN_DELEGATIONS.some((d) => d.code === value.delegation)
    ) {
      return { name: value.name, delegation: value.delegation };
    }
  } catch {
    // A damaged entry is treated as no identity: the visitor picks again.
  }
  return null;
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/**
 * The stand-in identity (`undefined` while rendering on the server, `null`
 * before the visitor chose one) and a setter.
 */
export function useStandInIdentity(): [
  StandInIdentity | null | undefined,
  (identity: StandInIdentity | null) => void,
] {
  const raw = useSyncExternalStore(
    subscribe,
    () => window.localStorage.getItem(STORAGE_KEY) ?? '',
    () => undefined,
  );
  const set = useCallback((identity: StandInIdentity | null) => {
    if (identity) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(identity));
    else window.localStorage.removeItem(STORAGE_KEY);
    for (const listener of listeners) listener();
  }, []);
  return [raw === undefined ? undefined : parse(raw), set];
}
