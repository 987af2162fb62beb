/**
 * The dashboard in a real browser (playwright-core driving Debian's chromium,
 * never a downloaded one) against a lab: sign in, watch a 3-server cluster
 * with a load balancer and two workers form live over the SSE stream, read a
 * reason in the capability matrix, create a join token, download the
 * kubeconfig and use it with the real kubectl. Saves the screenshots the
 * README shows under docs/screenshots/. Also scrapes /metrics after the
 * formation and merges the kubeconfig with `k3sgrid kubeconfig --merge`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Lab, REPO_ROOT } from '../../scripts/lib/lab-core.js';
import { callApi, runCli } from '@k3sgrid/coordinator';
import { tempDir } from '@k3sgrid/testkit';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(REPO_ROOT, 'docs/screenshots');
const NODES = 6; // 3 servers + 1 load balancer + 2 workers

// No skip: CI installs Debian's chromium; without it this fails loudly rather than pass as coverage.
describe('dashboard (chromium)', () => {
  let lab: Lab;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    dir = tempDir('ui');
    lab = await Lab.start({
      dir,
      subnet: '127.0.90',
      spec: { servers: 3, registration: { mode: 'lb' }, formation: { minNodes: NODES, timeoutSeconds: 60 } },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    });
    context = await browser.newContext({
      ignoreHTTPSErrors: true,
      acceptDownloads: true,
      viewport: { width: 1440, height: 900 },
      deviceScaleFactor: 1,
    });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lab.coordinator.url });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await lab?.stop();
  });

  it('asks for the token, refuses a wrong one, and keeps the right one out of the URL', async () => {
    await page.goto(`${lab.coordinator.url}/ui/`);
    await page.locator('#token').waitFor();
    await page.screenshot({ path: join(SHOTS, 'login.png') });
    await page.fill('#token', 'not-the-token');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toContain('not accepted');
    await page.fill('#token', lab.adminToken());
    await page.click('button[type=submit]');
    await page.locator('[data-testid=clusters-table]').waitFor();
    expect(page.url()).not.toContain(lab.adminToken());
    expect(await page.evaluate<string | null>("sessionStorage.getItem('k3sgrid.token')")).toBe(lab.adminToken());
    await expect.poll(() => page.locator('[data-testid=live]').textContent()).toBe('Live');
    consoleErrors.length = 0; // the refused sign-in logged its 401 on purpose
  });

  it('shows the cluster form live, without a reload', async () => {
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 42));
    const token = await lab.token({ uses: NODES });
    for (let i = 1; i <= NODES; i++) lab.startNode(i, token);
    const seen = new Set<string>();
    const row = page.locator('[data-cluster=lab]');
    const deadline = Date.now() + 150_000;
    for (;;) {
      const phase = await row.locator('.badge').first().getAttribute('data-phase');
      if (phase) seen.add(phase);
      const servers = await row.locator('[data-testid=servers-ready]').textContent();
      const workers = await row.locator('[data-testid=workers-ready]').textContent();
      if (phase === 'ready' && servers === '3/3' && workers === '2/2') break;
      if (Date.now() > deadline)
        throw new Error(`not ready in the page: phase ${phase}, servers ${servers}, workers ${workers}`);
      await page.waitForTimeout(150);
    }
    // It went through earlier phases on screen, and the page was never reloaded.
    expect([...seen].some((p) => p !== 'ready')).toBe(true);
    expect(await page.evaluate(() => (globalThis as unknown as { marker: number }).marker)).toBe(42);
    await lab.waitReady();
    await page.waitForTimeout(500);
    expect(await row.locator('td').nth(3).textContent()).toMatch(/lb\s*127\.0\.90\.\d+/);
    await page.screenshot({ path: join(SHOTS, 'clusters.png') });
  }, 180_000);

  it('cluster page: nodes, capability matrix with reasons, and the timeline', async () => {
    await page.click('[data-cluster=lab] a');
    await page.locator('[data-testid=members-table]').waitFor();
    await expect.poll(() => page.locator('[data-testid=members-table] tbody tr').count()).toBe(NODES);
    const roles = await page.locator('[data-testid=members-table] tbody tr td:nth-child(2)').allTextContents();
    expect(roles.filter((r) => r === 'server-init')).toHaveLength(1);
    expect(roles.filter((r) => r === 'server')).toHaveLength(2);
    expect(roles.filter((r) => r === 'lb')).toHaveLength(1);
    expect(roles.filter((r) => r === 'agent')).toHaveLength(2);
    const timeline = await page.locator('[data-testid=timeline]').textContent();
    expect(timeline).toContain('election');
    expect(timeline).toContain('node.phase.ready');

    const matrix = page.locator('[data-testid=capability-matrix]');
    await matrix.waitFor();
    const bad = matrix.locator('td.cell.no').first();
    expect(await matrix.locator('td.cell.no').count()).toBeGreaterThan(0);
    expect(await matrix.locator('td.cell.yes').count()).toBeGreaterThan(0);
    const hover = (await bad.getAttribute('title')) ?? '';
    const node = (await bad.getAttribute('data-node')) ?? '';
    expect(hover).toContain('needs');
    await bad.locator('button').click();
    const panel = page.locator('[data-testid=reason-panel]');
    await panel.waitFor();
    const text = (await panel.textContent()) ?? '';
    expect(text).toContain('not usable');
    expect(text).toContain(node);
    expect(text).toContain(hover.split('\n')[0]!);
    await page.screenshot({ path: join(SHOTS, 'cluster.png'), fullPage: true });
  });

  it('creates a join token, shown once with a copyable agent command line', async () => {
    await page.click('[data-testid=create-token]');
    await page.fill('#uses', '2');
    await page.click('.modal button[type=submit]');
    await page.locator('[data-testid=token-created]').waitFor();
    const token = await page.inputValue('[data-testid=token-value]');
    const command = (await page.locator('[data-testid=agent-command]').textContent()) ?? '';
    expect(token).toMatch(/^K3G1/);
    expect(command).toBe(`k3sgrid-agent run --coordinator ${lab.coordinator.agentUrl} --token ${token}`);
    await page.click('[data-testid=copy-command]');
    expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(command);
    await page.screenshot({ path: join(SHOTS, 'token.png') });
    const tokens = await lab.coordinator.service.listTokens(lab.cluster.id);
    expect(tokens.some((t) => t.maxUses === 2 && t.description === 'dashboard')).toBe(true);
    await page.click('.modal .btn.primary');
    expect(await page.locator('.modal').count()).toBe(0);
  });

  it('downloads the kubeconfig, and the real kubectl reaches the cluster with it', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid=download-kubeconfig]'),
    ]);
    expect(download.suggestedFilename()).toBe('lab.kubeconfig');
    const path = join(dir, 'downloaded.kubeconfig');
    await download.saveAs(path);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('apiVersion: v1');
    const lbAddr = (await lab.coordinator.service.getCluster(lab.cluster.id)).formation.registrationAddress;
    expect(text).toContain(`server: https://${lbAddr}:6443`);
    const r = spawnSync('kubectl', ['--kubeconfig', path, '--request-timeout', '10s', 'get', 'nodes', '-o', 'name'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').length).toBeGreaterThanOrEqual(5);
  });

  it('nodes page filters by cluster and phase; node page shows the report and drift history', async () => {
    await page.click('nav a[href="#/nodes"]');
    await page.locator('[data-testid=nodes-table]').waitFor();
    await expect.poll(() => page.locator('[data-testid=nodes-table] tbody tr').count()).toBe(NODES);
    await page.selectOption('[data-testid=filter-cluster]', lab.cluster.id);
    await page.selectOption('[data-testid=filter-phase]', 'ready');
    await expect.poll(() => page.url()).toContain('phase=ready');
    await expect.poll(() => page.locator('[data-testid=nodes-table] tbody tr').count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: join(SHOTS, 'nodes.png') });
    await page.selectOption('[data-testid=filter-phase]', 'failed');
    await expect.poll(() => page.locator('[data-testid=nodes-table]').count()).toBe(0);
    await page.selectOption('[data-testid=filter-phase]', '');
    const init = (await lab.coordinator.service.listNodes(lab.cluster.id)).find((n) => n.role === 'server-init')!;
    await page.locator(`[data-testid=nodes-table] tr[data-node="${init.name}"] a`).first().click();
    await page.locator('[data-testid=capability-report]').waitFor();
    expect(await page.locator('[data-testid=modules-table] tbody tr').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid=tools-table] tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=drift-empty]').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'node.png'), fullPage: true });
    await page.click('nav a[href="#/events"]');
    await page.locator('[data-testid=events] li').first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'events.png') });
    // The actor filter asks the API (?actor=agent:): only the agents' own events remain.
    const actors = (): Promise<string[]> => page.locator('[data-testid=events] li .actor').allInnerTexts();
    expect((await actors()).some((a) => !a.startsWith('agent:'))).toBe(true);
    await page.selectOption('[data-testid=actor-filter]', 'agent:');
    await expect
      .poll(async () => {
        const shown = await actors();
        return shown.length > 0 && shown.every((a) => a.startsWith('agent:'));
      })
      .toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it('a /metrics scrape after the formation has every series with plausible values', async () => {
    // Over HTTPS, pinned to the coordinator's own CA, as Prometheus would scrape it.
    const text = await callApi<string>(
      { server: lab.coordinator.url, token: '', ca: lab.coordinator.state.tls.caCert },
      'GET',
      '/metrics',
    );
    const value = (series: string): number => {
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line ? Number(line.split(' ').at(-1)) : Number.NaN;
    };
    expect(value('k3sgrid_agents_connected')).toBe(NODES);
    expect(value('k3sgrid_enrollments_total{result="enrolled"}')).toBe(NODES);
    expect(text).toMatch(/^# TYPE k3sgrid_refusals_total counter$/m);
    expect(value('k3sgrid_handshake_seconds_count{kind="enroll"}')).toBeGreaterThanOrEqual(NODES);
    expect(value('k3sgrid_assignment_seconds_count')).toBeGreaterThan(0);
    expect(value('k3sgrid_clusters{phase="ready"}')).toBe(1);
    expect(value('k3sgrid_nodes{phase="ready"}')).toBe(NODES);
    expect(value('k3sgrid_reconciler_passes_total')).toBeGreaterThan(5);
    expect(value('k3sgrid_reconciler_errors_total')).toBeGreaterThanOrEqual(0);
  });

  it('k3sgrid kubeconfig --merge keeps the other contexts, and kubectl lists both', () => {
    const kc = join(dir, 'merged-config');
    writeFileSync(
      kc,
      [
        'apiVersion: v1',
        'kind: Config',
        'current-context: other',
        'clusters:',
        '- name: other',
        '  cluster:',
        '    server: https://10.9.9.9:6443',
        'users:',
        '- name: other',
        '  user:',
        '    token: abc',
        'contexts:',
        '- name: other',
        '  context:',
        '    cluster: other',
        '    user: other',
        '',
      ].join('\n'),
    );
    return (async () => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(
        ['--state-dir', join(dir, 'coordinator'), 'kubeconfig', 'lab', '--merge', '--kubeconfig', kc],
        { out: (s) => out.push(s), err: (s) => err.push(s) },
      );
      expect(code, err.join('')).toBe(0);
      const r = spawnSync('kubectl', ['--kubeconfig', kc, 'config', 'get-contexts', '-o', 'name'], {
        encoding: 'utf8',
      });
      expect(r.stdout.trim().split('\n').sort()).toEqual(['lab', 'other']);
      const g = spawnSync(
        'kubectl',
        ['--kubeconfig', kc, '--context', 'lab', '--request-timeout', '10s', 'get', 'nodes', '-o', 'name'],
        { encoding: 'utf8' },
      );
      expect(g.status, g.stderr).toBe(0);
    })();
  });
});
