import type { DraftRole } from '../auth/roles';
import type { DiscussionActor } from '../db/discussion-store';

/** Who takes part in a draft's discussion, from the session, with their delegation's role on it. */
export interface DiscussionMember extends DiscussionActor {
  role: DraftRole;
}
