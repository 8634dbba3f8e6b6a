# Sourced by every script that must run as root. A fresh Debian machine has no sudo and its user is root, so the
# README's commands carry no sudo; a non-root user is told what to type instead of failing halfway through.
# require_root NAME WHY [ARGS...]: exits 2 with "NAME: run as root (WHY); as a non-root user: sudo <script> ARGS".
require_root() {
  [[ $EUID -eq 0 ]] && return 0
  local name=$1 why=$2
  shift 2
  echo "$name: run as root ($why); as a non-root user: sudo $0${*:+ $*}" >&2
  exit 2
}
