"""Casustafel: encrypted case records for municipal case tables (casustafels)."""

__version__ = "0.1.0"
