"""The menu's "Chờ quyết định" count: the real number of items waiting for this user (reports.queue)."""

from . import queue


def decision_queue(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not queue.has_queue(user):
        return {}
    # Lazy: counted once, when the menu is drawn.
    return {"queue_count": lambda: queue.queue_count(user), "has_queue": True}
