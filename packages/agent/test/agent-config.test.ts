/**
 * Coordinator addresses in the agent settings: repeated and comma-separated
 * flags, the environment, the config file as a string or a list, and the
 * error naming a bad entry.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAgentProgram } from '../src/cli/program.js';
import { type AgentFlags, MAX_COORDINATORS, parseCoordinatorList, resolveAgentSettings } from '../src/config.js';
import { AgentError } from '../src/errors.js';
import { tempDir } from '@k3sgrid/testkit';

const A = 'wss://10.0.0.1:7443';
const B = 'wss://10.0.0.2:7443';
const C = 'wss://coord-c.example:7443';

/** Options of `run` exactly as commander parses them from argv. */
function runFlags(argv: string[]): AgentFlags {
  const run = buildAgentProgram().commands.find((c) => c.name() === 'run')!;
  run.parseOptions(argv);
  return run.opts<AgentFlags>();
}

function configFile(text: string): string {
  const file = path.join(tempDir('agent-config'), 'agent.yaml');
  writeFileSync(file, text);
  return file;
}

function refusal(f: () => unknown): AgentError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(AgentError);
    return err as AgentError;
  }
  throw new Error('expected an AgentError');
}

describe('coordinator addresses', () => {
  it('keeps the single-address form', () => {
    const s = resolveAgentSettings({ coordinator: A }, {});
    expect(s.coordinators).toEqual([A]);
    expect(s.coordinator).toBe(A);
  });

  it('takes --coordinator repeated and comma-separated, in order, without duplicates', () => {
    const flags = runFlags(['--coordinator', A, '--coordinator', `${B}, ${C}`, '--coordinator', `${A}/`]);
    expect(flags.coordinator).toEqual([A, `${B}, ${C}`, `${A}/`]);
    const s = resolveAgentSettings(flags, {});
    expect(s.coordinators).toEqual([A, B, C]);
    expect(s.coordinator).toBe(A);
  });

  it('takes K3SGRID_COORDINATOR comma-separated; flags win over it', () => {
    expect(resolveAgentSettings({}, { K3SGRID_COORDINATOR: `${B},${A},,` }).coordinators).toEqual([B, A]);
    expect(resolveAgentSettings({ coordinator: [C] }, { K3SGRID_COORDINATOR: `${B},${A}` }).coordinators).toEqual([C]);
  });

  it('takes the config file field as a string, a list, or as coordinators', () => {
    expect(resolveAgentSettings({ config: configFile(`coordinator: ${A}\n`) }, {}).coordinators).toEqual([A]);
    expect(resolveAgentSettings({ config: configFile(`coordinator: "${A},${B}"\n`) }, {}).coordinators).toEqual([A, B]);
    const list = configFile(`coordinator:\n  - ${B}\n  - ${C}\n`);
    expect(resolveAgentSettings({ config: list }, {}).coordinators).toEqual([B, C]);
    const plural = configFile(`coordinators:\n  - ${C}\n  - ${A}\n`);
    expect(resolveAgentSettings({ config: plural }, {}).coordinators).toEqual([C, A]);
    // The environment replaces the file's list as a whole.
    expect(resolveAgentSettings({ config: plural }, { K3SGRID_COORDINATOR: B }).coordinators).toEqual([B]);
    const both = configFile(`coordinator: ${A}\ncoordinators: [${B}]\n`);
    expect(refusal(() => resolveAgentSettings({ config: both }, {})).message).toMatch(
      /both coordinator and coordinators/,
    );
  });

  it('names the bad entry when an address is not wss://', () => {
    const e = refusal(() => resolveAgentSettings(runFlags(['--coordinator', `${A},https://10.0.0.9:7443`]), {}));
    expect(e.code).toBe('config-invalid');
    expect(e.permanent).toBe(true);
    expect(e.message).toContain('"https://10.0.0.9:7443"');
    expect(e.message).toContain('--coordinator');
    const env = refusal(() => resolveAgentSettings({}, { K3SGRID_COORDINATOR: `${A},not a url` }));
    expect(env.message).toContain('"not a url"');
    expect(env.message).toContain('K3SGRID_COORDINATOR');
    const file = configFile(`coordinator:\n  - ${A}\n  - ws://10.0.0.3:7443\n`);
    const f = refusal(() => resolveAgentSettings({ config: file }, {}));
    expect(f.message).toContain('"ws://10.0.0.3:7443"');
    expect(f.message).toContain(file);
  });

  it('refuses credentials in an address without echoing them', () => {
    const e = refusal(() => parseCoordinatorList(['wss://root:hunter2@10.0.0.1:7443'], '--coordinator'));
    expect(e.code).toBe('config-invalid');
    expect(e.message).not.toContain('hunter2');
  });

  it(`takes at most ${MAX_COORDINATORS} addresses`, () => {
    const many = Array.from({ length: MAX_COORDINATORS + 1 }, (_, i) => `wss://10.0.1.${i}:7443`);
    expect(parseCoordinatorList(many.slice(0, MAX_COORDINATORS), 'x')).toHaveLength(MAX_COORDINATORS);
    expect(refusal(() => parseCoordinatorList(many, '--coordinator')).message).toMatch(/at most 16/);
  });

  it('requires at least one address', () => {
    const e = refusal(() => resolveAgentSettings({}, {}));
    expect(e.code).toBe('config-invalid');
    expect(e.message).toMatch(/no coordinator/);
    expect(refusal(() => resolveAgentSettings({}, { K3SGRID_COORDINATOR: ' , ' })).message).toMatch(/no coordinator/);
  });
});
