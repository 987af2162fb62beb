#!/bin/sh
# k3sgrid first boot: start the node agent with the coordinator URL and join
# token the machine was given.
#
# Settings (K3SGRID_* only) come from the environment (grid VM env_vars,
# docker -e, systemd EnvironmentFile) and from /etc/k3sgrid/agent.env; the
# environment wins. On the first start they are saved to that file (0600), so
# restarts and a later init system find them. K3SGRID_COORDINATOR is required;
# K3SGRID_TOKEN only until the node has enrolled (its identity then lives in
# the agent state dir).
#
# Grid VMs: in container mode the cloud-container initramfs exports the VM's
# env_vars before it starts the entrypoint (threefoldtech/cloud-container
# `init` sources /seed/zosrc from the "cidata" disk). A VM that boots its own
# kernel (the flist has /boot/vmlinuz) gets the same disk but nobody sources
# it, so when K3SGRID_COORDINATOR is still missing this script reads the
# K3SGRID_* lines of zosrc itself (format: zosbase pkg/vm/cloudinit/image.go,
# `export NAME='value'`). K3SGRID_ZOSRC names a zosrc file to read instead.
#
# As PID 1 (the grid VM entrypoint) with zinit in the image, it hands over to
# `zinit init`, which starts this script again as the k3sgrid-agent service
# (K3SGRID_ZINIT_SERVICE=1 in /etc/zinit/k3sgrid-agent.yaml), so the agent can
# run k3s as a zinit service. zinit restarts a service whatever its exit code
# (threefoldtech/zinit src/zinit/lifecycle.rs watch_service: 2 s, unless
# oneshot), so under zinit an agent that exits 3 (permanent refusal: revoked,
# bad token) is not restarted: the script stays up without it until
# `zinit restart k3sgrid-agent`. Elsewhere it runs the agent in its place
# (systemd's RestartPreventExitStatus=3 does the same there).
set -eu
ENV_FILE=${K3SGRID_ENV_FILE:-/etc/k3sgrid/agent.env}
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
lib=$(CDPATH= cd -- "$(dirname -- "$self")" && pwd)

log() { echo "k3sgrid first-boot: $*" >&2; }

# Reads K3SGRID_* from a zosrc file (lines `export NAME='v'`, with ' written as '"'"').
read_zosrc() {
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in "export K3SGRID_"*=\'*\') ;; *) continue ;; esac
    line=${line#export }
    key=${line%%=*}
    case "$key" in *[!A-Za-z0-9_]*) continue ;; esac
    val=${line#*=}
    val=${val#\'}
    val=${val%\'}
    # undo the quoting of embedded single quotes
    q="'\"'\"'"
    out=''
    while :; do
      case "$val" in
        *"$q"*) out="$out${val%%"$q"*}'"; val=${val#*"$q"} ;;
        *) out="$out$val"; break ;;
      esac
    done
    eval "cur=\${$key-}"
    [ -n "$cur" ] || export "$key=$out"
  done <"$1"
}

# Own-kernel VMs: the settings are on the cidata disk, not in the environment.
load_cidata() {
  if [ -n "${K3SGRID_ZOSRC-}" ]; then
    [ -r "$K3SGRID_ZOSRC" ] && read_zosrc "$K3SGRID_ZOSRC"
    return 0
  fi
  command -v blkid >/dev/null 2>&1 || return 0
  dev=$(blkid -t LABEL=cidata -o device 2>/dev/null | head -n 1) || return 0
  [ -n "$dev" ] || return 0
  mnt=$(mktemp -d)
  if mount -t vfat -o ro "$dev" "$mnt" 2>/dev/null; then
    [ -r "$mnt/zosrc" ] && read_zosrc "$mnt/zosrc"
    umount "$mnt" || true
  fi
  rmdir "$mnt" 2>/dev/null || true
}

# 1. fill in from the env file what the environment does not set
if [ -r "$ENV_FILE" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '' | '#'*) continue ;; esac
    key=${line%%=*}
    val=${line#*=}
    case "$key" in K3SGRID_*) ;; *) continue ;; esac
    case "$key" in *[!A-Za-z0-9_]*) log "ignoring bad name $key in $ENV_FILE"; continue ;; esac
    case "$val" in \"*\") val=${val#\"}; val=${val%\"} ;; \'*\') val=${val#\'}; val=${val%\'} ;; esac
    eval "cur=\${$key-}"
    [ -n "$cur" ] || export "$key=$val"
  done <"$ENV_FILE"
fi

[ -n "${K3SGRID_COORDINATOR-}" ] || load_cidata

if [ -z "${K3SGRID_COORDINATOR-}" ]; then
  log "K3SGRID_COORDINATOR is not set (environment, $ENV_FILE or the cidata disk)"
  exit 2
fi

# 2. keep the settings for restarts (only if the file is missing: an operator's edits win)
if [ ! -e "$ENV_FILE" ]; then
  (
    umask 077
    mkdir -p "$(dirname "$ENV_FILE")"
    env | grep '^K3SGRID_[A-Z0-9_]*=' | sort >"$ENV_FILE.tmp.$$"
    mv "$ENV_FILE.tmp.$$" "$ENV_FILE"
  ) || log "could not save settings to $ENV_FILE (read-only root?)"
fi

# 3. hand over to zinit when we are the init process
if [ "$$" = 1 ] && [ -x /sbin/zinit ] && [ -z "${K3SGRID_NO_ZINIT-}" ]; then
  exec /sbin/zinit init
fi

if [ -z "${K3SGRID_ZINIT_SERVICE-}" ]; then
  exec "$lib/node" --disable-warning=ExperimentalWarning "$lib/agent.mjs" run "$@"
fi

# 4. under zinit: run the agent as a child, pass stop signals on, and do not
#    come back for zinit to restart after a permanent refusal (exit 3).
"$lib/node" --disable-warning=ExperimentalWarning "$lib/agent.mjs" run "$@" &
agent=$!
trap 'kill -TERM "$agent" 2>/dev/null || true' TERM INT
rc=0
while :; do
  wait "$agent" && rc=0 || rc=$?
  # wait returns early (>128) when a trapped signal arrives; the agent may still run
  kill -0 "$agent" 2>/dev/null || break
done
if [ "$rc" -ne 3 ]; then
  exit "$rc"
fi
log "the agent exited 3 (permanent refusal: see its log); not restarting it. Fix the cause, then: zinit restart k3sgrid-agent"
trap 'exit 0' TERM INT
while :; do
  sleep 3600 &
  wait $! || true
done
