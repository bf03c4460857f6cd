"""Where a local batch's worker processes come from.

Workers come from a fork server rather than a plain fork: a worker forked from a process that
already talked to a kernel (a test session, a notebook) inherits its ZeroMQ state and can hang.
The server imports what every worker needs once, before forking them.
"""
from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext

WORKER_MODULES = ["playbook.engine.run", "playbook.engine.kernels", "playbook.report.html_export", "papermill", "nbformat"]


def worker_context() -> BaseContext:
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(WORKER_MODULES)
    return ctx
