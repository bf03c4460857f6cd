"""PMO Playbook: the fractional PMO/CMO engagement lifecycle as code."""
import sys as _sys
from importlib.metadata import PackageNotFoundError, version as _version


class _SkipIriGrammar:
    """jsonschema (under altair) imports rfc3987_syntax when it is installed (JupyterLab's
    jupyter-events brings it), and that module compiles a grammar at import: 0.5–1 s of CPU in
    every fresh kernel, for the "iri" format check, which nothing here uses. Only that one
    import, from jsonschema's format module, is refused; any other import of it works."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "rfc3987_syntax":
            return None
        frame = _sys._getframe(1)
        while frame is not None:
            if frame.f_globals.get("__name__") == "jsonschema._format":
                raise ModuleNotFoundError("skipped: jsonschema's iri format check", name=name)
            frame = frame.f_back
        return None


if "jsonschema._format" not in _sys.modules:
    _sys.meta_path.insert(0, _SkipIriGrammar)

try:
    __version__ = _version("playbook")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

from playbook.errors import PlaybookError  # noqa: E402  (public root of the exception tree)

__all__ = ["PlaybookError", "__version__"]
