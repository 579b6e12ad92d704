import type * as Y from 'yjs';
import {
  answerCompromise,
  makeCompromise,
  restoreCompromise,
  type CompromiseActor,
  type CompromiseRequest,
  type CompromiseState,
} from '@/lib/amendments/compromises';
import type { AuditEntry } from '@/lib/db/audit-store';
import type { Stores } from '@/lib/db/stores';

type ChangeDraft = <T>(draftId: string, change: (doc: Y.Doc) => T) => Promise<{ value: T } | null>;

const ACTIONS = {
  make: 'compromise.made',
  answer: 'compromise.answered',
  restore: 'compromise.restored',
} as const;

function summary(request: CompromiseRequest, state: CompromiseState, actor: CompromiseActor) {
  const count = `${state.supersedes.length} amendment${state.supersedes.length === 1 ? '' : 's'}`;
  switch (request.kind) {
    case 'make':
      return `${actor.delegation}'s compromise supersedes ${count}; ${state.asked.join(', ') || 'no other delegation'} asked to agree or object.`;
    case 'answer':
      return `${actor.delegation} ${request.answer === 'agree' ? 'agrees to' : 'objects to'} the compromise.`;
    case 'restore':
      return `The ${count} the compromise superseded are back in the list.`;
  }
}

/**
 * Runs a compromise request on the draft's live document (one transaction)
 * and records it; null: no such draft. Refusals throw
 * `CompromiseRefusedError` (a status and a reason).
 */
export async function runCompromise(
  stores: Pick<Stores, 'audit'>,
  changeDraft: ChangeDraft,
  draftId: string,
  request: CompromiseRequest,
  actor: CompromiseActor,
): Promise<CompromiseState | null> {
  const at = Date.now();
  const person = { name: actor.name, delegation: actor.delegation };
  const result = await changeDraft(draftId, (doc) => {
    if (request.kind === 'make') return makeCompromise(doc, request, person, at);
    if (request.kind === 'answer') {
      return answerCompromise(doc, request.compromise, request.answer, person, at);
    }
    return restoreCompromise(doc, request.compromise);
  });
  if (!result) return null;
  const state = result.value;
  const entry: AuditEntry = {
    draftId,
    at,
    userId: actor.userId,
    userName: actor.name,
    delegation: actor.delegation,
    action: ACTIONS[request.kind],
    suggestionId: state.compromise,
    paragraph: null,
    detail: {
      supersedes: state.supersedes,
      asked: state.asked,
      ...(request.kind === 'answer' ? { answer: request.answer } : {}),
      summary: summary(request, state, actor),
    },
  };
  await stores.audit.append([entry]);
  return state;
}
