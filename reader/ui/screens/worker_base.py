"""What every worker of the main screen shares: the `worker` decorator that starts a method as
a Textual worker of the screen, and `WorkerBase`, the screen and the service they work for.

The workers themselves are mixed into `Workers` (data.py): search_indexer.py, refresh_worker.py,
article_worker.py and data.py's own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial, wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from textual.worker import Worker

if TYPE_CHECKING:
    from textual.screen import Screen

    from reader.core.service import Service

P = ParamSpec("P")
W = TypeVar("W", bound="WorkerBase")


def worker(
    *, group: str, name: str, exclusive: bool = False, thread: bool = True
) -> Callable[[Callable[Concatenate[W, P], Any]], Callable[Concatenate[W, P], Worker[Any]]]:
    """`textual.work` for the methods of `Workers`: each call starts a worker of the screen
    that never takes the app down with it (`Workers.ended` reports its error)."""

    def decorator(
        method: Callable[Concatenate[W, P], Any],
    ) -> Callable[Concatenate[W, P], Worker[Any]]:
        @wraps(method)
        def start(self: W, /, *args: P.args, **kwargs: P.kwargs) -> Worker[Any]:
            work = partial(method, self, *args, **kwargs)
            return self.node.run_worker(
                work,
                name=name,
                group=group,
                exclusive=exclusive,
                thread=thread,
                exit_on_error=False,
            )

        return start

    return decorator


class WorkerBase:
    """The screen the workers run on and the service they call."""

    def __init__(self, node: Screen[Any], service: Service) -> None:
        self.node = node
        self.service = service

    def back(self, then: Callable[..., object], *args: object) -> None:
        """Call `then(*args)` on the app's thread (from a thread worker)."""
        self.node.app.call_from_thread(then, *args)

    def notify(self, message: str, **options: Any) -> None:
        """Notifications quote feed titles, paths and error text: data, never markup."""
        self.node.notify(message, markup=False, **options)

    def refreshing(self) -> bool:
        """A refresh is running (its writes hold Storage's lock now and then)."""
        return any(w.group == "refresh" and not w.is_finished for w in self.node.workers)
