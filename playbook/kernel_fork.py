"""Fresh kernels forked from a pre-imported template process.

A kernel started the usual way is a new interpreter that then spends about a second importing
pandas, altair and playbook before the first cell runs. A batch worker instead keeps one
template process that has imported all of that once and never runs notebook code, and forks
it into a new kernel for each run. Every run still gets its own process, so nothing crosses
from one client to another: pandas options, altair's renderer, the environment, the working
directory, random state and module state all start as a fresh import leaves them. Only the
start-up cost goes.

The fork plugs into jupyter_client as a kernel provisioner (`ForkProvisioner`), so papermill
and nbclient drive the kernel exactly as they drive any other.
"""
from __future__ import annotations

import gc
import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

LAUNCHER = "ipykernel_launcher"
# What starting an IPython kernel imports (measured: a kernel forked after these starts in
# about 0.07 s of CPU; without the debugger's it takes 0.4 s).
KERNEL_MODULES = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
    "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.oinspect",
    "IPython.extensions.storemagic", "IPython.utils.wildcard", "sqlite3", "faulthandler",
    "tornado.platform.asyncio",
)


class Template:
    """The worker's template process: one request line in, one pid line out."""

    def __init__(self, preload: str):
        self._proc = subprocess.Popen([sys.executable, "-m", "playbook.kernel_fork", preload],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._lock = threading.Lock()
        if self._proc.stdout is None or self._proc.stdout.readline().strip() != b"ready":
            self.close()
            raise RuntimeError("the kernel template did not start")

    def alive(self) -> bool:
        return self._proc.poll() is None

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        """A new kernel process running `ipykernel_launcher argv` with this env and cwd."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        request = json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n"
        with self._lock:
            self._proc.stdin.write(request)
            self._proc.stdin.flush()
            reply = self._proc.stdout.readline()
        if not reply.strip().isdigit():
            raise RuntimeError("the kernel template stopped")
        return int(reply)

    def close(self) -> None:
        try:
            self._proc.kill()
            self._proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass  # already gone


class Forked:
    """Enough of `subprocess.Popen` for jupyter_client to watch and stop a forked kernel.

    The template reaps its children, so a kernel that has exited no longer exists at all.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid, self.returncode = pid, None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = -signal.SIGKILL
            except PermissionError:
                pass  # exists, owned by someone else: still running
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode if self.returncode is not None else 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            try:
                os.kill(self.pid, signum)
            except ProcessLookupError:
                pass  # exited in between

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class ForkProvisioner(LocalProvisioner):  # type: ignore[misc]
    """Launches an ipykernel by forking the worker's template instead of starting Python."""

    template: Template | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        if self.template is None or LAUNCHER not in cmd:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = dict(kwargs.get("env") or os.environ)
        pid = self.template.fork(cmd[cmd.index(LAUNCHER) + 1:], env, cwd)
        self.process = Forked(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


def _serve(preload: str) -> None:
    """The template: import once, then fork a kernel per request until stdin closes."""
    import importlib

    for name in KERNEL_MODULES:
        importlib.import_module(name)
    exec(preload, {})  # noqa: S102 (our own import list, not user input)
    gc.collect()
    gc.freeze()  # keep the collector off the template's objects, so forks share their pages
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # exited kernels are reaped at once
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    replies.write(b"ready\n")
    replies.flush()
    for line in requests:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            _kernel(request)
        replies.write(b"%d\n" % pid)
        replies.flush()


def _kernel(request: dict[str, Any]) -> None:
    """In the forked child: become an ordinary kernel process, then run the kernel."""
    code = 0
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        import numpy

        numpy.random.seed()  # Python's random reseeds itself after a fork; numpy's does not
        from ipykernel.kernelapp import IPKernelApp

        sys.argv = [LAUNCHER, *request["argv"]]
        app = IPKernelApp.instance()
        app.initialize(request["argv"])
        app.start()
    except BaseException:  # noqa: BLE001 (nothing to report to: the client sees a dead kernel)
        code = 1
    finally:
        os._exit(code)


if __name__ == "__main__":
    _serve(sys.argv[1])
