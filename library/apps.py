from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    """What every app uses and that knows nothing of the organisation (docs/architecture.md §1): the
    calendar, Word documents and their letterhead, spreadsheets, PDF conversion, numbers and dates
    typed the Vietnamese way, paging, charts, text folding, the template filters, the commands'
    base. No models; it imports no other app of the project."""

    name = "library"
    verbose_name = _("Thư viện dùng chung")
