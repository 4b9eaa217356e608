"""The menu's "Chờ quyết định" count: how many items wait for this user (reports.queue), counted
no further than a hundred — past MENU_LIMIT the badge says "99+"."""

from . import queue


def decision_queue(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not queue.has_queue(user):
        return {}

    # Lazy: counted when the menu is drawn, unless the queue page has counted already (up to its
    # own, higher limit: anything past MENU_LIMIT is still "99+").
    def count() -> queue.QueueCount:
        counted = getattr(request, "queue_count", None)
        if counted is None:
            counted = queue.queue_count(user, limit=queue.MENU_LIMIT)
        return queue.QueueCount(min(counted, queue.MENU_LIMIT + 1), queue.MENU_LIMIT)

    return {"queue_count": count, "has_queue": True}
