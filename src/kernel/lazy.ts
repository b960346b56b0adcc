import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A CommonJS package loaded on its first use rather than when the server starts, for the heavy
 * ones only some requests need (PDF, XLSX, e-mail, password hashing, the database driver not in
 * use): start-up time and idle memory, docs/PERFORMANCE.md. `require` keeps the call site
 * synchronous; the value is what `import x from '<name>'` gives (module.exports).
 */
export function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}
