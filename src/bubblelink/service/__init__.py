"""The service layer: one function per question, ``(store, params) -> typed result``.

The CLI, the API, the HTML report and the dashboard call only these functions; they
parse, call, and render. This is the only place where the store, frames, analytics and
configuration files meet (see the README's "Architecture" section).
"""
