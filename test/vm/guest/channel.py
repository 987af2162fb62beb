#!/usr/bin/python3
"""TEST ONLY (test/vm): runs shell commands sent by the VM test's host side.

Reads one JSON object per line from a virtio-serial port and answers one JSON
object per line on the same port:

  host:  {"id": 7, "cmd": "cloud-init status --long", "timeout": 60}
  guest: {"id": 7, "code": 0, "out": "<base64 stdout>", "err": "<base64 stderr>"}

A request with "cmd": null is a ping; the answer carries the boot id instead
of output, so the host can tell a rebooted guest from the one before. Each
command runs in its own thread (`/bin/sh -c`, as root), so a long one does not
hold up the others; exit code 124 means it ran past its timeout. The
host pings until the channel answers (writes while no host is connected
are not safe to rely on).
"""
import base64
import json
import os
import subprocess
import sys
import threading
import time

PORT = sys.argv[1]
write_lock = threading.Lock()


def boot_id():
    with open("/proc/sys/kernel/random/boot_id") as f:
        return f.read().strip()


def send(fd, obj):
    data = (json.dumps(obj) + "\n").encode()
    with write_lock:
        try:
            while data:
                n = os.write(fd, data)
                data = data[n:]
        except OSError:
            pass  # host went away; it asks again


def run(fd, req):
    rid = req.get("id")
    cmd = req.get("cmd")
    if cmd is None:
        send(fd, {"id": rid, "code": 0, "bootId": boot_id()})
        return
    timeout = req.get("timeout") or 300
    try:
        p = subprocess.run(
            ["/bin/sh", "-c", cmd],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
        )
        code, out, err = p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        code, out, err = 124, e.stdout or b"", (e.stderr or b"") + b"\n[channel: timed out]\n"
    send(
        fd,
        {
            "id": rid,
            "code": code,
            "out": base64.b64encode(out).decode(),
            "err": base64.b64encode(err).decode(),
        },
    )


def main():
    while not os.path.exists(PORT):
        time.sleep(0.2)
    fd = os.open(PORT, os.O_RDWR)
    buf = b""
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            # No host connected to the port: read() returns at once; wait.
            time.sleep(0.2)
            continue
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            if not line.strip():
                continue
            try:
                req = json.loads(line)
            except ValueError:
                continue
            threading.Thread(target=run, args=(fd, req), daemon=True).start()


main()
