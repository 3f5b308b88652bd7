/** The ceiling's one local activity: returns at once, so only Temporal's own round trips remain. */
export function createNoopActivities() {
  return {
    async noop(): Promise<number> {
      return Date.now();
    },
  };
}

export type NoopActivities = ReturnType<typeof createNoopActivities>;
