/** What an administration form shows after submitting: success or the problem to fix. */
export interface AdminFormState {
  ok?: boolean;
  message?: string;
  /** When the result arrived, so that the same message twice is still announced. */
  at?: number;
}
