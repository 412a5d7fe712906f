#!/bin/sh
# Copyright (c) the ovs-traffic-mirror authors.  Licensed under the Apache
# License, Version 2.0.
# tools/prepare-ovs-tree.sh TARBALL PATCHDIR DEST
#
# Extracts the Open vSwitch release TARBALL (dropping its top directory),
# applies the patches listed in PATCHDIR/series in order, and makes DEST
# hold the result.  If DEST already exists, only files whose contents
# changed are rewritten (so their timestamps move and an incremental make
# in the OVS build directory recompiles just what depends on them); files
# that earlier patches added and the new series no longer adds are removed.
#
# The series file lists one patch file name per line; blank lines and
# everything after '#' are ignored.  A missing series file is an empty
# series.  If a patch touches the OVS build system (Makefile.am,
# automake.mk, configure.ac, m4), the tree is re-bootstrapped with
# autoreconf.  The release's pre-generated autotest suites are removed, so
# the OVS build regenerates them from the patched tests.
set -eu

if [ $# -ne 3 ]; then
    echo "usage: $0 TARBALL PATCHDIR DEST" >&2
    exit 1
fi
tarball=$1
patchdir=$2
dest=$3
new=$dest.new
manifest=.tm-manifest

rm -rf "$new"
mkdir -p "$new"
tar -xzf "$tarball" -C "$new" --strip-components=1 --no-same-owner

series=$patchdir/series
patches=
if [ -f "$series" ]; then
    patches=$(sed -e 's/#.*//' -e 's/^[ 	]*//' -e 's/[ 	]*$//' -e '/^$/d' \
                  "$series")
fi
rebootstrap=false
n=0
for p in $patches; do
    n=$((n + 1))
    echo "  PATCH    $p"
    if ! patch -p1 -f -s -N -d "$new" < "$patchdir/$p"; then
        echo "$0: patch $patchdir/$p (number $n in $series) does not apply" >&2
        rm -rf "$new"
        exit 1
    fi
    if grep -Eq '^\+\+\+ b/(.*/)?(Makefile\.am|automake\.mk|configure\.ac|[^/]*\.m4)$' \
            "$patchdir/$p"; then
        rebootstrap=true
    fi
done
find "$new" -name '*.orig' -newer "$tarball" -exec rm -f {} +
# The release ships its autotest suites pre-generated (tests/testsuite from
# tests/testsuite.at, ...).  Drop them, so that the OVS build always
# generates them from the patched .at files.  Kept, an in-place update below
# would copy the stock suite back over the one generated from the series,
# with a fresh timestamp that makes it look newer than its .at files: "make
# check" would then run the stock tests only (none of the series' own).
for at in "$new"/tests/*testsuite.at; do
    [ -f "$at" ] || continue
    rm -f "${at%.at}"
done
if $rebootstrap; then
    echo "  BOOT     ovs (the series changes the OVS build system)"
    (cd "$new" && autoreconf --install --force >/dev/null 2>&1) || {
        echo "$0: autoreconf failed in $new" >&2
        exit 1
    }
fi
echo "  OVS      $n patch(es) applied"
(cd "$new" && find . -type f ! -name "$manifest" | LC_ALL=C sort) \
    > "$new/$manifest"

if [ ! -d "$dest" ] || [ ! -f "$dest/$manifest" ]; then
    rm -rf "$dest"
    mv "$new" "$dest"
    exit 0
fi

# Update DEST in place, touching only what changed.
changed=0
while IFS= read -r f; do
    if ! cmp -s "$new/$f" "$dest/$f"; then
        mkdir -p "$(dirname "$dest/$f")"
        cp "$new/$f" "$dest/$f"
        chmod --reference="$new/$f" "$dest/$f"
        changed=$((changed + 1))
    fi
done < "$new/$manifest"
LC_ALL=C comm -23 "$dest/$manifest" "$new/$manifest" | while IFS= read -r f; do
    rm -f "$dest/$f"
done
mv "$new/$manifest" "$dest/$manifest"
rm -rf "$new"
echo "  OVS      $changed file(s) updated in $dest"
