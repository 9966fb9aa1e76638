"""The page's caps: a clear message instead of a hang or an unreadable picture."""

from __future__ import annotations

MAX_VALUES = 200
"""Values the graph lab draws and steps through (a picture any bigger is unreadable, and slow to lay out)."""

MAX_WALK = 100_000
"""Values looked at when counting or freeing a typed graph; past this the code is refused outright."""

CODE_SECONDS = 5.0
"""Wall-clock time typed code may run before it is stopped."""

MAX_CODE_CHARS = 20_000
MAX_PRINTED = 4_000
"""Characters of typed code accepted, and of its printed output shown."""

MAX_WORK = 80_000
"""Parameters × training points one live training step may touch (MLP(2, [16, 16, 1]) on 100 points is 33,700)."""

MAX_LAYERS, MAX_WIDTH = 6, 32
MIN_POINTS, MAX_POINTS = 4, 500
MAX_EPOCHS_PER_CALL = 200


class LimitError(ValueError):
    """A request over one of the page's caps; the message says which and what to do."""
