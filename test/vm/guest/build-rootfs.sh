#!/usr/bin/env bash
# Builds the VM test's Debian 12 node: a root filesystem from debootstrap
# (systemd as PID 1, cloud-init, the node image packages, Debian's cloud
# kernel), written into an ext4 image with `mkfs.ext4 -d` (no loop mount), and
# the kernel and initrd from its /boot next to it for QEMU's -kernel/-initrd.
#
#   build-rootfs.sh OUT_DIR DEB_CACHE_DIR
#
# OUT_DIR must not exist; it is built as OUT_DIR.partial and renamed when
# complete, so a half-built root is never used. Needs root (debootstrap,
# chroot). The guest gets no network of its own in the test: everything it
# needs is installed here. Mirror: K3SGRID_VM_MIRROR (default deb.debian.org).
#
# Test-only additions (never part of a node image): the command channel on a
# virtio-serial port (channel.py, k3sgrid-test-channel.service), and etcd and
# openssl for the k3s test double (packages.txt; etcd.service masked).
set -euo pipefail

out=${1:?usage: build-rootfs.sh OUT_DIR DEB_CACHE_DIR}
debs=${2:?usage: build-rootfs.sh OUT_DIR DEB_CACHE_DIR}
here=$(cd "$(dirname "$0")" && pwd)
mirror=${K3SGRID_VM_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
image_size=${K3SGRID_VM_IMAGE_SIZE:-6G}

log() { printf '[build-rootfs %5ss] %s\n' "$SECONDS" "$*"; }
die() { echo "build-rootfs: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot)"
command -v debootstrap >/dev/null || die "debootstrap is missing (apt-get install debootstrap)"
command -v mkfs.ext4 >/dev/null || die "mkfs.ext4 is missing (apt-get install e2fsprogs)"
[ ! -e "$out" ] || die "$out exists"

work="$out.partial"
root="$work/root"
rm -rf "$work"
mkdir -p "$root" "$debs"

mounted=()
cleanup() {
  local m
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  [ -e "$out" ] || rm -rf "$work"
}
trap cleanup EXIT

include=$(grep -v '^[[:space:]]*\(#\|$\)' "$here/packages.txt" | paste -sd, -)
log "debootstrap $suite from $mirror: $include"
debootstrap --variant=minbase --cache-dir="$debs" --include="$include" "$suite" "$root" "$mirror" \
  >"$work/debootstrap.log" 2>&1 || {
  tail -n 30 "$work/debootstrap.log" >&2
  [ -f "$root/debootstrap/debootstrap.log" ] && tail -n 30 "$root/debootstrap/debootstrap.log" >&2
  die "debootstrap failed (log above)"
}
log "debootstrap done"

# Configuration a prepared node image would have.
echo k3sgrid-vm >"$root/etc/hostname"
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
echo '/dev/vda / ext4 rw,errors=remount-ro 0 1' >"$root/etc/fstab"
# Every boot of a fresh copy gets its own machine id (first boot semantics).
: >"$root/etc/machine-id"
rm -f "$root/var/lib/dbus/machine-id"

# cloud-init: only the NoCloud seed exists here (no metadata service probes
# with their network timeouts); its network config goes to systemd-networkd.
mkdir -p "$root/etc/cloud/cloud.cfg.d"
cat >"$root/etc/cloud/cloud.cfg.d/90-k3sgrid-vm.cfg" <<'EOF'
# k3sgrid VM test image: NoCloud seed (the cidata disk) only.
datasource_list: [NoCloud, None]
# Debian's locale-gen takes no locale argument, so cloud-init's default
# (en_US.UTF-8, not generated in this image) fails in update-locale; C.UTF-8
# is built into glibc.
locale: C.UTF-8
EOF
# No sshd in this image: without the ssh (host keys) and set-passwords
# (ssh_pwauth) modules, cloud-init logs no warnings about it, so any warning
# in a test run is about the user-data.
sed -i -e '/^ - ssh$/d' -e '/^ - set-passwords$/d' "$root/etc/cloud/cloud.cfg"
! grep -qE '^ - (ssh|set-passwords)$' "$root/etc/cloud/cloud.cfg" || die "could not drop the ssh modules from cloud.cfg"

mkdir -p "$root/etc/systemd/system/multi-user.target.wants" "$root/etc/systemd/system/sysinit.target.wants"
# The guest has no route to a package mirror: no apt timers.
for t in apt-daily.timer apt-daily-upgrade.timer; do ln -sf /dev/null "$root/etc/systemd/system/$t"; done
ln -sf /lib/systemd/system/systemd-networkd.service "$root/etc/systemd/system/multi-user.target.wants/systemd-networkd.service"

# Test-only: Debian's etcd-server enables its own etcd.service (a member on
# localhost:2379); the k3s test double runs its own etcd as k3s embeds one,
# so the package's service must never start.
ln -sf /dev/null "$root/etc/systemd/system/etcd.service"
rm -f "$root/etc/systemd/system/multi-user.target.wants/etcd.service"
chroot "$root" etcd --version >/dev/null || die "etcd-server installed no runnable etcd"

# Test-only command channel (virtio-serial port org.k3sgrid.test).
install -D -m 0755 "$here/channel.py" "$root/usr/local/lib/k3sgrid-test/channel.py"
install -D -m 0644 "$here/k3sgrid-test-channel.service" "$root/etc/systemd/system/k3sgrid-test-channel.service"
ln -sf /etc/systemd/system/k3sgrid-test-channel.service \
  "$root/etc/systemd/system/sysinit.target.wants/k3sgrid-test-channel.service"

# The kernel and initrd for QEMU's -kernel/-initrd.
kernel=$(ls "$root"/boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
[ -n "$kernel" ] || die "no /boot/vmlinuz-* in the root"
release=${kernel##*/vmlinuz-}
if [ ! -f "$root/boot/initrd.img-$release" ]; then
  log "update-initramfs for $release"
  for d in proc sys dev; do mount --bind "/$d" "$root/$d"; mounted+=("$root/$d"); done
  chroot "$root" update-initramfs -c -k "$release" >"$work/initramfs.log" 2>&1 || die "update-initramfs failed"
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount "${mounted[$i]}"; done
  mounted=()
fi
cp "$kernel" "$work/vmlinuz"
cp "$root/boot/initrd.img-$release" "$work/initrd.img"
for m in rbd iscsi_tcp; do
  grep -q "/$m.ko" "$root/lib/modules/$release/modules.dep" || die "kernel $release has no $m module"
done

# Smaller image: no package lists or downloaded debs, no docs.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*

log "mkfs.ext4 -d ($image_size, sparse)"
truncate -s "$image_size" "$work/rootfs.ext4"
mkfs.ext4 -q -F -L k3sgrid-root -d "$root" "$work/rootfs.ext4" >"$work/mkfs.log" 2>&1 || {
  cat "$work/mkfs.log" >&2
  die "mkfs.ext4 -d failed"
}

cat >"$work/manifest.json" <<EOF
{"kernelRelease": "$release", "suite": "$suite", "mirror": "$mirror", "builtAt": "$(date -u +%FT%TZ)", "seconds": $SECONDS}
EOF
chroot "$root" dpkg-query -W -f '${Package} ${Version}\n' >"$work/packages.lock"
rm -rf "$root"
mv "$work" "$out"
log "done: $out (kernel $release)"
