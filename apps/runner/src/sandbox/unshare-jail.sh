#!/bin/sh
# The sandbox's util-linux backend (unshare-backend.ts): run by `unshare` as the first process of
# fresh mount, pid, network, ipc and uts namespaces, it builds under NEWROOT the layout bubblewrap
# builds, switches into it, and runs COMMAND as its child, exiting with its status (128+N when
# killed by signal N, as bwrap reports it). Paths arrive only as arguments; none is part of this text.
#
#   unshare-jail.sh NEWROOT OP... -- COMMAND...
#   OP: ro-bind SRC DST | bind SRC DST | tmpfs MODE BYTES DST | dev DST | proc DST | chdir DIR
set -eu
# the tools below come from the system, whatever PATH the caller had (pivot_root lives in sbin)
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH

die() {
  echo "sandbox jail: $*" >&2
  exit 125
}
absolute() { case $1 in /*) ;; *) die "not an absolute path: $1" ;; esac; }
number() { case $1 in '' | *[!0-9]*) die "not a number: $1" ;; esac; }

[ $# -ge 1 ] || die 'usage: unshare-jail.sh NEWROOT OP... -- COMMAND...'
absolute "$1"
root=$(realpath -e "$1") || die "no folder $1"
shift

# where DST of the layout lies while it is built; a symlink on the way (/home -> /var/home) would
# point out of the new root and hide the host's folder instead of the jail's, so that is refused
at() {
  if [ "$1" = / ]; then p=$root; else p=$root$1; fi
  case $(realpath -m "$p") in "$root" | "$root"/*) ;; *) die "$1 leads out of the new root" ;; esac
  printf '%s' "$p"
}

# a mount point like SRC's (bwrap creates missing ones too)
mountpoint_for() {
  [ -e "$2" ] && return 0
  if [ -d "$1" ]; then mkdir -p "$2"; else mkdir -p "$(dirname "$2")" && : >"$2"; fi
}

# every mount at or below $1 read-only: a bind keeps the source's submounts writable otherwise
readonly_below() {
  mounts=$(findmnt --submounts --noheadings --list --output TARGET --mountpoint "$1") || die "no mount at $1"
  [ -n "$mounts" ] || die "no mount at $1"
  # findmnt escapes unusual characters, so such a path fails here: the jail is then refused
  while IFS= read -r m; do
    mount -o remount,bind,ro "$m" || die "cannot make $m read-only"
  done <<EOF
$mounts
EOF
}

# Loopback up, as bwrap leaves it: code may serve and test on 127.0.0.1 of its own empty network.
# Without iproute2 (it is in Debian's standard system, not in its minimal one) it stays down:
# no network at all, stricter still.
if command -v ip >/dev/null 2>&1; then ip link set lo up; fi

cwd=/
op=
while [ $# -gt 0 ]; do
  op=$1
  shift
  case $op in
  --) break ;;
  ro-bind | bind)
    [ $# -ge 2 ] || die "$op needs SRC DST"
    absolute "$1"
    absolute "$2"
    dst=$(at "$2")
    mountpoint_for "$1" "$dst"
    if [ "$op" = ro-bind ]; then
      mount --rbind "$1" "$dst"
      readonly_below "$dst"
    else
      # the job folder: no submounts to carry
      mount --bind "$1" "$dst"
    fi
    shift 2
    ;;
  tmpfs)
    [ $# -ge 3 ] || die 'tmpfs needs MODE BYTES DST'
    case $1 in '' | *[!0-7]*) die "not a mode: $1" ;; esac
    number "$2"
    absolute "$3"
    dst=$(at "$3")
    mkdir -p "$dst"
    mount -t tmpfs -o "mode=$1,size=$2,nosuid,nodev" tmpfs "$dst"
    shift 3
    ;;
  proc)
    [ $# -ge 1 ] || die 'proc needs DST'
    absolute "$1"
    # this shell is pid 1 of the new pid namespace: the new proc shows only its processes
    dst=$(at "$1")
    mount -t proc -o nosuid,nodev,noexec proc "$dst"
    shift
    ;;
  dev)
    [ $# -ge 1 ] || die 'dev needs DST'
    absolute "$1"
    dev=$(at "$1")
    # bwrap's --dev: a few harmless device nodes, the stdio links and a private devpts
    mount -t tmpfs -o mode=0755,size=65536,nosuid,nodev,noexec tmpfs "$dev"
    for node in null zero full random urandom tty; do
      : >"$dev/$node"
      mount --bind "/dev/$node" "$dev/$node"
    done
    ln -s /proc/self/fd "$dev/fd"
    ln -s /proc/self/fd/0 "$dev/stdin"
    ln -s /proc/self/fd/1 "$dev/stdout"
    ln -s /proc/self/fd/2 "$dev/stderr"
    ln -s /proc/kcore "$dev/core"
    mkdir -m 0755 "$dev/shm" "$dev/pts"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$dev/pts"
    ln -s pts/ptmx "$dev/ptmx"
    shift
    ;;
  chdir)
    [ $# -ge 1 ] || die 'chdir needs DIR'
    absolute "$1"
    cwd=$1
    shift
    ;;
  *) die "unknown operation: $op" ;;
  esac
done
[ "$op" = -- ] && [ $# -gt 0 ] || die 'no command after --'

# Switch into the new root and detach the old one: nothing of the host stays reachable.
cd "$root"
pivot_root . .
umount -l .
cd "$cwd"

# As a child, not exec'd: pid 1 of a namespace ignores signals it has no handler for, which
# would change how the code's own kill(), abort() and SIGXCPU behave.
set +e
"$@"
exit $?
