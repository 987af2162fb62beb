/**
 * `#cloud-config` user-data for any cloud with cloud-init: installs the
 * image's packages, writes the agent's env file and systemd unit, fetches the
 * packaged agent (the tarball from `npm run package:agent`), and starts it.
 * Pure: the token comes in already created.
 *
 * Without a package mirror (an air-gapped site, a machine whose network only
 * reaches the coordinator), cloud-init's `package_update` runs `apt-get
 * update`, which fails to fetch and only warns, and `packages:` then succeeds
 * only if every package is already installed; each boot still waits for the
 * failing fetches. `installPackages: false` (`k3sgrid cloud-init
 * --no-packages`) leaves apt out for images that carry the packages.
 */
import { stringify } from 'yaml';
import { GridPlanError, type GridRole } from './model.js';

/** Packages every node image carries (storage and network prerequisites, HAProxy for the lb role). */
export const NODE_IMAGE_PACKAGES = ['open-iscsi', 'nfs-common', 'wireguard-tools', 'haproxy'] as const;

/** Env file read by the first-boot script and the systemd unit. */
export const AGENT_ENV_FILE = '/etc/k3sgrid/agent.env';

/**
 * The agent's systemd unit. packaging/rootfs/etc/systemd/system/k3sgrid-agent.service
 * is the same text (a test keeps them equal). Exit code 3 is a permanent
 * refusal (revoked node, bad token): restarting would not help.
 */
export const AGENT_SYSTEMD_UNIT = `[Unit]
Description=k3sgrid node agent (enrolls with the coordinator, runs k3s as assigned)
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
EnvironmentFile=-/etc/k3sgrid/agent.env
ExecStart=/usr/local/lib/k3sgrid/first-boot.sh
Restart=always
RestartSec=5
RestartPreventExitStatus=3
KillMode=process
LimitNOFILE=1048576

[Install]
WantedBy=multi-user.target
`;

/** Input of {@link renderCloudInit}. */
export interface CloudInitInput {
  cluster: string;
  role: GridRole;
  coordinatorUrl: string;
  token: string;
  /** URL of the agent tarball (k3sgrid-agent-<version>-linux-<arch>.tar.gz from `npm run package:agent`). */
  agentUrl: string;
  /** sha256 of that tarball; checked before anything is unpacked when given. */
  agentSha256?: string;
  hostname?: string;
  /** Extra K3SGRID_* settings for the env file. */
  extraEnv?: Readonly<Record<string, string>>;
  /**
   * Install {@link NODE_IMAGE_PACKAGES} (and curl, ca-certificates) with
   * cloud-init's `package_update` and `packages:` (default true). False for an
   * image that already carries them: no apt run at all.
   */
  installPackages?: boolean;
}

const ENV_VALUE = /^[^\n\r\0]*$/;

/** Shell single-quoting. */
const sq = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The user-data text, starting with the `#cloud-config` line. */
export function renderCloudInit(input: CloudInitInput): string {
  const bad = (m: string): never => {
    throw new GridPlanError('grid-plan-invalid', m);
  };
  if (!/^wss:\/\/[^\s/]+/.test(input.coordinatorUrl))
    bad(`coordinator URL ${JSON.stringify(input.coordinatorUrl)} is not wss://HOST:PORT`);
  if (!/^(https?|file):\/\/\S+$/.test(input.agentUrl))
    bad(`--agent-url ${JSON.stringify(input.agentUrl)} is not an http(s) URL`);
  if (input.agentSha256 !== undefined && !/^[0-9a-f]{64}$/.test(input.agentSha256))
    bad('--agent-sha256 must be 64 lowercase hex digits');
  const env: Record<string, string> = {
    ...(input.extraEnv ?? {}),
    K3SGRID_COORDINATOR: input.coordinatorUrl,
    K3SGRID_TOKEN: input.token,
    ...(input.hostname ? { K3SGRID_HOSTNAME: input.hostname } : {}),
  };
  for (const [k, v] of Object.entries(env)) {
    if (!/^K3SGRID_[A-Z0-9_]+$/.test(k)) bad(`env name ${k} is not K3SGRID_*`);
    if (!ENV_VALUE.test(v)) bad(`env value of ${k} has a line break`);
  }
  const envFile = Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');

  const install = [
    '#!/bin/sh',
    '# Fetches the packaged k3sgrid agent and unpacks it into / (usr/local/...).',
    'set -eu',
    `url=${sq(input.agentUrl)}`,
    `want=${sq(input.agentSha256 ?? '')}`,
    'tmp=$(mktemp -d)',
    'trap \'rm -rf "$tmp"\' EXIT',
    'if command -v curl >/dev/null 2>&1; then curl -fsSL --retry 5 -o "$tmp/agent.tar.gz" "$url"',
    'elif command -v wget >/dev/null 2>&1; then wget -q -O "$tmp/agent.tar.gz" "$url"',
    'else echo "k3sgrid: neither curl nor wget is installed: cannot fetch $url" >&2; exit 1; fi',
    'if [ -n "$want" ]; then',
    '  got=$(sha256sum "$tmp/agent.tar.gz" | cut -d" " -f1)',
    '  [ "$got" = "$want" ] || { echo "k3sgrid: agent tarball sha256 $got, want $want" >&2; exit 1; }',
    'fi',
    'root=/',
    '# --no-overwrite-dir: directories that exist (/, /etc, /usr, /usr/local) keep their owner and',
    '# mode; a tarball packed under umask 077 would otherwise make /usr 0700 for every service.',
    'tar -xzf "$tmp/agent.tar.gz" -C "$root" --no-same-owner --no-overwrite-dir',
    '"${root%/}/usr/local/bin/k3sgrid-agent" --version',
    '',
  ].join('\n');

  const packages =
    input.installPackages === false
      ? {}
      : { package_update: true, packages: [...NODE_IMAGE_PACKAGES, 'curl', 'ca-certificates'] };
  const doc = {
    ...packages,
    write_files: [
      { path: AGENT_ENV_FILE, owner: 'root:root', permissions: '0600', content: `${envFile}\n` },
      {
        path: '/etc/systemd/system/k3sgrid-agent.service',
        owner: 'root:root',
        permissions: '0644',
        content: AGENT_SYSTEMD_UNIT,
      },
      { path: '/usr/local/lib/k3sgrid/install-agent.sh', owner: 'root:root', permissions: '0755', content: install },
    ],
    runcmd: [
      '/usr/local/lib/k3sgrid/install-agent.sh',
      'systemctl enable --now iscsid.service || true',
      'systemctl daemon-reload',
      'systemctl enable --now k3sgrid-agent.service',
    ],
  };
  const header =
    '#cloud-config\n' +
    `# k3sgrid ${input.role} node for cluster ${input.cluster} (generated by \`k3sgrid cloud-init\`).\n` +
    '# Holds a join token: treat this user-data as a secret; the token expires and is used up on enrollment.\n';
  return header + stringify(doc, { lineWidth: 0 });
}
