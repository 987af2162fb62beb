/**
 * Human-readable rendering of a capability report for `probe -o table`.
 * Plain aligned text: the agent does not depend on a table library.
 */
import type { CapabilityReport } from '@k3sgrid/proto';

/** Renders rows as left-aligned columns separated by two spaces, with a rule under the header. */
export function alignColumns(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function gib(bytes: number): string {
  return bytes === 0 ? '0' : `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}

/** Formats the whole report: summary, modules (state and source), tools, disks. */
export function formatReportTable(report: CapabilityReport): string {
  const dash = (s: string): string => (s === '' ? '-' : s);
  const summary = alignColumns(
    ['fact', 'value'],
    [
      ['hostname', dash(report.hostname)],
      ['kernel', dash(report.kernelRelease)],
      ['kernel config', dash(report.kernelConfigSource)],
      ['arch', dash(report.arch)],
      ['init', report.initSystem],
      ['cgroup', report.cgroupVersion === 0 ? 'unknown' : `v${report.cgroupVersion}`],
      ['cpus', String(report.cpuCount)],
      ['memory', gib(report.memoryBytes)],
      ['addresses', dash(report.addresses.join(', '))],
      ['grid farm', dash(report.gridFarmId)],
      ['grid node', dash(report.gridNodeId)],
      ['public ip', dash(report.publicIp)],
    ],
  );
  const modules = alignColumns(
    ['module', 'config', 'state', 'source'],
    report.modules.map((m) => [m.name, m.configSymbol, m.state, dash(m.sourceFile)]),
  );
  const tools = alignColumns(
    ['tool', 'present', 'path'],
    report.tools.map((t) => [t.name, t.present ? 'yes' : 'no', dash(t.path)]),
  );
  const parts = [summary, '', modules, '', tools];
  if (report.disks.length > 0) {
    parts.push(
      '',
      alignColumns(
        ['disk', 'size', 'unused'],
        report.disks.map((d) => [d.name, gib(d.sizeBytes), d.unused ? 'yes' : 'no']),
      ),
    );
  }
  return parts.join('\n') + '\n';
}
