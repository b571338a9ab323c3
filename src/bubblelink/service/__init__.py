"""The service layer: one function per question, ``(store, params) -> typed result``.

The CLI, the API, the HTML report and the dashboard call only these functions; they
parse, call, and render. This is the only place where the store, frames, analytics and
configuration files meet (see the README's "Architecture" section). The package itself
is light (importing it loads no data stack); each question's module is imported when
used.
"""

from bubblelink.analytics._blas import one_blas_thread_for_the_process
from bubblelink.config import file_stamp, home_dir

#: The modules of the questions, in the order a server warms them up.
QUESTION_MODULES: tuple[str, ...] = (
    "bubblelink.service.linkage",
    "bubblelink.service.transmission",
    "bubblelink.service.events",
    "bubblelink.service.liquidity",
    "bubblelink.service.risk",
    "bubblelink.service.scenarios",
    "bubblelink.service.claims",
    "bubblelink.service.store",
    "bubblelink.service.summary",
    "bubblelink.service.flows",
    "bubblelink.service.market_structure",
)


def user_files_token() -> str:
    """Changes when a user file an answer may read changes ($BUBBLELINK_HOME/events.yaml).

    Result caches key on it beside the store's state token, so an ``events fetch`` while a
    server runs is seen by the next request (the shipped files change only with the
    installed package).
    """
    path = home_dir() / "events.yaml"
    return f"{path}:{file_stamp(path) or 'none'}"


__all__ = ["QUESTION_MODULES", "one_blas_thread_for_the_process", "user_files_token"]
