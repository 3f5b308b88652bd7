// Bearer token check in constant time: every configured token is compared (no early exit), each comparison over
// SHA-256 digests so token lengths do not leak through timing either.
import { createHash, timingSafeEqual } from 'node:crypto';

export class BearerTokens {
  private readonly digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.digests = tokens.map(digest);
  }

  get enabled(): boolean {
    return this.digests.length > 0;
  }

  accepts(token: string): boolean {
    const presented = digest(token);
    let matched = false;
    for (const known of this.digests) matched = timingSafeEqual(known, presented) || matched;
    return matched;
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
