"""Descarga Masiva SAT: a desktop app that downloads every CFDI of a Mexican taxpayer from SAT."""

__version__ = "0.1.0"
