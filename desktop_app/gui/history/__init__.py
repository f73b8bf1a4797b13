"""Solicitudes: the live request history, its detail panel and the manual request dialog."""
