"""Kernels started ahead of time, one per run.

A fresh kernel per notebook run keeps clients isolated (no pandas options, altair renderer,
working directory, random state or module cache crosses over). Starting one costs about a
second, most of it the imports every notebook needs, so each worker starts its next kernel,
and imports those modules in it, while the current run executes. The kernel is then used for
exactly one run and shut down in the background, so a slow shutdown never holds up the batch.
"""
from __future__ import annotations

import subprocess
import threading
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

    def __init__(self, preload: str = PRELOAD, timeout: float = 120):
        self._km: Any = None
        self._error: BaseException | None = None
        self._preload, self._timeout = preload, timeout
        self._thread = threading.Thread(target=self._start, name="warm-kernel", daemon=True)
        self._thread.start()

    def _start(self) -> None:
        from jupyter_client.manager import KernelManager

        try:
            km = KernelManager(kernel_name="python3")
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


def warm_up() -> None:
    """Worker initializer: start this worker's first kernel before any job arrives."""
    global _next
    if _next is None:
        _next = WarmKernel()


def take_and_replace() -> Any:
    """This run's kernel; the worker's next one starts at once, while this run executes."""
    global _next
    current = _next or WarmKernel()
    _next = WarmKernel()
    return current.take()
