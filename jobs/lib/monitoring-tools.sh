#!/usr/bin/env bash
# Debian's Prometheus and Alertmanager, for the ecosystem tests (src/test/java/io/floorwatch/ecosystem: promtool
# checks and unit tests of the alerting rules, a real Prometheus scraping a standalone cluster, a real Alertmanager
# behind the webhook sink's Alertmanager route).
#
#   monitoring-tools.sh install   install the packages prometheus and prometheus-alertmanager when a binary of theirs
#                                 is missing (apt-get update first, quiet, no recommends); their services stay stopped
#   monitoring-tools.sh check     exit 0 when prometheus, promtool and the alertmanager are on PATH
#
# The packages come with services that would listen on every interface (9090, 9093, 9094). The tests start their
# own servers on 127.0.0.1 with free ports, so nothing is started at install (a policy-rc.d that denies, for the
# install only, unless the machine has its own) and, where systemd runs, the new units are disabled and stopped.
set -euo pipefail
# shellcheck source=jobs/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

POLICY_RC=/usr/sbin/policy-rc.d
SUDO=()
OWN_POLICY=0

have_prometheus() { command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; }
have_alertmanager() {
  command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1
}

remove_own_policy() {
  if [[ $OWN_POLICY == 1 ]]; then
    "${SUDO[@]}" rm -f "$POLICY_RC"
    OWN_POLICY=0
  fi
}

cmd_install() {
  local packages=()
  have_prometheus || packages+=(prometheus)
  have_alertmanager || packages+=(prometheus-alertmanager)
  [[ ${#packages[@]} -eq 0 ]] && return 0
  fw_need apt-get "a Debian or Ubuntu machine; otherwise install Prometheus and Alertmanager yourself"
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || fw_die "not root and no sudo: apt-get install ${packages[*]}"
    SUDO=(sudo)
  fi
  fw_log "installing ${packages[*]} for the tests (Debian packages; their services are not started)"
  if [[ ! -e "$POLICY_RC" ]]; then
    trap remove_own_policy EXIT
    printf '#!/bin/sh\n# jobs/lib/monitoring-tools.sh, during one apt-get install: start no service\nexit 101\n' \
      | "${SUDO[@]}" tee "$POLICY_RC" >/dev/null
    "${SUDO[@]}" chmod 755 "$POLICY_RC"
    OWN_POLICY=1
  fi
  "${SUDO[@]}" apt-get update -qq >/dev/null
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" \
    >/dev/null
  remove_own_policy
  if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
    local p
    for p in "${packages[@]}"; do
      "${SUDO[@]}" systemctl disable --now "$p.service" >/dev/null 2>&1 || true
    done
  fi
  cmd_check || fw_die "installed ${packages[*]}, but prometheus, promtool or the alertmanager is still not on PATH"
}

cmd_check() {
  have_prometheus && have_alertmanager
}

case "${1:-}" in
  install) cmd_install ;;
  check) cmd_check ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
