// PGlite's CommonJS build loads Node built-ins with import(), which Jest's module sandbox allows only under
// --experimental-vm-modules. Under Jest those imports become a require() of the same built-in, wrapped to look like
// the ES namespace (named exports and `default`). Outside Jest, Node runs the package's file as shipped.
const { builtinModules } = require('node:module');
const { createHash } = require('node:crypto');

const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
const DYNAMIC_IMPORT = /\bimport\((["'])([\w:/]+)\1\)/g;

module.exports = {
  process(source) {
    // The module's own `require` is captured first: the bundle declares a `var require` of its own in places.
    const body = source.replace(DYNAMIC_IMPORT, (whole, _quote, name) =>
      BUILTINS.has(name) ? `Promise.resolve(__requireBuiltin(${JSON.stringify(name)})).then((m) => ({ ...m, default: m }))` : whole,
    );
    return { code: `const __requireBuiltin = require;${body}` };
  },
  getCacheKey(source, file) {
    return createHash('sha256').update('builtin-imports-2').update(file).update(source).digest('hex');
  },
};
