// The worker configuration that `npm start` and `npm run demo` use on the embedded stack: it points at the emulator.
import type { EmbeddedStack } from '../embedded-stack';
import type { RunnableConfig } from '../worker';

/** Einstein settings for the embedded emulator: its URL and the key pair it was started to trust. */
export function emulatorEinstein(stack: EmbeddedStack): RunnableConfig['einstein'] {
  if (!stack.emulator || !stack.account) throw new Error('the embedded stack has no emulator');
  return {
    baseUrl: stack.emulator.url,
    auth: { mode: 'jwt', accountId: stack.account.accountId, privateKey: { pem: stack.account.privateKeyPem }, validForSeconds: 3600 },
  };
}
