"""Fixtures the benefits tests share: the acme-logistics review, assessed once per module."""
from __future__ import annotations

import pytest

from playbook.benefits.realisation import Review
from tests.benefits.helpers import review_of


@pytest.fixture(scope="module")
def acme() -> Review:
    return review_of("acme-logistics")
