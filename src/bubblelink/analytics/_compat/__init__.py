"""Optional accelerators behind one switch (see :mod:`bubblelink.analytics._compat.numba`)."""
