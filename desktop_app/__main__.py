import multiprocessing
import sys

# A frozen app starts its worker processes (core.parallel) by running itself again: this turns such a start
# into the worker instead of a second app. A no-op everywhere else.
multiprocessing.freeze_support()

try:
    from desktop_app.cli import main
except KeyboardInterrupt:
    # Ctrl+C while the program is still loading (its first ~0.3 s): the contract's one JSON document all the same,
    # written by hand — nothing of the app is loaded to write it (an outside audit saw a traceback and no JSON).
    sys.stdout.write('{"success": false, "error": {"code": "interrupted", "message": "Interrupted by the user."}}\n')
    raise SystemExit(130) from None

raise SystemExit(main())
