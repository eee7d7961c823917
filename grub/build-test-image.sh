#!/usr/bin/env bash
# Builds a small raw disk image that boots grub/grub.cfg for real, under BIOS and UEFI, without loop devices, mounts
# or root: a DOS partition table (sfdisk on a plain file), a FAT16 ESP made in a separate file (mkfs.vfat, mtools)
# and placed at 1 MiB, GRUB's MBR code and BIOS core in the gap before it, and BOOTX64.EFI on the ESP.
#
#   grub/build-test-image.sh OUT.img
#
# Layout: 1 ESP (FAT16, label OSIRIS-ESP, /EFI/BOOT/{grub.cfg,grubenv,BOOTX64.EFI}), 2 slot A, 3 slot B,
# 4 MSP-DATA. The slots are empty: the image's embedded config sets osiris_boot_test=1, so grub.cfg reports the boot
# it chose on the serial console and halts where the field image would load the slot's kernel. The environment
# block starts as a factory image leaves it: slot A good and first, slot B empty.
# Needs grub-common, grub-pc-bin, grub-efi-amd64-bin, mtools, dosfstools, fdisk (Debian package names).
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 OUT.img" >&2; exit 2; }
out="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for tool in sfdisk mkfs.vfat mmd mcopy grub-mkimage grub-editenv; do
    command -v "$tool" >/dev/null || { echo "$0: $tool not found (Debian: fdisk, dosfstools, mtools, grub-common)" >&2; exit 1; }
done
for dir in /usr/lib/grub/i386-pc /usr/lib/grub/x86_64-efi; do
    [[ -d "$dir" ]] || { echo "$0: $dir not found (Debian: grub-pc-bin, grub-efi-amd64-bin)" >&2; exit 1; }
done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mib=$((1024 * 1024))
esp_mib=32    # FAT16 needs at least 4085 clusters; 32 MiB leaves room for both GRUB images
slot_mib=4
data_mib=4
total_mib=$((1 + esp_mib + 2 * slot_mib + data_mib))

# Embedded in both GRUB images: find the ESP by label (BIOS and UEFI name disks alike this way), set the test switch,
# then GRUB's normal mode reads $prefix/grub.cfg, the config under test, unchanged.
cat > "$work/early.cfg" <<'EOF'
search --no-floppy --label OSIRIS-ESP --set=root
set prefix=($root)/EFI/BOOT
set osiris_boot_test=1
set osiris_menu_timeout=0
export osiris_boot_test osiris_menu_timeout
EOF

modules=(normal configfile loadenv test echo serial terminal halt reboot part_msdos part_gpt fat search
    search_label regexp linux)
grub-mkimage -O i386-pc -o "$work/core.img" -c "$work/early.cfg" -p /EFI/BOOT "${modules[@]}" biosdisk
grub-mkimage -O x86_64-efi -o "$work/BOOTX64.EFI" -c "$work/early.cfg" -p /EFI/BOOT "${modules[@]}"
core_bytes=$(stat -c %s "$work/core.img")
(( core_bytes <= mib - 512 )) || { echo "$0: core.img is $core_bytes bytes: too big for the gap before the ESP" >&2; exit 1; }

grub-editenv "$work/grubenv" create
grub-editenv "$work/grubenv" set ORDER="A B" A_OK=1 A_TRY=0 B_OK=0 B_TRY=0

truncate -s $((esp_mib * mib)) "$work/esp.img"
mkfs.vfat -F 16 -n OSIRIS-ESP "$work/esp.img" >/dev/null
export MTOOLS_SKIP_CHECK=1
mmd -i "$work/esp.img" ::/EFI ::/EFI/BOOT
mcopy -i "$work/esp.img" "$here/grub.cfg" "$work/grubenv" "$work/BOOTX64.EFI" ::/EFI/BOOT/

rm -f "$out"
truncate -s $((total_mib * mib)) "$out"
sfdisk --quiet "$out" <<EOF
label: dos
start=1MiB, size=${esp_mib}MiB, type=ef, bootable
size=${slot_mib}MiB, type=83
size=${slot_mib}MiB, type=83
size=${data_mib}MiB, type=83
EOF
dd if="$work/esp.img" of="$out" bs=1M seek=1 conv=notrunc status=none
# MBR code only (440 bytes): the partition table sfdisk wrote stays; the core image follows from sector 1.
dd if=/usr/lib/grub/i386-pc/boot.img of="$out" bs=440 count=1 conv=notrunc status=none
dd if="$work/core.img" of="$out" bs=512 seek=1 conv=notrunc status=none
