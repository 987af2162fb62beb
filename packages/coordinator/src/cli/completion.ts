/**
 * Shell completion generated from the commander tree: `k3sgrid completion
 * bash` and `k3sgrid completion zsh` (zsh through bashcompinit). Commands,
 * subcommands and options complete statically; cluster and node names come
 * from the hidden `k3sgrid __names clusters|nodes`, which prints nothing when
 * the coordinator cannot be reached.
 */
import type { Command } from 'commander';

interface Entry {
  path: string;
  words: string[];
  /** The command takes a positional argument of this kind. */
  dynamic?: 'clusters' | 'nodes' | undefined;
}

function visibleCommands(c: Command): Command[] {
  return c.commands.filter((s) => !(s as unknown as { _hidden?: boolean })._hidden);
}

function walk(c: Command, prefix: string[], out: Entry[], valueOpts: Set<string>): void {
  const opts = c.options.flatMap((o) => {
    if (o.required) {
      if (o.long) valueOpts.add(o.long);
      if (o.short) valueOpts.add(o.short);
    }
    return o.long ? [o.long] : [];
  });
  const subs = visibleCommands(c);
  const arg = c.registeredArguments[0]?.name() ?? '';
  const dynamic = /cluster/.test(arg)
    ? 'clusters'
    : /node/.test(arg)
      ? 'nodes'
      : prefix[0] === 'get' && prefix.length === 2
        ? /^cluster/.test(prefix[1] ?? '')
          ? 'clusters'
          : /^node/.test(prefix[1] ?? '')
            ? 'nodes'
            : undefined
        : undefined;
  const choices = c.registeredArguments[0]?.argChoices ?? [];
  out.push({
    path: prefix.join(' '),
    words: [...subs.flatMap((s) => [s.name(), ...s.aliases()]), ...choices, ...opts, '--help'],
    dynamic: subs.length === 0 ? dynamic : undefined,
  });
  for (const s of subs) {
    for (const n of [s.name(), ...s.aliases()]) walk(s, [...prefix, n], out, valueOpts);
  }
}

/** The bash completion script for `program`. */
export function bashCompletion(program: Command): string {
  const entries: Entry[] = [];
  const valueOpts = new Set<string>();
  walk(program, [], entries, valueOpts);
  const name = program.name();
  const fn = `_${name.replace(/[^a-zA-Z0-9_]/g, '_')}_complete`;
  const cases = entries
    .map((e) => {
      const pattern = e.path === '' ? '""' : e.dynamic ? `"${e.path}"|"${e.path} "*` : `"${e.path}"`;
      const dyn = e.dynamic ? ` $(${name} __names ${e.dynamic} 2>/dev/null)` : '';
      return `    ${pattern}) words="${e.words.join(' ')}${dyn}" ;;`;
    })
    .join('\n');
  return `# bash completion for ${name}; load with:  source <(${name} completion bash)
${fn}() {
  local cur prev words="" path="" skip=0 i w
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    -o|--output) COMPREPLY=($(compgen -W "table wide json yaml name" -- "$cur")); return ;;
    --cluster) COMPREPLY=($(compgen -W "$(${name} __names clusters 2>/dev/null)" -- "$cur")); return ;;
    --registration) COMPREPLY=($(compgen -W "server lb vip dns" -- "$cur")); return ;;
    --storage) COMPREPLY=($(compgen -W "auto local-path longhorn rook-ceph nfs" -- "$cur")); return ;;
    --cni) COMPREPLY=($(compgen -W "auto flannel-vxlan flannel-wireguard calico" -- "$cur")); return ;;
    --role) COMPREPLY=($(compgen -W "server agent lb" -- "$cur")); return ;;
    --state-dir|--ca|--output-file|--kubeconfig) COMPREPLY=($(compgen -f -- "$cur")); return ;;
  esac
  case " ${[...valueOpts].sort().join(' ')} " in
    *" $prev "*) COMPREPLY=(); return ;;
  esac
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    if [ "$skip" = 1 ]; then skip=0; continue; fi
    case "$w" in
      -*) case " ${[...valueOpts].sort().join(' ')} " in *" $w "*) skip=1 ;; esac ;;
      *) path="\${path:+$path }$w" ;;
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F ${fn} ${name}
`;
}

/** The zsh completion script: the bash one through bashcompinit. */
export function zshCompletion(program: Command): string {
  return `#compdef ${program.name()}
# zsh completion for ${program.name()}; load with:  source <(${program.name()} completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashCompletion(program).split('\n').slice(1).join('\n')}`;
}
