import type { Account } from './fixtures';

/** The delegates the specs sign in as. */
export const CUBA: Account = {
  username: 'ana',
  displayName: 'Ana Pérez',
  delegation: 'CUB',
  delegationName: 'Cuba',
};

export const FRANCE: Account = {
  username: 'beatrice',
  displayName: 'Béatrice Martin',
  delegation: 'FRA',
  delegationName: 'France',
};

export const KENYA: Account = {
  username: 'kofi',
  displayName: 'Kofi Mensah',
  delegation: 'KEN',
  delegationName: 'Kenya',
};

export const SECRETARIAT: Account = {
  username: 'sg-office',
  displayName: 'Secretariat Officer',
  delegation: 'UNS',
  delegationName: 'United Nations Secretariat',
  secretariat: true,
};
