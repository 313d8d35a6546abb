"""Shared by example.py and check.py: generate the Python client from the committed openapi.yaml with
openapi-python-client into a temporary folder, install it there, and start a kpi-server on a free port.

Nothing generated is committed: the client is rebuilt from the spec on every run, as a new user would.
"""

import importlib
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

REPO = pathlib.Path(__file__).resolve().parents[2]
SPEC = REPO / "openapi.yaml"
GENERATOR = "openapi-python-client==0.29.1"

# The warnings openapi-python-client is expected to print, each explained in the spec: it reads JSON bodies
# only, so it leaves out the YAML answer of GET /openapi.yaml, and the NDJSON and CSV request bodies of the
# record KPIs (their descriptions say so; the JSON body of each stays in the client). Any other warning fails.
EXPECTED_WARNINGS = ("WARNING parsing GET /openapi.yaml",)
EXPECTED_REASONS = ("Unsupported content type application/x-ndjson", "Unsupported content type text/csv")


def ensure_tools() -> None:
    """Installs the generator (and the client's runtime, httpx and attrs) with pip when missing."""
    try:
        import openapi_python_client  # noqa: F401
        import httpx  # noqa: F401
        import attrs  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--root-user-action=ignore",
                        GENERATOR, "httpx", "attrs"], check=True)


def generate_client(workdir: pathlib.Path) -> list[str]:
    """Generates the client package `kpi_client` from SPEC into workdir, installs it into workdir/site and
    puts that on sys.path. Returns the generator's warning lines (each one expected)."""
    ensure_tools()
    config = workdir / "generator-config.yaml"
    config.write_text("project_name_override: kpi-client\npackage_name_override: kpi_client\n")
    project = workdir / "kpi-client"
    run = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(SPEC), "--meta", "setup",
         "--config", str(config), "--output-path", str(project), "--overwrite"],
        capture_output=True, text=True)
    output = run.stdout + run.stderr
    if run.returncode != 0 or not (project / "kpi_client").is_dir():
        raise SystemExit(f"openapi-python-client failed (exit {run.returncode}):\n{output}")
    lines = output.splitlines()
    warnings = [line for line in lines if line.startswith("WARNING")]

    def reason(index: int) -> str:
        """The first non-blank line after the warning line at `index`: what the generator left out and why."""
        return next((line.strip() for line in lines[index + 1:] if line.strip()), "")

    unexpected = [line for index, line in enumerate(lines) if line.startswith("WARNING")
                  and not line.startswith(EXPECTED_WARNINGS) and not reason(index).startswith(EXPECTED_REASONS)]
    if unexpected:
        raise SystemExit("openapi-python-client warned about something the spec does not explain:\n" + output)
    site = workdir / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--root-user-action=ignore",
                    "--no-deps", "--target", str(site), str(project)], check=True)
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    return warnings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_binary() -> pathlib.Path:
    """kpi-server of the debug build (KPI_SERVER overrides)."""
    if os.environ.get("KPI_SERVER"):
        return pathlib.Path(os.environ["KPI_SERVER"])
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=REPO, capture_output=True, text=True,
                              check=True).stdout.strip()
    return pathlib.Path(bin_path) / "kpi-server"


class Server:
    """A kpi-server on a free 127.0.0.1 port for the duration of a `with` block."""

    def __init__(self, binary: pathlib.Path | None = None):
        self.binary = binary or server_binary()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Server":
        self.process = subprocess.Popen(
            [str(self.binary), "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1):
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"kpi-server did not start on {self.url}")
                time.sleep(0.05)

    def __exit__(self, *_) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
