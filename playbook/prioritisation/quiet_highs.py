"""A HiGHS instance without HiGHS's banner.

The first `highspy.Highs()` of a process prints "Running HiGHS … Copyright …" straight to file
descriptor 1, before any option can turn it off; in JupyterLab that lands under a workshop cell
in front of the room. The first instance is therefore made with descriptor 1 pointed at
/dev/null for the moment it takes; later ones print nothing anyway."""
from __future__ import annotations

import os
import sys
import threading
from typing import Any

_lock = threading.Lock()
_banner_done = False


def new_highs() -> Any:
    """`highspy.Highs()` with output off, and no banner on the process's stdout."""
    global _banner_done
    import highspy

    with _lock:
        if _banner_done:
            highs = highspy.Highs()
        else:
            sys.stdout.flush()
            saved, null = os.dup(1), os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, 1)
                highs = highspy.Highs()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(null)
            _banner_done = True
    highs.setOptionValue("output_flag", False)
    return highs
