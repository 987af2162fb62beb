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
# As PID 1 (the grid VM entrypoint) with zinit in the image, it hands over to
# `zinit init`, which starts this script again as the k3sgrid-agent service, so
# the agent can run k3s as a zinit service. Otherwise it execs the agent.
set -eu
ENV_FILE=${K3SGRID_ENV_FILE:-/etc/k3sgrid/agent.env}
self=$(readlink -f "$0" 2>/dev/null || echo "$0")
lib=$(CDPATH= cd -- "$(dirname -- "$self")" && pwd)

log() { echo "k3sgrid first-boot: $*" >&2; }

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

if [ -z "${K3SGRID_COORDINATOR-}" ]; then
  log "K3SGRID_COORDINATOR is not set (environment or $ENV_FILE)"
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

exec "$lib/node" --disable-warning=ExperimentalWarning "$lib/agent.mjs" run "$@"
