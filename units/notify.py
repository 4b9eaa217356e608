"""Notices to people: once per (person, key) in the app, and by email only after the transaction commits."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from dataclasses import dataclass

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
    subject, body, html = _render(template, {**context, "url": url})
    Notification.objects.bulk_create(
        [Notification(user=u, key=key, subject=subject, body=body, url=url) for u in fresh], ignore_conflicts=True
    )
    recipients = [u.email for u in fresh if u.email]
    if recipients:
        files = attachments() if attachments else []
        transaction.on_commit(lambda: _send(subject, body, html, recipients, files))
    return fresh


@dataclass(frozen=True)
class Notice:
    """One notice for `notify_many`: the people it goes to, its key, its template context and link."""

    users: Sequence[User]
    key: str
    context: dict
    url: str = ""


def notify_many(notices: Iterable[Notice], *, template: str) -> int:
    """`notify` for many keys at once, in a number of queries that does not grow with them: one
    read of the (person, key) pairs already notified and one bulk insert of the new notices (on
    SQLite Django splits an insert past 999 parameters into batches). The templates are rendered
    once per notice, not per person; the emails go after commit over one mail connection, one
    message per recipient. Returns the number of notices created."""
    notices = [n for n in notices if n.users]
    if not notices:
        return 0
    keys = {n.key for n in notices}
    user_ids = {u.pk for n in notices for u in n.users}
    already = set(
        Notification.objects.filter(key__in=keys, user_id__in=user_ids).order_by().values_list("user_id", "key")
    )
    rows: list[Notification] = []
    mails: list[tuple[str, str, str, list[str], list]] = []
    for notice in notices:
        fresh = [u for pk, u in {u.pk: u for u in notice.users}.items() if (pk, notice.key) not in already]
        if not fresh:
            continue
        subject, body, html = _render(template, {**notice.context, "url": notice.url})
        rows += [Notification(user=u, key=notice.key, subject=subject, body=body, url=notice.url) for u in fresh]
        recipients = [u.email for u in fresh if u.email]
        if recipients:
            mails.append((subject, body, html, recipients, []))
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if mails:
        transaction.on_commit(lambda: _send_all(mails))
    return len(rows)


def _render(template: str, context: dict) -> tuple[str, str, str]:
    """Subject (one line), text and HTML of templates/emails/<template>*, in the office language,
    whatever language the acting user browses in."""
    context = {**context, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        body = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    return subject, body, html


def _send(subject: str, body: str, html: str, recipients: list[str], attachments: list) -> None:
    """One message per recipient, so nobody sees the others' addresses."""
    _send_all([(subject, body, html, recipients, attachments)])


def _send_all(mails: list[tuple[str, str, str, list[str], list]]) -> None:
    """Each (subject, text, HTML, recipients, attachments) as one message per recipient, all over
    one mail connection; a failure is logged and the other notices' messages still go."""
    connection = get_connection()
    try:
        connection.open()  # opened here, send_messages keeps it for every notice instead of one each
    except Exception:
        log.exception("the mail connection failed: %d notice(s) not emailed", len(mails))
        return
    try:
        for subject, body, html, recipients, attachments in mails:
            messages = []
            for address in recipients:
                message = EmailMultiAlternatives(
                    subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection
                )
                message.attach_alternative(html, "text/html")
                for name, content, mime in attachments:
                    message.attach(name, content, mime)
                messages.append(message)
            try:
                connection.send_messages(messages)
            except Exception:  # the notice is recorded in the app; a mail server hiccup must not undo it
                log.exception("sending %d email(s) failed: %s", len(messages), subject)
                with suppress(Exception):
                    connection.close()  # a broken connection is opened afresh for the next notice
    finally:
        with suppress(Exception):
            connection.close()
