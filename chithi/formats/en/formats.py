# English UI keeps the Vietnamese date conventions: the documents it produces are Vietnamese.
from chithi.formats.vi.formats import *  # noqa: F401,F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
