import multiprocessing

# A frozen app starts its worker processes (core.parallel) by running itself again: this turns such a start
# into the worker instead of a second app. A no-op everywhere else.
multiprocessing.freeze_support()

from desktop_app.cli import main  # noqa: E402

raise SystemExit(main())
