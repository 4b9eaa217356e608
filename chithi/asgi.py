"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chithi.settings")
application = get_asgi_application()

# Import every view, form and serializer now, outside any request: a queryset built at import
# inside the first request would keep that request's authority (units.acting; docs §17).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
