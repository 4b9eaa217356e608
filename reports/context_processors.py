"""The menu's "Chờ quyết định" count: the real number of items waiting for this user (reports.queue)."""

from . import queue


def decision_queue(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not queue.has_queue(user):
        return {}

    # Lazy: counted when the menu is drawn, unless the queue page has counted already.
    def count() -> int:
        counted = getattr(request, "queue_count", None)
        return queue.queue_count(user) if counted is None else counted

    return {"queue_count": count, "has_queue": True}
