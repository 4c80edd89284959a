"""What waits for a person: the versions whose next approver they are (รออนุมัติ), and their unread notices.

A fixed number of queries whatever the number of organisations, versions or approvals."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest

from prongsai.web.organisations.models import Organisation
from prongsai.web.publication.models import ApprovalStep, DocumentVersion, Notification
from prongsai.web.publication.services import next_step


def awaiting_approval(user: Any, organisation: Organisation | None = None) -> list[DocumentVersion]:
    """The pending versions whose turn is `user`'s, oldest first (of one organisation when given)."""
    if not isinstance(user, User):
        return []
    mine = ApprovalStep.objects.filter(approver__user=user)
    if organisation is not None:
        mine = mine.filter(organisation=organisation)
    organisation_ids = set(mine.values_list("organisation_id", flat=True))
    if not organisation_ids:
        return []
    chains: dict[int, list[ApprovalStep]] = defaultdict(list)
    for step in ApprovalStep.objects.filter(organisation_id__in=organisation_ids).select_related("approver"):
        chains[step.organisation_id].append(step)  # ordered by the model: organisation, order
    versions = (
        DocumentVersion.objects.filter(organisation_id__in=organisation_ids, status=DocumentVersion.PENDING)
        .select_related("organisation")
        .prefetch_related("approvals")
        .order_by("submitted_at", "pk")
    )
    waiting = []
    for version in versions:
        turn = next_step(version, chains[version.organisation_id])
        if turn is not None and turn.approver.user_id == user.pk:
            waiting.append(version)
    return waiting


def unread_notifications(request: HttpRequest) -> dict[str, Callable[[], int]]:
    """Context processor: the number of the person's unread notices, for the navigation. A callable, so that
    only pages that show it (the logged-in ones) count them, in one query."""
    user = getattr(request, "user", None)

    def unread() -> int:
        if not isinstance(user, User):
            return 0
        return Notification.objects.filter(user=user, read=False).count()

    return {"unread_notifications": unread}
