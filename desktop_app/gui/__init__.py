"""The PySide6 window. It displays and triggers; every piece of work happens in ``desktop_app.core``."""
