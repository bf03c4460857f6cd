"""One inlined copy of vega, vega-lite and vega-embed per page, built by vl-convert.

Building the bundle takes seconds, so it is cached on disk keyed by vl-convert's version.
It is wrapped in a guard and a function scope: loading it twice (a re-run cell in JupyterLab)
must neither redeclare its top-level names nor replace a working vegaEmbed.

The pages carry it compressed (`loader_js`): gzip in base64, 0.41 MB instead of 0.90 MB,
unpacked in the page by the browser's own DecompressionStream (Chromium 80+, Firefox 113+,
Safari 16.4+), with no network. The loader sets `window.pbVega`, a promise of vegaEmbed that
the chart scripts wait on. Each chart's spec is packed the same way (a spec with one row per
item compresses about tenfold), so a page stays under 0.5 MB.
"""
from __future__ import annotations

import base64
import gzip
import os
from functools import lru_cache
from pathlib import Path

from playbook.intake.atomic import atomic_write

# window.pbUnpack: base64 of gzip → text, in the browser (also used for the charts' specs).
# window.pbVega: a promise of vegaEmbed, unpacked once per page (a second copy reuses the first).
_LOADER = """if(!window.pbVega){window.pbUnpack=function(b){b=atob(b);var u=new Uint8Array(b.length);
for(var i=0;i<b.length;i++){u[i]=b.charCodeAt(i);}
return new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream("gzip"))).text();};
window.pbVega=window.vegaEmbed?Promise.resolve(window.vegaEmbed):window.pbUnpack("%s").then(function(js){
var s=document.createElement("script");s.textContent=js;document.head.appendChild(s);return window.vegaEmbed;});}
"""


def pack(text: str) -> str:
    """gzip in base64, as pbUnpack reads it; gzip's mtime is fixed so the same text gives the same bytes."""
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


def unpack(packed: str) -> str:
    return gzip.decompress(base64.b64decode(packed)).decode("utf-8")


def cache_dir() -> Path:
    """Where the playbook keeps what it can rebuild (XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "playbook"


def _cached(suffix: str, build) -> str:
    import vl_convert as vlc

    key = f"vega-bundle-{vlc.__version__ if hasattr(vlc, '__version__') else vlc.get_vega_embed_version()}"
    path = cache_dir() / f"{key}-{vlc.get_vega_version()}-{vlc.get_vega_embed_version()}{suffix}"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    text = build()
    try:
        atomic_write(path, text)
    except OSError:
        pass  # a read-only home still renders, just without the cache
    return text


@lru_cache(maxsize=1)
def bundle_js() -> str:
    """The plain bundle: defines window.vegaEmbed synchronously."""
    import vl_convert as vlc

    def build() -> str:
        js = "if(!window.vegaEmbed){(function(){\n" + vlc.javascript_bundle() + "\n})();}\n"
        return js.replace("</script", "<\\/script")

    return _cached(".js", build)


@lru_cache(maxsize=1)
def loader_js() -> str:
    """The bundle gzipped in base64 with its unpacker: defines window.pbVega, a promise of
    vegaEmbed, and window.pbUnpack."""
    return _cached(".gz.js", lambda: _LOADER % pack(bundle_js()))


def bundle_script() -> str:
    """For a live notebook: the loader as one HTML output; charts shown after it wait on it."""
    return f"<script>{loader_js()}</script>"
