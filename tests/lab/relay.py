#!/usr/bin/env python3
"""getvpnsh sessions on the routers of a lab that runs inside the VM.

The VM has no network to the host; the only thing both sides see is the
runner's shared work directory. So a session is a directory there:

  SHELLDIR/<id>/router   R1..R5, written (by rename) when the session opens
  SHELLDIR/<id>/size     "rows cols" of the user's terminal
  SHELLDIR/<id>/in       keystrokes, appended by the host side
  SHELLDIR/<id>/out      terminal output, appended by the VM side
  SHELLDIR/<id>/closed   created by the VM side when getvpnsh has exited

  relay.py serve SHELLDIR STOPFILE GETVPNSH RUNDIR   (in the VM)
      runs getvpnsh --socket RUNDIR/RN/vty.sock on a pseudo-terminal for
      every new session until STOPFILE exists
  relay.py attach SHELLDIR RN                        (on the host)
      puts the terminal in raw mode and relays it to a new session
"""
import fcntl
import os
import pty
import select
import shutil
import struct
import sys
import termios
import time
import tty

POLL = 0.03


def append(path, data):
    with open(path, "ab") as f:
        f.write(data)


def read_from(path, offset):
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            return f.read()
    except FileNotFoundError:
        return b""


class Session:
    def __init__(self, path, getvpnsh, rundir):
        self.path = path
        self.in_off = 0
        router = open(os.path.join(path, "router")).read().strip()
        rows, cols = 24, 80
        try:
            rows, cols = (int(x) for x in open(os.path.join(path, "size")).read().split())
        except (OSError, ValueError):
            pass
        sock = os.path.join(rundir, router, "vty.sock")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.environ["TERM"] = os.environ.get("TERM", "xterm")
            os.execv(getvpnsh, [getvpnsh, "--socket", sock])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.set_blocking(self.fd, False)

    def pump(self):
        """Moves bytes both ways; False once getvpnsh has gone."""
        if not os.path.isdir(self.path):  # the user's side went away
            os.kill(self.pid, 15)
            os.waitpid(self.pid, 0)
            os.close(self.fd)
            return False
        data = read_from(os.path.join(self.path, "in"), self.in_off)
        if data:
            self.in_off += len(data)
            try:
                os.write(self.fd, data)
            except OSError:
                pass
        alive = True
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                break
            except OSError:
                alive = False
                break
            if not chunk:
                alive = False
                break
            try:
                append(os.path.join(self.path, "out"), chunk)
            except OSError:
                pass
        if alive and os.waitpid(self.pid, os.WNOHANG)[0] == self.pid:
            alive = False
            self.pid = 0
        if not alive:
            if self.pid:
                os.waitpid(self.pid, 0)
            os.close(self.fd)
            try:
                open(os.path.join(self.path, "closed"), "w").close()
            except OSError:
                pass
        return alive


def serve(shelldir, stopfile, getvpnsh, rundir):
    os.makedirs(shelldir, exist_ok=True)
    sessions = {}
    while not os.path.exists(stopfile):
        for name in os.listdir(shelldir):
            path = os.path.join(shelldir, name)
            if name in sessions or name.startswith(".") or \
                    not os.path.exists(os.path.join(path, "router")) or \
                    os.path.exists(os.path.join(path, "closed")):
                continue
            sessions[name] = Session(path, getvpnsh, rundir)
        for name, s in list(sessions.items()):
            if s.fd >= 0 and not s.pump():
                s.fd = -1
        time.sleep(POLL)


def attach(shelldir, router):
    if not os.path.isdir(shelldir):
        sys.exit("relay: %s does not exist (is the lab running with --keep?)" % shelldir)
    name = "%d-%d" % (os.getpid(), int(time.time()))
    tmp = os.path.join(shelldir, "." + name)
    os.makedirs(tmp)
    size = shutil.get_terminal_size()
    with open(os.path.join(tmp, "size"), "w") as f:
        f.write("%d %d\n" % (size.lines, size.columns))
    open(os.path.join(tmp, "in"), "w").close()
    with open(os.path.join(tmp, "router"), "w") as f:
        f.write(router + "\n")
    path = os.path.join(shelldir, name)
    os.rename(tmp, path)
    interactive = os.isatty(0)
    saved = termios.tcgetattr(0) if interactive else None
    if interactive:
        tty.setraw(0)
    out_off = 0
    started = time.time()
    inputs = [0]
    try:
        while True:
            ready, _, _ = select.select(inputs, [], [], POLL)
            if ready:
                data = os.read(0, 4096)
                if data:
                    append(os.path.join(path, "in"), data)
                else:
                    inputs = []  # end of input: keep showing output until getvpnsh exits
            data = read_from(os.path.join(path, "out"), out_off)
            if data:
                out_off += len(data)
                os.write(1, data)
            elif os.path.exists(os.path.join(path, "closed")):
                break
            elif out_off == 0 and time.time() - started > 30:
                os.write(2, b"relay: the lab in the VM does not answer\r\n")
                break
    finally:
        if interactive:
            termios.tcsetattr(0, termios.TCSADRAIN, saved)
        shutil.rmtree(path, ignore_errors=True)


def main():
    if len(sys.argv) == 6 and sys.argv[1] == "serve":
        serve(*sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "attach":
        attach(*sys.argv[2:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
