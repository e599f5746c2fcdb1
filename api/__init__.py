"""Interfaces to the engine: the ``roster`` command line (``api.cli``)."""
