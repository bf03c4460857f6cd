"""Fresh kernels forked from a pre-imported template process.

A kernel started the usual way is a new interpreter that then spends about a second importing
pandas, altair and playbook before the first cell runs. A batch instead keeps one template
process that has imported all of that once and never runs notebook code, and forks it into a
new kernel for each run. Every run still gets its own process, so nothing crosses from one
client to another: pandas options, altair's renderer, the environment, the working directory,
random state and module state all start as a fresh import leaves them. Only the start-up cost
goes.

The template listens on a Unix socket: one JSON request line in (the kernel's arguments,
environment and working directory), one pid line out. `playbook batch` starts it before its
own imports and shares it between its local workers; a worker without one (on a Dask
cluster) starts its own. This module stays light to import, so that the template can start
first; the jupyter_client side (`ForkProvisioner`) lives in `kernels`.
"""
from __future__ import annotations

import gc
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any

LAUNCHER = "ipykernel_launcher"

# What report runs import: third-party libraries and every playbook module except the
# coordinator's own (CLI, batch, run, export) and the live-workshop forms, which only
# JupyterLab sessions use (ipywidgets is not imported in report runs).
PRELOAD = """
import importlib, pkgutil, pandas, numpy, altair, playbook
for _m in pkgutil.walk_packages(playbook.__path__, "playbook."):
    if not _m.name.startswith(("playbook.cli", "playbook.engine", "playbook.workshop", "playbook.practice.page",
                               "playbook.practice.view",
                               "playbook.report.html_export")) and "workshop" not in _m.name:
        importlib.import_module(_m.name)
del _m
"""

# The template also imports what the notebooks import lazily, and reads the firm's templates
# (maturity models, recommendations, onboarding wording, chart themes): the same for every
# client, so each kernel starts with them as a first read would leave them. A broken template
# is left for the run that uses it to report.
TEMPLATE_PRELOAD = PRELOAD + """
import scipy.stats
from playbook.report import theme as charts
from playbook.maturity import model as maturity_model
from playbook.onboarding import templates as onboarding_templates
try:
    for _name in charts.theme_names():
        charts.palette(_name)
    for _id in maturity_model.available():
        maturity_model.get(_id)
        maturity_model.recommendations(_id)
    for _role in ("pmo", "cmo"):
        onboarding_templates.template(_role)
except Exception:
    pass
# First use of the libraries (altair's schema validators, pandas' lazily built paths) costs
# every kernel about 0.1 s; it holds no client state, so it is paid here once.
_frame = pandas.DataFrame({"a": [1.0, 2.0], "b": ["x", "y"], "d": pandas.to_datetime(["2026-01-01", "2026-02-01"])})
_base = altair.Chart(_frame).encode(y=altair.Y("b:N", sort=["y", "x"]))
_layer = (_base.mark_bar().encode(x=altair.X("a:Q"), color=altair.Color("b:N"), tooltip=[altair.Tooltip("a:Q")])
          + _base.mark_text().encode(x=altair.X("d:T"), text=altair.Text("a:Q", format=".1f")))
altair.hconcat(_layer, _layer).properties(title="t").to_dict()
_frame.melt(id_vars=["b"]).groupby("b").agg({"value": "count"}).reset_index().merge(_frame, on="b")
del _frame, _base, _layer
"""

# What starting an IPython kernel imports (measured: a kernel forked after these starts in
# about 0.07 s of CPU; without the debugger's it takes 0.4 s).
KERNEL_MODULES = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger",
    "IPython.core.completerlib", "IPython.core.debugger", "IPython.core.oinspect",
    "IPython.extensions.storemagic", "IPython.utils.wildcard", "sqlite3", "faulthandler",
    "tornado.platform.asyncio",
)


class TemplateProcess:
    """A template process and the private folder holding its socket; close() ends both."""

    def __init__(self, preload: str = TEMPLATE_PRELOAD):
        self.folder = tempfile.mkdtemp(prefix="playbook-kernels-")
        if len(self.folder) > 80:  # a Unix socket path must stay under about 100 bytes
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = tempfile.mkdtemp(prefix="pbk-", dir="/tmp")
        self.address = os.path.join(self.folder, "template.sock")
        self.proc = subprocess.Popen([sys.executable, "-m", "playbook.engine.kernel_template", self.address, preload],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass  # already gone
        shutil.rmtree(self.folder, ignore_errors=True)


class Template:
    """A connection to a template process, shared by the threads of one worker."""

    def __init__(self, address: str, owned: TemplateProcess | None = None, timeout: float = 120):
        self.address, self.owned, self.timeout = address, owned, timeout
        # Our own template may take a while to bind under load; a shared one was started
        # before this worker existed, so a missing socket soon means it failed.
        self.bind_wait = timeout if owned is not None else 10.0
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def alive(self) -> bool:
        return self.owned.alive() if self.owned else os.path.exists(self.address)

    def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        """A new kernel process running `ipykernel_launcher argv` with this env and cwd."""
        request = json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n"
        with self._lock:
            sock = self._connect()
            try:
                sock.sendall(request)
                reply = b""
                while not reply.endswith(b"\n"):
                    chunk = sock.recv(64)
                    if not chunk:
                        raise RuntimeError("the kernel template stopped")
                    reply += chunk
            except BaseException:
                sock.close()  # a late reply must never be read as the answer to the next request
                self._sock = None
                raise
        return int(reply)

    def _connect(self) -> socket.socket:
        """Connect, waiting while the template is still starting (it binds before importing)."""
        deadline = time.monotonic() + self.bind_wait
        while self._sock is None:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                sock.connect(self.address)
                sock.settimeout(self.timeout)
                self._sock = sock
            except FileNotFoundError:  # not bound yet
                sock.close()
                if time.monotonic() > deadline or (self.owned is not None and not self.owned.alive()):
                    raise RuntimeError(f"no kernel template at {self.address}") from None
                time.sleep(0.02)
            except ConnectionRefusedError:  # bound once, no longer listening
                sock.close()
                raise RuntimeError(f"the kernel template at {self.address} stopped") from None
        return self._sock

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
        if self.owned is not None:
            self.owned.close()


def _serve(address: str, preload: str) -> None:
    """The template: bind, import once, then fork a kernel per request; exit with its parent."""
    import importlib

    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(address)
    listener.listen(64)  # workers may connect now; they are answered once the imports are done
    parent = os.getppid()
    for name in KERNEL_MODULES:
        importlib.import_module(name)
    exec(preload, {})  # noqa: S102 (our own import list, not user input)
    gc.collect()
    gc.freeze()  # keep the collector off the template's objects, so forks share their pages
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # exited kernels are reaped at once
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    pending: dict[socket.socket, bytes] = {}
    while os.getppid() == parent:
        for key, _ in selector.select(timeout=1.0):
            if key.fileobj is listener:
                conn, _ = listener.accept()
                selector.register(conn, selectors.EVENT_READ)
                pending[conn] = b""
                continue
            conn = key.fileobj  # type: ignore[assignment]
            data = conn.recv(1 << 16)
            if not data:
                selector.unregister(conn)
                conn.close()
                del pending[conn]
                continue
            pending[conn] += data
            while b"\n" in pending[conn]:
                line, pending[conn] = pending[conn].split(b"\n", 1)
                pid = os.fork()
                if pid == 0:
                    selector.close()
                    listener.close()
                    for other in pending:
                        other.close()
                    _kernel(json.loads(line))
                conn.sendall(b"%d\n" % pid)


def _kernel(request: dict[str, Any]) -> None:
    """In the forked child: become an ordinary kernel process, then run the kernel."""
    code = 0
    try:
        _watch(os.getppid(), int(request["env"].get("JPY_PARENT_PID") or 0))
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

        # A run's kernel keeps no IPython history: thousands of batch cells were written to the
        # user's one history.sqlite (76 MB here), by kernels locking it against each other. Nor
        # does it relay what C code writes straight to file descriptors 1 and 2 (two threads per
        # kernel): Python's own print and warnings still reach the notebook. Together about 8% of
        # a batch's CPU (benchmarks/batch.py).
        argv = [*request["argv"], "--HistoryManager.enabled=False", "--IPKernelApp.capture_fd_output=False"]
        sys.argv = [LAUNCHER, *argv]
        app = IPKernelApp.instance()
        app.initialize(argv)
        app.start()
    except BaseException:  # noqa: BLE001 (nothing to report to: the client sees a dead kernel)
        code = 1
    finally:
        os._exit(code)


def _watch(template: int, worker: int) -> None:
    """End this kernel within a second of its template or the worker that asked for it: a
    worker that exits (or is killed) must not leave kernels behind."""
    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True

    def watch() -> None:
        while os.getppid() == template and (not worker or alive(worker)):
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="playbook-kernel-watch", daemon=True).start()


if __name__ == "__main__":
    _serve(sys.argv[1], sys.argv[2])
