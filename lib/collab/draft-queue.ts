/**
 * Each draft's requests, one after the other (a failed one does not stop the
 * next): the state a request writes last is the latest.
 */
export class DraftQueue {
  private readonly queues = new Map<string, Promise<unknown>>();

  run<T>(draftId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(draftId) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    this.queues.set(draftId, run);
    void run
      .finally(() => {
        if (this.queues.get(draftId) === run) this.queues.delete(draftId);
      })
      .catch(() => undefined);
    return run;
  }

  /** Waits for the requests under way. */
  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queued) => queued.catch(() => undefined)));
  }
}
