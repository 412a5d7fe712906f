#!/bin/bash
# tests/console/run-lab.sh: runs the console's Playwright tests against a
# real lab (run as root, after make).
#
# Builds the standard lab (tools/lab.sh) with the patched ovs-vswitchd of
# this build, a Traffic_Mirror ovsdb-server, mirrord for this hypervisor,
# VMs "web", "client" and "appliance" on br0, and mirror-api serving the
# console and --metrics on loopback; then runs node's test runner on
# tests/console/*.test.mjs with the lab's addresses in the environment,
# writes its TAP output to OUTPUT, and tears the lab down.
#
# Usage: tests/console/run-lab.sh SRCDIR BUILDDIR OVS_SRCDIR OVS_BUILDDIR
#                                 OUTPUT.tap
set -uo pipefail

srcdir=$(cd "$1" && pwd) builddir=$(cd "$2" && pwd)
ovs_src=$(cd "$3" && pwd) ovs_build=$(cd "$4" && pwd) output=$5
case $output in /*) ;; *) output=$PWD/$output ;; esac

fail () {
    echo "run-lab: $*" >&2
    # A TAP file that says what failed, so the run counts as failed.
    printf 'TAP version 13\nnot ok 1 - console lab: %s\n1..1\n' "$*" \
        > "$output"
    exit 1
}

if [ "$(id -u)" != 0 ]; then
    # Like the system tests: skip without root, except in CI.
    [ "${CI:-}" = true ] && fail "must run as root (the lab uses namespaces)"
    printf 'TAP version 13\nok 1 - console lab # SKIP needs root\n1..1\n' \
        > "$output"
    echo "run-lab: skipped (needs root)"
    exit 0
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium missing (tools/install-deps.sh installs it)"
[ -d "$srcdir/tests/console/node_modules/playwright-core" ] \
    || fail "tests/console/node_modules missing (tools/install-deps.sh runs npm ci there)"

export OVS_SCHEMA=$ovs_src/vswitchd/vswitch.ovsschema
[ -f "$OVS_SCHEMA" ] || OVS_SCHEMA=$ovs_build/vswitchd/vswitch.ovsschema
export PATH=$builddir/mirrord:$builddir/utilities:$builddir/api:$ovs_build/utilities:$ovs_build/vswitchd:$ovs_build/ovsdb:$PATH

dir=$builddir/tests/console/lab
rm -rf "$dir"
mkdir -p "$dir"
export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir OVS_SYSCONFDIR=$dir \
       OVS_PKGDATADIR=$dir
export LAB=tmc$$
LAB_ON_EXIT=lab_on_exit_default
lab_cleanup_file=$dir/lab-cleanup
. "$srcdir/tools/lab.sh"
trap 'lab_cleanup' EXIT

lab_start_ovs || fail "could not start OVS"
lab_setup || fail "could not build the bridges"
vm_port () {
    lab_add_vif "$@" || fail "VM $1"
}
vm_port web 10.0.0.10 02:00:00:00:00:10
vm_port client 10.0.0.20 02:00:00:00:00:20
vm_port appliance 10.0.0.30 02:00:00:00:00:30

ovsdb-tool create "$dir/tm.db" "$srcdir/ovsdb-schema/traffic-mirror.ovsschema" \
    || fail "ovsdb-tool create"
ovsdb-server --detach --no-chdir --pidfile="$dir/tm-server.pid" \
    --log-file="$dir/tm-server.log" --unixctl="$dir/tm-server.ctl" \
    --remote=punix:"$dir/tm.sock" "$dir/tm.db" || fail "Traffic_Mirror ovsdb-server"
$LAB_ON_EXIT "kill \$(cat $dir/tm-server.pid) 2>/dev/null"
export MIRROR_DB=unix:$dir/tm.sock
ovs-vsctl set Open_vSwitch . external_ids:system-id=hv1 \
    external_ids:mirror-remote="$MIRROR_DB" \
    other_config:stats-update-interval=5000 || fail "ovs-vsctl"
lab_exec host mirrord --detach --no-chdir --pidfile="$dir/mirrord.pid" \
    --log-file="$dir/mirrord.log" || fail "mirrord"
$LAB_ON_EXIT "kill \$(cat $dir/mirrord.pid) 2>/dev/null"
lab_wait "mirrord to publish the VM ports" \
    "mirrorctl --bare --columns=primary_address find Network_Interface interface_id=appliance | grep -q 10.0.0.30" \
    || fail "mirrord did not publish the interfaces"

# mirror-api: the console and the API on one loopback port, metrics on
# another.  Ports: free ones, chosen by the kernel.
free_port () {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
api_port=$(free_port) metrics_port=$(free_port) https_port=$(free_port)
# A self-signed certificate for the HTTPS listener.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=console.mirror.test \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1 \
    || fail "openssl req"
cat > "$dir/credentials" <<CREDS
AKIDCONSOLEADMIN0001 console-secret-key/rw+0123456789abcdef read-write
AKIDCONSOLEREADER001 console-secret-key/ro+0123456789abcdef read-only
CREDS
chmod 600 "$dir/credentials"
mirror-api --detach --no-chdir --pidfile="$dir/mirror-api.pid" \
    --log-file="$dir/mirror-api.log" --unixctl="$dir/mirror-api.ctl" \
    --db="$MIRROR_DB" --listen=tcp:127.0.0.1:$api_port \
    --listen=ssl:127.0.0.1:$https_port \
    --private-key="$dir/key.pem" --certificate="$dir/cert.pem" \
    --credentials="$dir/credentials" \
    --console-dir="$srcdir/api/console" \
    --metrics=tcp:127.0.0.1:$metrics_port || fail "mirror-api"
$LAB_ON_EXIT "kill \$(cat $dir/mirror-api.pid) 2>/dev/null"

export TM_CONSOLE_URL=http://127.0.0.1:$api_port
export TM_CONSOLE_HTTPS_PORT=$https_port
export TM_METRICS_URL=http://127.0.0.1:$metrics_port/metrics
export TM_CONSOLE_LAB=$LAB
export TM_CONSOLE_KEY=AKIDCONSOLEADMIN0001
export TM_CONSOLE_SECRET=console-secret-key/rw+0123456789abcdef
export TM_CONSOLE_RO_KEY=AKIDCONSOLEREADER001
export TM_CONSOLE_RO_SECRET=console-secret-key/ro+0123456789abcdef
export TM_CONSOLE_ARTIFACTS=$builddir/tests/console/artifacts
rm -rf "$TM_CONSOLE_ARTIFACTS"
mkdir -p "$TM_CONSOLE_ARTIFACTS"

cd "$srcdir/tests/console" || fail "cd"
# One file at a time: they share the lab.  (Node 18 has no
# --test-concurrency and runs files one by one on 2 cores anyway.)
concurrency=
node --help | grep -q -- --test-concurrency && concurrency=--test-concurrency=1
node --test --test-reporter=tap $concurrency \
    ${CONSOLE_TESTS:-*.test.mjs} > "$output"
rc=$?
grep -E '^# (tests|pass|fail|skipped)' "$output"
if [ $rc != 0 ]; then
    echo "run-lab: failures; logs in $dir, screenshots in $TM_CONSOLE_ARTIFACTS" >&2
    cp "$dir"/*.log "$TM_CONSOLE_ARTIFACTS/" 2>/dev/null
fi
exit $rc
