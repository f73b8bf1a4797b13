"""Background work for the window: one-off jobs on a thread pool and the long-lived sync poller."""
