"""Notices to people: once per (person, key) in the app, and by email only after the transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Membership, Notification, Unit, User

log = logging.getLogger(__name__)


def unit_people(unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """Active members of each unit, in one query."""
    people: dict[int, list[User]] = {}
    for membership in Membership.objects.active().filter(unit_id__in=list(unit_ids)).select_related("user"):
        people.setdefault(membership.unit_id, []).append(membership.user)
    return people


def special_unit_people(role: str) -> list[User]:
    """Active members of the Office or of Organization–Home Affairs."""
    unit = Unit.objects.filter(special_role=role).first()
    return unit_people([unit.pk]).get(unit.pk, []) if unit else []


def notify(
    *,
    users: Iterable[User],
    key: str,
    template: str,
    context: dict,
    url: str = "",
    attachments: Callable[[], list] | None = None,
) -> list[User]:
    """Give each user one in-app notice for `key` and queue one email (after commit) to those
    newly notified. `template` names templates/emails/<template>_subject.txt, .txt and .html;
    `attachments()` gives (file name, content, MIME type) tuples, made only if an email goes out."""
    users = {u.pk: u for u in users}
    if not users:
        return []
    already = set(Notification.objects.filter(key=key, user_id__in=users).values_list("user_id", flat=True))
    fresh = [u for pk, u in users.items() if pk not in already]
    context = {**context, "url": url, "site_url": settings.SITE_URL}
    # Notices are in the office language, whatever language the acting user browses in.
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    Notification.objects.bulk_create(
        [Notification(user=u, key=key, subject=subject, body=body, url=url) for u in fresh], ignore_conflicts=True
    )
    recipients = [u.email for u in fresh if u.email]
    if recipients:
        files = attachments() if attachments else []
        transaction.on_commit(lambda: _send(subject, body, html, recipients, files))
    return fresh


def _send(subject: str, body: str, html: str, recipients: list[str], attachments: list) -> None:
    """One message per recipient, so nobody sees the others' addresses."""
    connection = get_connection()
    messages = []
    for address in recipients:
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection)
        message.attach_alternative(html, "text/html")
        for name, content, mime in attachments:
            message.attach(name, content, mime)
        messages.append(message)
    try:
        connection.send_messages(messages)
    except Exception:  # the notice is recorded in the app; a mail server hiccup must not undo it
        log.exception("sending %d email(s) failed: %s", len(messages), subject)
