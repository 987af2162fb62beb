/**
 * Output formats shared by every read command: data goes to stdout as a
 * table, JSON or YAML; progress and errors go to stderr.
 */
import { InvalidArgumentError } from 'commander';
import Table from 'cli-table3';
import { stringify } from 'yaml';
import { bold, paint, toneOf } from './style.js';

export const OUTPUT_FORMATS = ['table', 'wide', 'json', 'yaml', 'name'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface Column<T> {
  header: string;
  get: (row: T) => string | number | boolean | null | undefined;
  /** Shown only with `-o wide`. */
  wide?: boolean;
  /** Colour the cell by its status word (phase, state, yes/no). */
  status?: boolean;
}

/** Rendering options: colour (only on a TTY without NO_COLOR) and the `-o name` key. */
export interface RenderOptions {
  color?: boolean;
  /** What `-o name` prints per row (default: the first column). */
  name?: (row: never) => string;
}

/** Parses the -o flag; throws on an unknown format. */
export function parseFormat(v: string): OutputFormat {
  if ((OUTPUT_FORMATS as readonly string[]).includes(v)) return v as OutputFormat;
  throw new Error(`unknown output format ${JSON.stringify(v)}: use table, wide, json, yaml or name`);
}

/** Renders rows in the requested format. `raw` is what json/yaml print. */
export function render<T>(
  format: OutputFormat,
  rows: T[],
  columns: Column<T>[],
  raw: unknown = rows,
  opts: RenderOptions = {},
): string {
  if (format === 'json') return `${JSON.stringify(raw, null, 2)}\n`;
  if (format === 'yaml') return stringify(raw);
  if (format === 'name') {
    const key = (opts.name as ((row: T) => string) | undefined) ?? ((r: T) => String(columns[0]?.get(r) ?? ''));
    return rows.map((r) => `${key(r)}\n`).join('');
  }
  return table(
    rows,
    columns.filter((c) => format === 'wide' || !c.wide),
    opts.color ?? false,
  );
}

/** A kubectl-style borderless table. */
export function table<T>(rows: T[], columns: Column<T>[], color = false): string {
  const t = new Table({
    head: columns.map((c) => bold(c.header, color)),
    style: { head: [], border: [], compact: true },
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '   ',
    },
  });
  for (const r of rows) {
    t.push(
      columns.map((c) => {
        const v = String(c.get(r) ?? '');
        return c.status ? paint(toneOf(v), v, color) : v;
      }),
    );
  }
  return `${t
    .toString()
    .split('\n')
    .map((l) => l.trimEnd().replace(/^ /, ''))
    .join('\n')}\n`;
}

/** Parses durations like 90s, 30m, 1h, 1h30m or a bare number of seconds. */
export function parseDuration(v: string): number {
  if (/^\d+$/.test(v)) return Number(v);
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v);
  if (!m || v === '')
    throw new InvalidArgumentError(`invalid duration ${JSON.stringify(v)}: use e.g. 30m, 1h, 90s, 30d`);
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** Human age like kubectl's: 5s, 3m, 2h, 4d. */
export function age(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** Bytes as KiB, MiB or GiB with one decimal (binary units, like `ls -h`). */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u] ?? 'TiB'}`;
}
