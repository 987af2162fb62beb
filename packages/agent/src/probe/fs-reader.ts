/**
 * File access for the probe, always relative to a root so a fixture sysroot
 * can stand in for `/`. The probe takes this interface, so tests can also pass
 * an in-memory reader.
 */
import { lstat, readFile, readdir, readlink, stat } from 'node:fs/promises';
import path from 'node:path';

/** Read-only view of a filesystem tree; every path is relative to its root. */
export interface FsReader {
  /** Text content, or null when the file is missing or unreadable. */
  readText(rel: string): Promise<string | null>;
  /** Raw bytes, or null when missing or unreadable. */
  readBytes(rel: string): Promise<Buffer | null>;
  /** 'file' | 'dir' | 'other' for what is there, null when nothing is. */
  kind(rel: string): Promise<'file' | 'dir' | 'other' | null>;
  /** Entry names of a folder, or null when it is not there. */
  list(rel: string): Promise<string[] | null>;
  /** Target of a symbolic link (e.g. proc/1/exe), or null; optional for in-memory readers. */
  readLink?(rel: string): Promise<string | null>;
}

// Missing or forbidden files are "no evidence", not failures: /proc and /sys
// entries vanish and some are root-only.
const NO_EVIDENCE = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'ELOOP', 'EINVAL']);

function isNoEvidence(err: unknown): boolean {
  return typeof err === 'object' && err !== null && NO_EVIDENCE.has(String((err as { code?: unknown }).code));
}

/** A reader over the real filesystem under `root`. */
export function nodeFsReader(root: string): FsReader {
  const abs = (rel: string): string => path.join(root, rel);
  const live = path.resolve(root) === '/';
  return {
    async readText(rel) {
      try {
        return await readFile(abs(rel), 'utf8');
      } catch (err) {
        if (isNoEvidence(err)) return null;
        throw err;
      }
    },
    async readBytes(rel) {
      try {
        return await readFile(abs(rel));
      } catch (err) {
        if (isNoEvidence(err)) return null;
        throw err;
      }
    },
    async kind(rel) {
      try {
        const st = await stat(abs(rel));
        return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
      } catch (err) {
        if (!isNoEvidence(err)) throw err;
        // On the live root a dangling symlink is nothing there: Debian's
        // /usr/bin/iscsiadm -> ../sbin/iscsiadm names a tool only while its
        // target exists (the VM test found the dead link reported present).
        if (live) return null;
        // Under a fixture root it still marks presence (e.g. a link to an absolute path outside it).
        try {
          await lstat(abs(rel));
          return 'other';
        } catch (err2) {
          if (isNoEvidence(err2)) return null;
          throw err2;
        }
      }
    },
    async list(rel) {
      try {
        return await readdir(abs(rel));
      } catch (err) {
        if (isNoEvidence(err)) return null;
        throw err;
      }
    },
    async readLink(rel) {
      try {
        return await readlink(abs(rel));
      } catch (err) {
        if (isNoEvidence(err)) return null;
        throw err;
      }
    },
  };
}
