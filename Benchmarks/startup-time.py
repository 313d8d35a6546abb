#!/usr/bin/env python3
"""Prints the best time in milliseconds, over N runs, from starting BINARY to its first 200 on /healthz."""
import socket, subprocess, sys, time

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def once(binary):
    port = free_port()
    request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    start = time.perf_counter()
    process = subprocess.Popen([binary, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = start + 5
        while time.perf_counter() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(request)
                    if s.recv(12).startswith(b"HTTP/1.1 200"):
                        return (time.perf_counter() - start) * 1000
            except OSError:
                time.sleep(0.0005)
        raise SystemExit("no 200 within 5 s")
    finally:
        process.terminate()
        process.wait(timeout=15)

runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
print(f"{min(once(sys.argv[1]) for _ in range(runs)):.1f}")
