"""Tests of the SAT simulator (desktop_app.sandbox)."""
