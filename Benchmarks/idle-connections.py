#!/usr/bin/env python3
"""Opens COUNT keep-alive connections to a server on 127.0.0.1:PORT, sends one GET /healthz on each and reads
its answer, then holds them all idle; reads the server's RSS and threads (from /proc/PID) before, while held
and after they are closed. Prints one line of JSON. Bounded: every socket operation times out after 5 s, and
the whole run stops after MAX_SECONDS (default 60).
Usage: idle-connections.py PORT PID [COUNT]"""
import json, os, socket, sys, time

port, pid = int(sys.argv[1]), int(sys.argv[2])
count = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
deadline = time.monotonic() + float(os.environ.get("MAX_SECONDS", "60"))
request = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def status(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])


def open_fds():
    return len(os.listdir(f"/proc/{pid}/fd"))


def settle(predicate, seconds=10.0):
    """Waits until predicate() holds or `seconds` pass (then one more half second for the server to finish)."""
    end = min(time.monotonic() + seconds, deadline)
    while time.monotonic() < end and not predicate():
        time.sleep(0.1)
    time.sleep(0.5)


def read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed")
        body += chunk
    return head.split(b"\r\n", 1)[0]


base_fds = open_fds()
result = {"rss_before_kb": status("VmRSS"), "threads_before": status("Threads")}
sockets, failed = [], 0
for _ in range(count):
    if time.monotonic() > deadline:
        break
    sock = socket.socket()
    sock.settimeout(5)
    try:
        sock.connect(("127.0.0.1", port))
        sock.sendall(request)
        if b" 200 " not in read_response(sock) + b" ":
            failed += 1
        sockets.append(sock)
    except OSError:
        failed += 1
        sock.close()
settle(lambda: open_fds() - base_fds >= len(sockets), 5)
result.update(
    connections=len(sockets), failed=failed, server_fds_held=open_fds() - base_fds,
    rss_held_kb=status("VmRSS"), threads_held=status("Threads"))
for sock in sockets:
    sock.close()
settle(lambda: open_fds() - base_fds <= 2)
time.sleep(1.0)
result.update(rss_after_kb=status("VmRSS"), threads_after=status("Threads"), server_fds_after=open_fds() - base_fds)
print(json.dumps(result))
