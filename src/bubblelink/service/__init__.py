"""The service layer: one function per question, ``(store, params) -> typed result``.

The CLI, the API, the HTML report and the dashboard call only these functions; they
parse, call, and render. This is the only place where the store, frames, analytics and
configuration files meet (see the README's "Architecture" section). The package itself
is light (importing it loads no data stack); each question's module is imported when
used.
"""

from bubblelink.analytics._blas import one_blas_thread_for_the_process

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
)

__all__ = ["QUESTION_MODULES", "one_blas_thread_for_the_process"]
