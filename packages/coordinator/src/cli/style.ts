/**
 * Terminal styling: colours only when the stream is a TTY and `NO_COLOR` is
 * unset (https://no-color.org), a spinner only on a TTY (ora, on stderr), and
 * phase → colour rules shared by every table.
 */
import ora from 'ora';
import pc from 'picocolors';

export type Tone = 'good' | 'busy' | 'bad' | 'idle' | 'none';

/** True when output to this stream may be coloured. */
export function colorEnabled(isTTY: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTTY === true;
}

const colors = pc.createColors(true);

/** Colours `text` by tone when `enabled`. */
export function paint(tone: Tone, text: string, enabled: boolean): string {
  if (!enabled || text === '') return text;
  switch (tone) {
    case 'good':
      return colors.green(text);
    case 'busy':
      return colors.yellow(text);
    case 'bad':
      return colors.red(text);
    case 'idle':
      return colors.dim(text);
    case 'none':
      return text;
  }
}

/** Bold header text when enabled. */
export function bold(text: string, enabled: boolean): string {
  return enabled ? colors.bold(text) : text;
}

const TONES: Record<string, Tone> = {
  ready: 'good',
  active: 'good',
  yes: 'good',
  usable: 'good',
  loaded: 'good',
  builtin: 'good',
  loadable: 'good',
  running: 'busy',
  forming: 'busy',
  bootstrapping: 'busy',
  configuring: 'busy',
  installing: 'busy',
  starting: 'busy',
  'config-module': 'busy',
  'config-builtin': 'busy',
  pending: 'idle',
  expired: 'idle',
  'used-up': 'idle',
  unknown: 'idle',
  degraded: 'bad',
  failed: 'bad',
  revoked: 'bad',
  no: 'bad',
  absent: 'bad',
  missing: 'bad',
};

/** The tone of a status word (phase, token state, yes/no). */
export function toneOf(status: string): Tone {
  return TONES[status] ?? 'none';
}

/** A spinner on stderr when it is a TTY; a no-op otherwise (progress never pollutes pipes). */
export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
}

export function progress(
  text: string,
  isTTY: boolean | undefined = process.stderr.isTTY,
  write: (s: string) => void = (s) => process.stderr.write(s),
): Progress {
  if (!isTTY) {
    return { update: () => {}, succeed: (t) => write(`${t}\n`), fail: (t) => write(`${t}\n`) };
  }
  const s = ora({ text, stream: process.stderr, color: 'cyan' }).start();
  return { update: (t) => void (s.text = t), succeed: (t) => void s.succeed(t), fail: (t) => void s.fail(t) };
}
