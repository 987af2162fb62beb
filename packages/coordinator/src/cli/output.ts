/**
 * Output formats shared by every read command: data goes to stdout as a
 * table, JSON or YAML; progress and errors go to stderr.
 */
import Table from 'cli-table3';
import { stringify } from 'yaml';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Column<T> {
  header: string;
  get: (row: T) => string | number | boolean | null | undefined;
}

/** Parses the -o flag; throws on an unknown format. */
export function parseFormat(v: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(v)) return v as OutputFormat;
  throw new Error(`unknown output format ${JSON.stringify(v)}: use table, json or yaml`);
}

/** Renders rows in the requested format. `raw` is what json/yaml print. */
export function render<T>(format: OutputFormat, rows: T[], columns: Column<T>[], raw: unknown = rows): string {
  if (format === 'json') return `${JSON.stringify(raw, null, 2)}\n`;
  if (format === 'yaml') return stringify(raw);
  const t = new Table({
    head: columns.map((c) => c.header),
    style: { head: [], border: [], compact: true },
    chars: { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '', left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '   ' },
  });
  for (const r of rows) t.push(columns.map((c) => String(c.get(r) ?? '')));
  return `${t.toString().split('\n').map((l) => l.trimEnd().replace(/^ /, '')).join('\n')}\n`;
}

/** Parses durations like 90s, 30m, 1h, 1h30m or a bare number of seconds. */
export function parseDuration(v: string): number {
  if (/^\d+$/.test(v)) return Number(v);
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v);
  if (!m || v === '') throw new Error(`invalid duration ${JSON.stringify(v)}: use e.g. 30m, 1h, 90s`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** Human age like kubectl's: 5s, 3m, 2h, 4d. */
export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}
