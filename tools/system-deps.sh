#!/usr/bin/env bash
# Debian packages the project needs outside Python: python3-venv for the venv (Debian's python3 lacks ensurepip),
# Chromium for the browser tests, CJK fonts so Chinese renders, Graphviz for map diagrams, Java 17 + Maven for the
# test Neo4j. Installs what is missing when run as root on a
# Debian-like system; otherwise says what is missing and carries on (tests that need it skip with the reason,
# or fail when POLICYKG_REQUIRE_* says they must run).
set -u
need=()
"${PYTHON:-python3}" -c "import ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need+=(maven)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || echo "warning: could not install ${need[*]}" >&2
else
  echo "warning: missing system packages (install as root): ${need[*]}" >&2
fi
exit 0
