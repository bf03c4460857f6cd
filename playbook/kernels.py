"""Kernels started ahead of time, one per run.

A fresh kernel per notebook run keeps clients isolated (no pandas options, altair renderer,
working directory, random state or module cache crosses over). Starting one the usual way
costs about a second and a half, most of it the imports every notebook needs. A batch worker
therefore forks each kernel from a template process that has those imports done
(`kernel_fork`), and starts its next kernel while the current run executes. The kernel is
used for exactly one run and shut down in the background, so a slow shutdown never holds up
the batch.
"""
from __future__ import annotations

import atexit
import subprocess
import sys
import threading
import uuid
from typing import Any

# What report runs import: third-party libraries and every playbook module except the
# coordinator's own (CLI, batch, run, export) and the live-workshop forms, which only
# JupyterLab sessions use (ipywidgets is not imported in report runs).
PRELOAD = """
import importlib, pkgutil, pandas, numpy, altair, playbook
for _m in pkgutil.iter_modules(playbook.__path__):
    if _m.name not in {"cli", "batch", "run", "kernels", "portal", "export"} and "workshop" not in _m.name:
        importlib.import_module("playbook." + _m.name)
del _m
"""


class WarmKernel:
    """A kernel being started in a background thread, for one run only."""

    def __init__(self, preload: str = PRELOAD, timeout: float = 120, forked: bool = False):
        self._km: Any = None
        self._error: BaseException | None = None
        self._preload, self._timeout, self._forked = preload, timeout, forked
        self._thread = threading.Thread(target=self._start, name="warm-kernel", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        from jupyter_client.manager import KernelManager

        try:
            km = KernelManager(kernel_name="python3", kernel_id=str(uuid.uuid4()))
            if self._forked:
                from playbook.kernel_fork import ForkProvisioner

                km.provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
                km.provisioner.template = template(self._preload)
            km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            kc = km.client()
            kc.start_channels()
            try:
                kc.wait_for_ready(timeout=self._timeout)
                kc.execute_interactive(self._preload, store_history=False, timeout=self._timeout,
                                       output_hook=lambda msg: None)
            finally:
                kc.stop_channels()
            # nbclient drives kernels asynchronously; with a blocking client its cell timeouts
            # never fire, so a hung cell would hang the run.
            km.client_class = "jupyter_client.asynchronous.AsyncKernelClient"
            self._km = km
        except BaseException as exc:  # reported when taken; the run then starts its own kernel
            self._error = exc

    def take(self) -> Any:
        """The started kernel manager, or None if starting it failed."""
        self._thread.join(self._timeout)
        return self._km if self._thread and not self._thread.is_alive() else None


def shutdown_later(km: Any) -> None:
    """Kill a used kernel without waiting on it (some shutdowns stall for seconds)."""
    if km is None:
        return

    def stop() -> None:
        try:
            km.shutdown_kernel(now=True)
        except Exception:
            pass  # the kernel is already gone: nothing left to clean up

    threading.Thread(target=stop, name="kernel-shutdown", daemon=True).start()


_next: WarmKernel | None = None
_template: Any = None  # None: not started yet; False: cannot start here
_template_lock = threading.Lock()


def template(preload: str = PRELOAD) -> Any:
    """This worker's kernel template, started on first use and again if it died; None
    (plain kernel starts) if it cannot start."""
    global _template
    from playbook.kernel_fork import Template

    with _template_lock:
        if _template is not False and (_template is None or not _template.alive()):
            try:
                _template = Template(preload)
                atexit.register(_template.close)
            except (OSError, RuntimeError) as exc:
                print(f"playbook: kernels start the usual way ({exc})", file=sys.stderr)
                _template = False
        return _template or None


def warm_up() -> None:
    """Worker initializer: start this worker's first kernel before any job arrives."""
    global _next
    if _next is None:
        _next = WarmKernel(forked=True)


def take_and_replace() -> Any:
    """This run's kernel; the worker's next one starts at once, while this run executes."""
    global _next
    current = _next or WarmKernel(forked=True)
    _next = WarmKernel(forked=True)
    return current.take()
