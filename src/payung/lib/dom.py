"""Names of page elements that travel in requests (a picker's target field, an htmx target).

Such a value is checked against one strict pattern before anything uses it; anything else is a bad
request, never echoed into the page.
"""

from __future__ import annotations

import re

DOM_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


def is_dom_name(value: str) -> bool:
    return DOM_NAME.fullmatch(value) is not None
