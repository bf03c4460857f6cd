"""PMO Playbook: the fractional PMO/CMO engagement lifecycle as code."""
from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("playbook")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

from playbook.errors import PlaybookError  # noqa: E402  (public root of the exception tree)

__all__ = ["PlaybookError", "__version__"]
