"""Where other features plug into a meeting's life cycle, so meetings/ never imports them.

Opinions, consensus and the speakers list build on meetings; the meeting still has to ask
them a few things (may it close? what does its page show?) and tell them when its status
changes. Each feature registers a function here when it is imported; meetings/services.py
and meetings/views.py call whatever is registered, in registration order.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from meetings.models import Invitation, Meeting, MeetingStatus

ClosingCheck = Callable[["Meeting"], list[str]]
StatusListener = Callable[["Meeting", "MeetingStatus"], object]
PageSection = Callable[["Meeting"], dict[str, Any]]
RemovalCheck = Callable[["Invitation"], list[str]]

_closing_checks: list[ClosingCheck] = []
_status_listeners: list[StatusListener] = []
_page_sections: list[PageSection] = []
_removal_checks: list[RemovalCheck] = []


def _register(registry: list, fn: Callable) -> Callable:
    if fn not in registry:  # a module imported twice (tests reload apps) registers once
        registry.append(fn)
    return fn


def before_closing(fn: ClosingCheck) -> ClosingCheck:
    """Register fn(meeting) -> the reasons (translated) the meeting cannot be closed yet."""
    return _register(_closing_checks, fn)


def on_status_change(fn: StatusListener) -> StatusListener:
    """Register fn(meeting, new_status), called after the status is set, before the flush."""
    return _register(_status_listeners, fn)


def meeting_page_section(fn: PageSection) -> PageSection:
    """Register fn(meeting) -> a dict merged into the meeting page's template context."""
    return _register(_page_sections, fn)


def before_uninviting(fn: RemovalCheck) -> RemovalCheck:
    """Register fn(invitation) -> the reasons (translated) it cannot be removed."""
    return _register(_removal_checks, fn)


def closing_blockers(meeting: "Meeting") -> list[str]:
    return [reason for check in _closing_checks for reason in check(meeting)]


def status_changed(meeting: "Meeting", new_status: "MeetingStatus") -> None:
    for listener in _status_listeners:
        listener(meeting, new_status)


def page_sections(meeting: "Meeting") -> dict[str, Any]:
    context: dict[str, Any] = {}
    for section in _page_sections:
        context.update(section(meeting))
    return context


def removal_blockers(invitation: "Invitation") -> list[str]:
    return [reason for check in _removal_checks for reason in check(invitation)]
