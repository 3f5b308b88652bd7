// Writes a development RSA key pair for the JWT bearer flow against the emulator: `einstein_platform.pem` (the
// worker signs with it) and `einstein_platform.pub` (the emulator trusts it). Keeps existing keys.
// Usage: node dist/dev-keys.js <directory>
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function writeDevKeys(directory: string): { privateKeyFile: string; publicKeyFile: string; created: boolean } {
  const privateKeyFile = path.join(directory, 'einstein_platform.pem');
  const publicKeyFile = path.join(directory, 'einstein_platform.pub');
  if (fs.existsSync(privateKeyFile) && fs.existsSync(publicKeyFile)) return { privateKeyFile, publicKeyFile, created: false };
  fs.mkdirSync(directory, { recursive: true });
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return { privateKeyFile, publicKeyFile, created: true };
}

if (require.main === module) {
  const directory = process.argv[2];
  if (!directory) {
    process.stderr.write('usage: dev-keys <directory>\n');
    process.exit(2);
  }
  const result = writeDevKeys(directory);
  process.stdout.write(`${result.created ? 'created' : 'kept'} ${result.privateKeyFile} and ${result.publicKeyFile}\n`);
}
