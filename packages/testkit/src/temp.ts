import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory `<tmpdir>/k3sgrid-<prefix>-XXXXXX`; the caller removes it. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `k3sgrid-${prefix}-`));
}
