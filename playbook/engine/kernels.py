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

import asyncio
import atexit
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
import weakref
from queue import Empty
from typing import Any

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.provisioning import LocalProvisioner

from playbook.engine.kernel_template import LAUNCHER, PRELOAD, TEMPLATE_PRELOAD, Template, TemplateProcess


class ReadyClient(AsyncKernelClient):
    """An async kernel client that sees a ready kernel within milliseconds.

    jupyter_client's own `wait_for_ready` waits 0.2 s on IOPub after the kernel answers, and
    again 0.2 s whenever IOPub's subscription was a moment late: up to 0.4 s of idle per run,
    a third of a forked kernel's whole run. This one asks again every 0.1 s and settles IOPub
    in 10 ms. nbclient needs an async client: with a blocking one, cell timeouts never fire.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=0.1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                try:
                    await self.iopub_channel.get_msg(timeout=0.05)  # IOPub is connected too
                except Empty:
                    pass
                else:
                    self._handle_kernel_info_reply(reply)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while True:  # drop the status messages of those requests
            try:
                await self.iopub_channel.get_msg(timeout=0.01)
            except Empty:
                break

    def start_channels(self, *args: Any, **kwargs: Any) -> None:
        super().start_channels(*args, **kwargs)
        _open_clients.add(self)


# Clients with channels open, so that `shutdown_later` can close them. nbclient stops its client's
# channels only for a kernel it started itself; for the one a run is handed, it never did: each
# run left a heartbeat thread pinging a dead kernel and a dozen file descriptors in the worker,
# so that after 250 runs a worker held 500 threads and 2,500 descriptors, and each run took 70%
# longer than the first ones.
_open_clients: "weakref.WeakSet[ReadyClient]" = weakref.WeakSet()


def _close_clients(km: Any) -> None:
    for kc in [c for c in list(_open_clients) if c.parent is km]:
        _open_clients.discard(kc)
        try:
            kc.stop_channels()
        except Exception:
            pass  # a channel already closed: nothing left to release


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
    """Launches an ipykernel by forking a template (kernel_fork) instead of starting Python."""

    template: Template | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
        if self.template is None or LAUNCHER not in cmd:
            return await super().launch_kernel(cmd, **kwargs)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's launcher sets it: the kernel watches us
        pid = self.template.fork(cmd[cmd.index(LAUNCHER) + 1:], env, cwd)
        self.process = Forked(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


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
            km.client_class = f"{__name__}.ReadyClient"
            forks = template() if self._forked else None
            if forks is not None:
                km.provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
                km.provisioner.template = forks
            try:
                km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except (OSError, RuntimeError):
                if forks is not None:
                    _give_up_forking()
                raise
            asyncio.run(self._ready(km, None if forks is not None else self._preload))
            self._km = km
        except BaseException as exc:  # reported by take(); the run then starts its own kernel
            self._error = exc

    async def _ready(self, km: Any, preload: str | None) -> None:
        """Wait until the kernel answers; import what the notebooks need unless forked."""
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=self._timeout)
            if preload:
                await kc.execute_interactive(preload, store_history=False, timeout=self._timeout,
                                             output_hook=lambda msg: None)
        finally:
            kc.stop_channels()

    def take(self) -> Any:
        """The started kernel manager, or None if starting it failed (said on stderr: the run
        then starts a kernel the usual way)."""
        self._thread.join(self._timeout)
        if self._thread.is_alive() or self._km is None:
            reason = self._error or f"not ready after {self._timeout:.0f} s"
            print(f"playbook: a prestarted kernel failed ({reason}); starting one the usual way", file=sys.stderr)
            return None
        return self._km


def shutdown_later(km: Any) -> None:
    """Kill a used kernel and close the channels of every client of it (the run's own among
    them) without waiting on either: some shutdowns stall for seconds, and closing a heartbeat
    channel waits for its thread."""
    if km is None:
        return

    def stop() -> None:
        _close_clients(km)
        try:
            km.shutdown_kernel(now=True)
        except Exception:
            pass  # the kernel is already gone: nothing left to clean up

    threading.Thread(target=stop, name="kernel-shutdown", daemon=True).start()


_next: WarmKernel | None = None
_address: str | None = None  # a template shared by this machine's workers, when given one
_template: Template | None | bool = None  # None: not connected yet; False: cannot fork here
_template_lock = threading.Lock()


def template() -> Template | None:
    """This worker's kernel template: the shared one, else its own, started on first use and
    again if it died; None (kernels start the usual way) if there can be none."""
    global _template
    with _template_lock:
        if _template is not False and (_template is None or not _template.alive()):
            try:
                if _address is not None:
                    _template = Template(_address)
                else:
                    owned = TemplateProcess(TEMPLATE_PRELOAD)
                    _template = Template(owned.address, owned)
                    atexit.register(_template.close)
            except OSError as exc:
                print(f"playbook: kernels start the usual way ({exc})", file=sys.stderr)
                _template = False
        return _template or None


def _give_up_forking() -> None:
    """A template that cannot fork will not start to: later kernels start the usual way at once."""
    global _template
    with _template_lock:
        _template = False


def warm_up(address: str | None = None) -> None:
    """Worker initializer: note the shared template, start the first kernel before any job."""
    global _next, _address
    _address = address
    if _next is None:
        _next = WarmKernel(forked=True)


def take_and_replace() -> Any:
    """This run's kernel; the worker's next one starts at once, while this run executes."""
    global _next
    current = _next or WarmKernel(forked=True)
    _next = WarmKernel(forked=True)
    return current.take()
