"""The chart specs of a rendered deliverable, as the page unpacks them (gzip in base64)."""
from __future__ import annotations

import json
import re

from playbook.report.vega_bundle import unpack

PACKED = re.compile(r'<script type="application/gzip-base64" class="pb-spec">(.*?)</script>', re.S)


def chart_specs(page: str) -> list[dict]:
    """Every figure's Vega-Lite spec, in page order."""
    return [json.loads(unpack(p)) for p in PACKED.findall(page)]
