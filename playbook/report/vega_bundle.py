"""One inlined copy of vega, vega-lite and vega-embed per page, built by vl-convert.

Building the bundle takes seconds, so it is cached on disk keyed by vl-convert's version.
It is wrapped in a guard and a function scope: loading it twice (a re-run cell in JupyterLab)
must neither redeclare its top-level names nor replace a working vegaEmbed.
"""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from playbook.intake.atomic import atomic_write


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "playbook"


@lru_cache(maxsize=1)
def bundle_js() -> str:
    import vl_convert as vlc

    key = f"vega-bundle-{vlc.__version__ if hasattr(vlc, '__version__') else vlc.get_vega_embed_version()}"
    path = _cache_dir() / f"{key}-{vlc.get_vega_version()}-{vlc.get_vega_embed_version()}.js"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    js = "if(!window.vegaEmbed){(function(){\n" + vlc.javascript_bundle() + "\n})();}\n"
    js = js.replace("</script", "<\\/script")
    try:
        atomic_write(path, js)
    except OSError:
        pass  # a read-only home still renders, just without the cache
    return js


def bundle_script() -> str:
    return f"<script>{bundle_js()}</script>"
