/** One base error: every layer's error is an AgentError with a kebab-case code. */
import { describe, expect, it } from 'vitest';
import {
  AgentError,
  InvalidConfigKeyError,
  K3sError,
  LbSpecError,
  ProbeReadError,
  ProbeRootError,
} from '../src/index.js';

describe('agent errors', () => {
  it.each<[string, AgentError]>([
    ['k3s', new K3sError('k3s-disk-full', 'disk full', { retryable: true })],
    ['k3s config key', new InvalidConfigKeyError('bogus', 'agent')],
    ['load balancer', new LbSpecError('no address')],
    ['probe root', new ProbeRootError('/x', 'missing')],
    ['probe read', new ProbeReadError('/x/config.gz', 'corrupt')],
    ['session', new AgentError('pin-mismatch', 'pin differs', true)],
  ])('%s errors are AgentErrors with a kebab-case code and their own name', (_what, err) => {
    expect(err).toBeInstanceOf(AgentError);
    expect(err).toBeInstanceOf(Error);
    expect(err.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(err.name).toMatch(/Error$/);
    expect(err.name).not.toBe('Error');
  });

  it('layer errors are not permanent (only the session decides that)', () => {
    expect(new K3sError('k3s-not-ready', 'later').permanent).toBe(false);
    expect(new LbSpecError('x').permanent).toBe(false);
  });
});
