"""Build altair's schema-to-class table once per session instead of once per encoding.

altair (through 6.x) turns every string or dict encoding (``x="year:O"``, ``alt.value(0)``,
a tooltip list) into a channel object with ``SchemaBase.from_dict``, and each such call
builds a fresh ``_FromDict``, whose constructor serialises and hashes the JSON schema of
every wrapper class, about 600 of them. That is 5 ms per encoding and most of the time a
chapter spends building its charts. Upstream's fix (vega/altair pull request 3547, "Lazy
schema validation") is not released, so :func:`install` keeps the table the constructor
computes, keyed by the exact tuple of wrapper classes, and reuses it. The table is a pure
function of that tuple, so chart specifications are unchanged; a test compares them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from altair.utils import schemapi

_ORIGINAL_INIT = schemapi._FromDict.__init__
_TABLES: dict[tuple[type, ...], Any] = {}


def _cached_init(self: Any, wrapper_classes: Iterable[type], /) -> None:
    classes = tuple(wrapper_classes)
    table = _TABLES.get(classes)
    if table is None:
        _ORIGINAL_INIT(self, classes)
        _TABLES[classes] = self.class_dict
    else:
        self.class_dict = table


def install() -> None:
    """Make altair's ``_FromDict`` reuse its schema table (idempotent)."""
    schemapi._FromDict.__init__ = _cached_init  # type: ignore[method-assign]


def uninstall() -> None:
    """Restore altair's own constructor (for the test that compares the two)."""
    schemapi._FromDict.__init__ = _ORIGINAL_INIT  # type: ignore[method-assign]
    _TABLES.clear()


def installed() -> bool:
    """True when :func:`install` is in effect."""
    return schemapi._FromDict.__init__ is _cached_init
