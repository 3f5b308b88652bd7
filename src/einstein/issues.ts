// Helpers to describe a zod issue by field, shared by request validation and response decoding.

/** `trainParams.trainSplitRatio`-style name of an issue path; `undefined` for the root. */
export function fieldName(path: readonly PropertyKey[]): string | undefined {
  return path.length > 0 ? path.map(String).join('.') : undefined;
}

/** The value at `path` inside `input`, or `undefined` when any step is missing. */
export function valueAtPath(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}
