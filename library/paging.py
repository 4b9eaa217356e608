"""Counting that stays flat in the size of the data (docs/architecture.md §11): a list never counts
past COUNT_LIMIT rows — "hơn 10.000" is all a reader needs to know that it should filter — and
the menu's badges stop at a hundred ("99+")."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_LIMIT = 10_000
PER_PAGE = 50


def capped_count(rows, limit: int) -> int:
    """How many rows, counting no further than `limit + 1`: the database stops after that many
    (SELECT COUNT(*) FROM (… LIMIT limit + 1)), so the count costs the same on a million rows."""
    if isinstance(rows, QuerySet):
        if rows.query.combinator:  # a UNION: its parts have no ordering to drop
            return rows[: limit + 1].count()
        return rows.order_by()[: limit + 1].count()
    return min(len(rows), limit + 1)


class CappedPaginator(Paginator):
    """A Paginator that counts at most COUNT_LIMIT rows. Past that `capped` is true, the count
    says COUNT_LIMIT and the pages stop there (a reader past page 200 filters instead)."""

    def __init__(self, object_list, per_page: int = PER_PAGE, limit: int = COUNT_LIMIT, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def _counted(self) -> int:
        return capped_count(self.object_list, self.limit)

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @property
    def capped(self) -> bool:
        return self._counted > self.limit
